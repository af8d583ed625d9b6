package io.brushguard.patterns.brushing;

import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.correlation.OrderContext;

import java.util.ArrayList;
import java.util.List;

/**
 * One order that met a detector's per-order condition, as its sliding window keeps it: when, which
 * order and buyer, a short detail (why it qualified, or the shared value) and, where the detector
 * needs it for evidence, the order's story as known at that moment. A Flink POJO.
 */
public class SignalRef {
    public long at;
    public String orderId;
    public String buyerId;
    public String detail;

    /** Whether the buyer's account was under 30 days old when ordering. */
    public boolean newAccount;

    /** The order's timeline when it qualified; null when the detector keeps none. */
    public List<TraceStep> steps;

    public SignalRef() {}

    public SignalRef(long at, String orderId, String buyerId, String detail) {
        this.at = at;
        this.orderId = orderId;
        this.buyerId = buyerId;
        this.detail = detail;
    }

    /** A signal carrying the order's full story so far (its correlated timeline). */
    public static SignalRef withStory(long at, OrderContext c, String buyerId, String detail) {
        SignalRef ref = new SignalRef(at, c.orderId, buyerId, detail);
        ref.steps = story(c);
        return ref;
    }

    static List<TraceStep> story(OrderContext c) {
        List<TraceStep> steps = new ArrayList<>();
        for (OrderContext.Step s : c.timeline()) {
            steps.add(new TraceStep(s.at(), s.stream(), s.what(), s.identifiers()));
        }
        return steps;
    }

    /**
     * Adds why this order counts (a fact) and its story (the timeline) to an alert, with the
     * personal identifiers the story names. The detail names none: detectors that keep one write
     * only counts and reasons there.
     */
    void addTo(AlertBuilder alert) {
        if (detail != null) {
            alert.fact("order " + orderId, detail);
        }
        if (steps == null) {
            return;
        }
        for (TraceStep s : steps) {
            alert.timeline(s.at, s.stream, orderId, s.what, s.identifiers);
        }
    }
}
