package io.brushguard.jobs.source;

import io.brushguard.avro.DeadLetter;
import io.brushguard.patterns.model.PlatformEvent;

/**
 * What a source hands on: a decoded event or a dead letter, with where it came from (Kafka topic,
 * partition and offset; for files, the file name, 0 and the line number). A Flink POJO.
 */
public class SourceRecord {
    public String topic;
    public int partition;
    public long offset;
    public long recordTimestamp;
    public PlatformEvent event;
    public DeadLetter deadLetter;

    public SourceRecord() {}

    public static SourceRecord event(
            String topic, int partition, long offset, long recordTimestamp, PlatformEvent event) {
        SourceRecord r = new SourceRecord();
        r.topic = topic;
        r.partition = partition;
        r.offset = offset;
        r.recordTimestamp = recordTimestamp;
        r.event = event;
        return r;
    }

    public static SourceRecord deadLetter(DeadLetter deadLetter) {
        SourceRecord r = new SourceRecord();
        r.topic = deadLetter.getTopic();
        r.partition = deadLetter.getPartition();
        r.offset = deadLetter.getOffset();
        r.recordTimestamp = deadLetter.getRecordTimestamp();
        r.deadLetter = deadLetter;
        return r;
    }

    public boolean isDeadLetter() {
        return deadLetter != null;
    }

    @Override
    public String toString() {
        return topic
                + "/"
                + partition
                + "@"
                + offset
                + ": "
                + (deadLetter != null ? "DEAD " + deadLetter.getError() : event);
    }
}
