package io.brushguard.patterns.common;

import org.apache.flink.api.common.state.ValueState;

import java.io.IOException;

/**
 * Keeps one subject from raising an alert per event while the same episode goes on: the first
 * crossing of a threshold alerts, every further crossing within {@code quietPeriodMs} of the last
 * one only extends the episode.
 *
 * <p>An episode that starts weak and grows conclusive (more parcels, more shops, more refunds) is
 * allowed one more alert when its score first reaches {@link #CONCLUSIVE}: otherwise suppressing
 * the weak start would also swallow the evidence that matters.
 */
public final class Incident {

    /** A candidate at or above this score is conclusive on its own (see the alert gate). */
    public static final double CONCLUSIVE = 0.8;

    private Incident() {}

    /**
     * Records a threshold crossing at {@code ts}; returns true when it starts a new episode (the
     * caller alerts), false when it continues the current one.
     */
    public static boolean crossed(ValueState<Long> openUntil, long ts, long quietPeriodMs)
            throws IOException {
        Long until = openUntil.value();
        openUntil.update(ts + quietPeriodMs);
        return until == null || ts > until;
    }

    /**
     * Records a crossing with its score; returns true when it starts a new episode, or when the
     * open episode's score first reaches {@link #CONCLUSIVE}.
     */
    public static boolean crossedOrEscalated(
            ValueState<Long> openUntil,
            ValueState<Long> conclusiveUntil,
            long ts,
            long quietPeriodMs,
            double score)
            throws IOException {
        boolean newEpisode = crossed(openUntil, ts, quietPeriodMs);
        boolean escalated = score >= CONCLUSIVE && crossed(conclusiveUntil, ts, quietPeriodMs);
        return newEpisode || escalated;
    }
}
