package io.brushguard.patterns.parcel;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.EventTimeOrderedFunction;
import io.brushguard.patterns.common.Incident;
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
import java.util.TreeSet;

/**
 * Empty parcels by waybill reuse, keyed by waybill id ({@link #key}). Input: every scan, enriched
 * with its order's story. A waybill tracks one parcel; when it is scanned for several orders, the
 * tracking of all but one of them is borrowed from a parcel that never carried their goods (bought
 * from an empty-parcel service). Alerts (EMPTY_PARCEL, INFLATE) once per episode, with a strong
 * score; the subject is the shop of the orders when they all share one known shop, else the carrier
 * (orders of unknown or of several shops).
 *
 * <p>State is one mark per order of the waybill (almost always one), dropped once the waybill has
 * been quiet for the window.
 */
public class WaybillReuseDetector
        extends EventTimeOrderedFunction<String, EnrichedEvent, RiskAlert> {

    private static final long CLEANUP_GRANULARITY_MS = 3_600_000L;

    private final WaybillReuseRule rule;
    private transient ValueState<List<ParcelMark>> orders;
    private transient ValueState<Long> incidentUntil;

    public WaybillReuseDetector(WaybillReuseRule rule) {
        super(TypeInformation.of(EnrichedEvent.class));
        this.rule = rule;
    }

    /** Which events this detector needs: every logistics scan. */
    public static boolean accepts(EnrichedEvent e) {
        return e.event.logistics != null;
    }

    /** The key: the scan's waybill id. */
    public static String key(EnrichedEvent e) {
        return e.event.logistics.getWaybillId();
    }

    @Override
    protected void openState() {
        orders =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "waybill-orders",
                                        new ListTypeInfo<>(TypeInformation.of(ParcelMark.class))));
        incidentUntil =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("incident-until", Types.LONG));
    }

    @Override
    protected long eventTime(EnrichedEvent value) {
        return value.eventTime();
    }

    @Override
    protected void onEvents(
            long ts, List<EnrichedEvent> events, Context ctx, Collector<RiskAlert> out)
            throws Exception {
        List<ParcelMark> marks = orders.value();
        boolean fresh = marks == null;
        if (fresh) {
            marks = new ArrayList<>(1);
        }
        long windowMs = rule.window().toMillis();
        marks.removeIf(m -> m.at < ts - windowMs);
        int before = marks.size();
        String carrierId = null;
        for (EnrichedEvent e : events) {
            if (!accepts(e)) {
                continue;
            }
            LogisticsEvent scan = e.event.logistics;
            carrierId = scan.getCarrierId();
            ParcelMark known = null;
            for (ParcelMark m : marks) {
                if (m.orderId.equals(scan.getOrderId())) {
                    known = m;
                }
            }
            if (known != null) {
                // The latest scan and story of the order, for the window and the timeline.
                known.at = ts;
                known.context = e.context;
            } else if (marks.size() < rule.maxOrdersKept()) {
                marks.add(ParcelMark.of(ts, scan.getOrderId(), scan.getWaybillId(), e.context));
            }
        }
        orders.update(marks);
        if (fresh) {
            // One clean-up timer per waybill at a time: it moves on when it fires.
            ctx.timerService().registerEventTimeTimer(cleanupAfter(ts));
        }
        if (marks.size() > before
                && marks.size() >= rule.minOrders()
                && Incident.crossed(incidentUntil, ts, windowMs)) {
            out.collect(
                    alert(
                            ctx.getCurrentKey(),
                            carrierId,
                            marks,
                            ts,
                            ctx.timerService().currentProcessingTime()));
        }
    }

    private RiskAlert alert(
            String waybillId, String carrierId, List<ParcelMark> marks, long ts, long now) {
        TreeSet<String> shops = new TreeSet<>();
        boolean unknownShop = false;
        List<String> orderIds = new ArrayList<>();
        for (ParcelMark m : marks) {
            orderIds.add(m.orderId);
            if (m.context != null && m.context.shopId != null) {
                shops.add(m.context.shopId);
            } else {
                unknownShop = true;
            }
        }
        AlertBuilder alert = AlertBuilder.forRule(rule.meta());
        boolean oneShop = shops.size() == 1 && !unknownShop;
        if (oneShop) {
            alert.subject(EntityType.SHOP, shops.first());
        } else {
            alert.subject(EntityType.CARRIER, carrierId);
        }
        ParcelEvidence.timeline(alert, marks);
        return alert.orders(orderIds)
                .window(ParcelEvidence.storyStart(marks, ts), ts)
                .summary(
                        String.format(
                                "waybill %s (carrier %s) was scanned for %d distinct orders"
                                        + " within %s (threshold %d), of %s",
                                waybillId,
                                carrierId,
                                marks.size(),
                                rule.window(),
                                rule.minOrders(),
                                oneShop
                                        ? "shop " + shops.first()
                                        : shops.size() + " known shop(s) and unknown orders"))
                .fact("waybill_id", waybillId)
                .fact("carrier_id", carrierId)
                .fact("distinct_orders", marks.size())
                .fact("shops", shops.isEmpty() ? "unknown" : String.join(",", shops))
                .fact("threshold_orders", rule.minOrders())
                .fact("window", rule.window())
                // One waybill for two orders has no honest explanation; who did it is less sure
                // when the orders are not all of one known shop.
                .score(oneShop ? 0.9 : 0.8)
                .build(now);
    }

    private long cleanupAfter(long newestMarkAt) {
        return Timers.coalesce(newestMarkAt + rule.window().toMillis() + 1, CLEANUP_GRANULARITY_MS);
    }

    @Override
    protected void onTimerAfterEvents(long ts, OnTimerContext ctx, Collector<RiskAlert> out)
            throws Exception {
        if (!Timers.isCleanupTime(ts, CLEANUP_GRANULARITY_MS)) {
            return;
        }
        if (WindowState.evict(orders, m -> m.at, ts, rule.window().toMillis())) {
            WindowState.clearIfClosed(ts, incidentUntil);
            return;
        }
        List<ParcelMark> left = orders.value();
        if (left != null) {
            long newest = Long.MIN_VALUE;
            for (ParcelMark m : left) {
                newest = Math.max(newest, m.at);
            }
            ctx.timerService().registerEventTimeTimer(cleanupAfter(newest));
        }
    }
}
