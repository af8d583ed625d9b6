package io.brushguard.patterns.parcel;

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

import java.util.ArrayList;
import java.util.List;

/**
 * The common shape of the shop-level parcel detectors, keyed by shop: each flagged parcel (one per
 * order) enters a sliding window; when the window holds at least {@code minParcels}, the shop gets
 * one alert per episode. State is the flagged parcels of the window only (honest shops keep none)
 * and the end of the open episode, both dropped by a coalesced clean-up timer once the window is
 * empty.
 */
abstract class ShopParcelWindowDetector
        extends EventTimeOrderedFunction<String, EnrichedEvent, RiskAlert>
        implements PreFilter<EnrichedEvent> {

    private static final long CLEANUP_GRANULARITY_MS = 3_600_000L;

    private final long windowMs;
    private final int minParcels;
    private transient ValueState<List<ParcelMark>> flagged;
    private transient ValueState<Long> incidentUntil;
    private transient ValueState<Long> conclusiveUntil;

    ShopParcelWindowDetector(long windowMs, int minParcels) {
        super(TypeInformation.of(EnrichedEvent.class));
        this.windowMs = windowMs;
        this.minParcels = minParcels;
    }

    /** Whether this event flags its parcel (the rule's per-parcel condition). */
    protected abstract boolean flags(EnrichedEvent e);

    /** The alert for a shop whose window crossed the threshold at {@code ts}. */
    protected abstract RiskAlert alert(String shopId, List<ParcelMark> marks, long ts, long now);

    @Override
    public boolean mayCount(EnrichedEvent e) {
        return flags(e);
    }

    @Override
    protected void openState() {
        flagged =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "flagged-parcels",
                                        new ListTypeInfo<>(TypeInformation.of(ParcelMark.class))));
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
        List<ParcelMark> marks = null;
        for (EnrichedEvent e : events) {
            if (!flags(e)) {
                continue;
            }
            if (marks == null) {
                marks = flagged.value();
                if (marks == null) {
                    marks = new ArrayList<>();
                }
            }
            String orderId = e.event.logistics.getOrderId();
            // One parcel per order: a repeated scan of the same parcel is not a second parcel.
            if (marks.stream().noneMatch(m -> m.orderId.equals(orderId))) {
                marks.add(ParcelMark.of(ts, orderId, e.event.logistics.getWaybillId(), e.context));
            }
        }
        if (marks == null) {
            return;
        }
        marks.removeIf(m -> m.at < ts - windowMs);
        flagged.update(marks);
        ctx.timerService()
                .registerEventTimeTimer(Timers.coalesce(ts + windowMs + 1, CLEANUP_GRANULARITY_MS));
        if (marks.size() >= minParcels) {
            RiskAlert candidate =
                    alert(
                            ctx.getCurrentKey(),
                            marks,
                            ts,
                            ctx.timerService().currentProcessingTime());
            if (Incident.crossedOrEscalated(
                    incidentUntil, conclusiveUntil, ts, windowMs, candidate.getScore())) {
                out.collect(candidate);
            }
        }
    }

    @Override
    protected void onTimerAfterEvents(long ts, OnTimerContext ctx, Collector<RiskAlert> out)
            throws Exception {
        if (!Timers.isCleanupTime(ts, CLEANUP_GRANULARITY_MS)) {
            // Not a clean-up timer (those are coalesced onto the grid) but an event's own.
            return;
        }
        if (WindowState.evict(flagged, m -> m.at, ts, windowMs)) {
            WindowState.clearIfClosed(ts, incidentUntil, conclusiveUntil);
        }
    }
}
