package io.brushguard.jobs.source;

import io.brushguard.avro.DeadLetter;

import org.apache.flink.util.OutputTag;

/** The dead-letter side output and its reason codes. */
public final class DeadLetters {

    /** The bytes could not be decoded or the event failed validation. */
    public static final String DECODE_ERROR = "DECODE_ERROR";

    /** The event arrived after the watermark had passed its event time. */
    public static final String LATE = "LATE";

    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

    private DeadLetters() {}
}
