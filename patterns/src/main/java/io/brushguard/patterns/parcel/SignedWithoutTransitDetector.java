package io.brushguard.patterns.parcel;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.ScanType;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.EventTimeOrderedFunction;
import io.brushguard.patterns.common.IdentifierType;
import io.brushguard.patterns.common.Timers;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Empty parcels, keyed by order id. Input: the order's events and the scans of its waybills. Alerts
 * when a waybill is SIGNED with no IN_TRANSIT or OUT_FOR_DELIVERY scan before it: the parcel never
 * moved through the network. The subject is the shop that shipped it (the carrier when the order
 * itself was never seen).
 */
public class SignedWithoutTransitDetector
        extends EventTimeOrderedFunction<String, PlatformEvent, RiskAlert> {

    private static final long CLEANUP_GRANULARITY_MS = 3_600_000L;

    private final SignedWithoutTransitRule rule;
    private transient ValueState<OrderFacts> order;
    private transient MapState<String, ParcelTrack> parcels;
    private transient ValueState<Long> lastActivity;

    /**
     * The waybills in {@link #parcels}, so that forgetting the order removes exactly those entries:
     * on RocksDB, clearing a map state opens an iterator and steps over the deleted entries of
     * other orders, which took half of the task this detector is chained in, in a profile of a
     * replay (benchmarks/HISTORY.md). Written from an order's first event on (empty until its first
     * scan); null for an order this state predates (restored from a savepoint of an earlier
     * version), whose parcels are cleared as before.
     */
    private transient ValueState<List<String>> waybills;

    public SignedWithoutTransitDetector(SignedWithoutTransitRule rule) {
        super(TypeInformation.of(PlatformEvent.class));
        this.rule = rule;
    }

    /** Which events this detector needs; apply upstream of the keyBy (by order id). */
    public static boolean accepts(PlatformEvent e) {
        return e.order != null || e.logistics != null;
    }

    @Override
    protected void openState() {
        order =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "order-facts", TypeInformation.of(OrderFacts.class)));
        parcels =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "parcels",
                                        Types.STRING,
                                        TypeInformation.of(ParcelTrack.class)));
        lastActivity =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-activity", Types.LONG));
        waybills =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "parcel-waybills", Types.LIST(Types.STRING)));
    }

    @Override
    protected long eventTime(PlatformEvent value) {
        return value.eventTime();
    }

    @Override
    protected void onEvents(
            long ts, List<PlatformEvent> events, Context ctx, Collector<RiskAlert> out)
            throws Exception {
        boolean first = lastActivity.value() == null;
        if (first) {
            // The order's first event: its waybills are tracked from here on.
            waybills.update(new ArrayList<>());
        }
        // Orders first, then non-signing scans, then signatures: a scan and a signature with the
        // same timestamp count the scan as before the signature.
        for (PlatformEvent e : events) {
            if (e.order != null) {
                onOrder(e.order, ts);
            }
        }
        for (PlatformEvent e : events) {
            if (e.logistics != null && e.logistics.getScan() != ScanType.SIGNED) {
                onScan(e.logistics, ts, ctx, out);
            }
        }
        for (PlatformEvent e : events) {
            if (e.logistics != null && e.logistics.getScan() == ScanType.SIGNED) {
                onScan(e.logistics, ts, ctx, out);
            }
        }
        if (first) {
            // One clean-up timer per order at a time: it moves on when it fires.
            ctx.timerService().registerEventTimeTimer(cleanupAfter(ts));
        }
        lastActivity.update(ts);
    }

    private long cleanupAfter(long lastActivityAt) {
        return Timers.coalesce(
                lastActivityAt + rule.retention().toMillis(), CLEANUP_GRANULARITY_MS);
    }

    private void onOrder(OrderEvent o, long ts) throws Exception {
        OrderFacts facts = order.value();
        if (facts == null) {
            facts = new OrderFacts();
            facts.createdAt = ts;
        }
        facts.shopId = o.getShopId();
        facts.buyerId = o.getBuyerId();
        facts.category = o.getCategory();
        if (o.getStatus() == OrderStatus.CREATED) {
            facts.createdAt = ts;
        }
        order.update(facts);
    }

    private void onScan(LogisticsEvent scan, long ts, Context ctx, Collector<RiskAlert> out)
            throws Exception {
        ParcelTrack track = parcels.get(scan.getWaybillId());
        if (track == null) {
            track = new ParcelTrack();
            track.waybillId = scan.getWaybillId();
            List<String> tracked = waybills.value();
            if (tracked != null) {
                tracked.add(track.waybillId);
                waybills.update(tracked);
            }
        }
        track.carrierId = scan.getCarrierId();
        if (scan.getCourierId() != null) {
            track.courierId = scan.getCourierId();
        }
        if (scan.getWeightGrams() != null) {
            track.weightGrams = scan.getWeightGrams();
        }
        track.scans.add(ts + "|scan " + scan.getScan() + describeLocation(scan));
        switch (scan.getScan()) {
            case IN_TRANSIT:
            case OUT_FOR_DELIVERY:
                track.transitScans++;
                break;
            case SIGNED:
                if (track.transitScans == 0 && !track.alerted) {
                    track.alerted = true;
                    out.collect(alert(scan, ts, track, ctx.timerService().currentProcessingTime()));
                }
                break;
            default:
                break;
        }
        parcels.put(track.waybillId, track);
    }

    private RiskAlert alert(LogisticsEvent signed, long ts, ParcelTrack track, long now)
            throws Exception {
        OrderFacts facts = order.value();
        String orderId = signed.getOrderId();
        AlertBuilder alert = AlertBuilder.forRule(rule.meta()).orders(List.of(orderId));
        long start = ts;
        if (facts != null && facts.shopId != null) {
            alert.subject(EntityType.SHOP, facts.shopId);
            start = Math.min(start, facts.createdAt);
            alert.timeline(
                            facts.createdAt,
                            "orders",
                            orderId,
                            "order CREATED by buyer " + facts.buyerId)
                    .identify(IdentifierType.BUYER, facts.buyerId);
        } else {
            alert.subject(EntityType.CARRIER, track.carrierId);
        }
        for (String scan : track.scans) {
            int bar = scan.indexOf('|');
            long at = Long.parseLong(scan.substring(0, bar));
            start = Math.min(start, at);
            alert.timeline(
                    at,
                    "logistics",
                    orderId,
                    "waybill " + track.waybillId + " " + scan.substring(bar + 1));
        }
        String shop =
                facts != null && facts.shopId != null ? "shop " + facts.shopId : "an unknown shop";
        return alert.window(start, ts)
                .summary(
                        String.format(
                                "waybill %s of order %s (%s, carrier %s) was signed with no transit"
                                        + " scan after %d scans in all",
                                track.waybillId,
                                orderId,
                                shop,
                                track.carrierId,
                                track.scans.size()))
                .fact("waybill_id", track.waybillId)
                .fact("carrier_id", track.carrierId)
                .fact("courier_id", track.courierId == null ? "unknown" : track.courierId)
                .identify(IdentifierType.COURIER, track.courierId)
                .fact("transit_scans", 0)
                .fact("weight_grams", track.weightGrams == null ? "unknown" : track.weightGrams)
                .fact("minutes_from_first_scan_to_signed", (ts - start) / 60_000L)
                .score(track.weightGrams != null && track.weightGrams < 50 ? 0.95 : 0.85)
                .build(now);
    }

    private static String describeLocation(LogisticsEvent scan) {
        return scan.getLocation() == null ? "" : " at " + scan.getLocation();
    }

    @Override
    protected void onTimerAfterEvents(long ts, OnTimerContext ctx, Collector<RiskAlert> out)
            throws Exception {
        if (!Timers.isCleanupTime(ts, CLEANUP_GRANULARITY_MS)) {
            return;
        }
        Long last = lastActivity.value();
        if (last == null) {
            return;
        }
        if (last + rule.retention().toMillis() <= ts) {
            order.clear();
            List<String> tracked = waybills.value();
            if (tracked == null) {
                parcels.clear();
            } else {
                for (String waybill : tracked) {
                    parcels.remove(waybill);
                }
                waybills.clear();
            }
            lastActivity.clear();
        } else {
            ctx.timerService().registerEventTimeTimer(cleanupAfter(last));
        }
    }
}
