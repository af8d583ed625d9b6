package io.brushguard.patterns.brushing;

import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.EventTimeOrderedFunction;
import io.brushguard.patterns.common.Incident;
import io.brushguard.patterns.common.PreFilter;
import io.brushguard.patterns.common.Timers;
import io.brushguard.patterns.common.WindowState;
import io.brushguard.patterns.correlation.EnrichedEvent;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The common shape of the "N suspicious orders within a window" brushing detectors: each enriched
 * event is tested on its own ({@link #qualify}); the orders that qualify are kept in a sliding
 * window (one list per key, evicted by event time, one entry per order); when the window crosses
 * the rule's threshold ({@link #crosses}) one alert is raised per episode. An episode that grows
 * from a weak signal into conclusive evidence ({@link #conclusive}) raises one more alert then, so
 * the escalation is not swallowed by the suppression of the weak episode.
 *
 * <p>Per event: one read and one write of the window, and only when an event qualifies, so the
 * honest bulk of traffic costs one filter call. The window holds only qualifying orders and at most
 * {@link #MAX_SIGNALS} of them (the newest), so a shop whose every order qualified for some honest
 * reason still has bounded state; counts beyond that are past any threshold anyway.
 */
abstract class OrderSignalWindowDetector
        extends EventTimeOrderedFunction<String, EnrichedEvent, RiskAlert>
        implements PreFilter<EnrichedEvent> {

    static final int MAX_SIGNALS = 200;

    private final long windowMs;
    private final long cleanupGranularityMs;
    private transient ValueState<List<SignalRef>> signals;
    private transient ValueState<Long> incidentUntil;
    private transient ValueState<Long> conclusiveUntil;

    protected OrderSignalWindowDetector(Duration window) {
        super(TypeInformation.of(EnrichedEvent.class));
        this.windowMs = window.toMillis();
        // Clean-up timers need not be exact: coalescing them bounds the timers per key.
        this.cleanupGranularityMs = Math.max(60_000L, windowMs / 168);
    }

    /** The order this event makes suspicious, or null when it does not qualify. */
    protected abstract SignalRef qualify(long ts, EnrichedEvent e);

    /** Whether the window (oldest first, non-empty) crosses the rule's threshold. */
    protected abstract boolean crosses(List<SignalRef> window);

    /** Whether the window is conclusive on its own (its alert scores 0.8 or more). */
    protected abstract boolean conclusive(List<SignalRef> window);

    /** The alert for a window that just crossed the threshold at {@code ts}. */
    protected abstract RiskAlert alert(String key, List<SignalRef> window, long ts, long now);

    @Override
    public boolean mayCount(EnrichedEvent e) {
        return qualify(e.eventTime(), e) != null;
    }

    @Override
    protected void openState() {
        signals =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "signals",
                                        new ListTypeInfo<>(TypeInformation.of(SignalRef.class))));
        incidentUntil =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("incident-until", Types.LONG));
        conclusiveUntil =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("conclusive-until", Types.LONG));
    }

    @Override
    protected long eventTime(EnrichedEvent value) {
        return value.eventTime();
    }

    @Override
    protected void onEvents(
            long ts, List<EnrichedEvent> events, Context ctx, Collector<RiskAlert> out)
            throws Exception {
        List<SignalRef> window = null;
        for (EnrichedEvent e : events) {
            SignalRef ref = qualify(ts, e);
            if (ref == null) {
                continue;
            }
            if (window == null) {
                window = signals.value();
                if (window == null) {
                    window = new ArrayList<>();
                }
            }
            if (!contains(window, ref.orderId)) {
                window.add(ref);
            }
        }
        if (window == null) {
            return;
        }
        window.removeIf(ref -> ref.at < ts - windowMs);
        while (window.size() > MAX_SIGNALS) {
            window.remove(0);
        }
        signals.update(window);
        ctx.timerService()
                .registerEventTimeTimer(Timers.coalesce(ts + windowMs + 1, cleanupGranularityMs));
        if (window.isEmpty() || !crosses(window)) {
            return;
        }
        boolean newEpisode = Incident.crossed(incidentUntil, ts, windowMs);
        boolean escalated = conclusive(window) && Incident.crossed(conclusiveUntil, ts, windowMs);
        if (newEpisode || escalated) {
            out.collect(
                    alert(
                            ctx.getCurrentKey(),
                            window,
                            ts,
                            ctx.timerService().currentProcessingTime()));
        }
    }

    private static boolean contains(List<SignalRef> window, String orderId) {
        if (orderId == null) {
            return false;
        }
        for (SignalRef ref : window) {
            if (orderId.equals(ref.orderId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void onTimerAfterEvents(long ts, OnTimerContext ctx, Collector<RiskAlert> out)
            throws Exception {
        if (!Timers.isCleanupTime(ts, cleanupGranularityMs)) {
            return;
        }
        if (WindowState.evict(signals, ref -> ref.at, ts, windowMs)) {
            // Each marker on its own: an escalation may outlive the first incident.
            WindowState.clearIfClosed(ts, incidentUntil);
            WindowState.clearIfClosed(ts, conclusiveUntil);
        }
    }

    static Set<String> buyers(List<SignalRef> window) {
        Set<String> buyers = new TreeSet<>();
        for (SignalRef ref : window) {
            if (ref.buyerId != null) {
                buyers.add(ref.buyerId);
            }
        }
        return buyers;
    }

    static List<String> orderIds(List<SignalRef> window) {
        List<String> ids = new ArrayList<>();
        for (SignalRef ref : window) {
            ids.add(ref.orderId);
        }
        return ids;
    }

    /**
     * A score that starts at {@code base} at the threshold and reaches {@code 0.8} (conclusive)
     * once the count is {@code conclusiveAt}; capped at 0.95, since no count alone is certain.
     */
    static double ramp(double base, int count, int threshold, int conclusiveAt) {
        if (count >= conclusiveAt) {
            return Math.min(0.95, 0.8 + 0.05 * (count - conclusiveAt));
        }
        double span = Math.max(1, conclusiveAt - threshold);
        return base + (0.79 - base) * (count - threshold) / span;
    }
}
