package io.brushguard.patterns.common;

import org.apache.flink.api.common.state.ValueState;

import java.io.IOException;

/**
 * Keeps one subject from raising an alert per event while the same episode goes on: the first
 * crossing of a threshold alerts, every further crossing within {@code quietPeriodMs} of the last
 * one only extends the episode.
 */
public final class Incident {

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
}
