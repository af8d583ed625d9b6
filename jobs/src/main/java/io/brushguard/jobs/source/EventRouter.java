package io.brushguard.jobs.source;

import io.brushguard.avro.DeadLetter;
import io.brushguard.jobs.sink.AvroBytes;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;

/**
 * Sends decoded, on-time events on to detection; dead letters and late events (event time at or
 * behind the watermark) to the {@link DeadLetters#TAG} side output, with their coordinates.
 *
 * <p>Counts are kept twice: as metrics ({@code brushguard.events.<stream>}, {@code
 * brushguard.deadLetters}, {@code brushguard.lateEvents}) for a running cluster, and as
 * accumulators of the same names for the summary of a finished run.
 */
public class EventRouter extends ProcessFunction<SourceRecord, PlatformEvent> {

    public static final String EVENTS_ACCUMULATOR_PREFIX = "brushguard.events.";
    public static final String DEAD_LETTERS_ACCUMULATOR = "brushguard.deadLetters";
    public static final String LATE_ACCUMULATOR = "brushguard.lateEvents";

    private transient Map<StreamType, Counter> eventCounters;
    private transient Map<StreamType, LongCounter> eventTotals;
    private transient Counter deadLetterCounter;
    private transient Counter lateCounter;
    private transient LongCounter deadLetterTotal;
    private transient LongCounter lateTotal;

    @Override
    public void open(OpenContext openContext) {
        var metrics = getRuntimeContext().getMetricGroup().addGroup("brushguard");
        eventCounters = new EnumMap<>(StreamType.class);
        eventTotals = new EnumMap<>(StreamType.class);
        for (StreamType stream : StreamType.values()) {
            eventCounters.put(stream, metrics.addGroup("events").counter(stream.defaultName()));
            eventTotals.put(
                    stream,
                    getRuntimeContext()
                            .getLongCounter(EVENTS_ACCUMULATOR_PREFIX + stream.defaultName()));
        }
        deadLetterCounter = metrics.counter("deadLetters");
        lateCounter = metrics.counter("lateEvents");
        deadLetterTotal = getRuntimeContext().getLongCounter(DEAD_LETTERS_ACCUMULATOR);
        lateTotal = getRuntimeContext().getLongCounter(LATE_ACCUMULATOR);
    }

    @Override
    public void processElement(SourceRecord record, Context ctx, Collector<PlatformEvent> out)
            throws IOException {
        if (record.deadLetter != null) {
            deadLetterCounter.inc();
            deadLetterTotal.add(1);
            ctx.output(DeadLetters.TAG, record.deadLetter);
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        long eventTime = record.event.eventTime();
        if (eventTime <= watermark) {
            lateCounter.inc();
            lateTotal.add(1);
            ctx.output(DeadLetters.TAG, late(record, eventTime, watermark));
            return;
        }
        StreamType stream = record.event.stream();
        eventCounters.get(stream).inc();
        eventTotals.get(stream).add(1);
        out.collect(record.event);
    }

    private static DeadLetter late(SourceRecord record, long eventTime, long watermark)
            throws IOException {
        return DeadLetter.newBuilder()
                .setTopic(record.topic)
                .setPartition(record.partition)
                .setOffset(record.offset)
                .setRecordTimestamp(record.recordTimestamp)
                .setReason(DeadLetters.LATE)
                .setError(
                        String.format(
                                "event_time %d is %d ms behind the watermark %d: raise the allowed"
                                        + " out-of-orderness or fix the producer's clock",
                                eventTime, watermark - eventTime, watermark))
                .setValue(ByteBuffer.wrap(AvroBytes.encode(record.event.record())))
                .build();
    }
}
