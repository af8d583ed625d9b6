package io.brushguard.jobs.source;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

import java.time.Duration;

/**
 * Event time for source records: the event's own time. Dead letters carry {@link Long#MIN_VALUE} so
 * that a corrupt record can never move the watermark.
 */
public final class EventTimeAssigner implements SerializableTimestampAssigner<SourceRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public long extractTimestamp(SourceRecord record, long recordTimestamp) {
        return record.event != null ? record.event.eventTime() : Long.MIN_VALUE;
    }

    /**
     * Bounded out-of-orderness per source split, with idleness so that one quiet topic or partition
     * does not hold detection back.
     */
    public static WatermarkStrategy<SourceRecord> strategy(
            Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<SourceRecord>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner(new EventTimeAssigner())
                .withIdleness(idleness);
    }
}
