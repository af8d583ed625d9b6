package io.brushguard.patterns.brushing;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Brushing by instant confirmation, keyed by shop ({@link EnrichedEvent#shopId()}). Input: the
 * COMPLETED order events, enriched with the order's story. A brushed order has no goods to wait
 * for, so the fake buyer confirms receipt at once, or without any parcel being signed for, or the
 * only "parcel" is a waybill signed with no journey. A real same-city delivery has pick-up and
 * delivery scans and is confirmed later.
 */
public class FastConfirmDetector extends OrderSignalWindowDetector {

    private final FastConfirmRule rule;

    public FastConfirmDetector(FastConfirmRule rule) {
        super(rule.window());
        this.rule = rule;
    }

    /** Which events this detector needs; apply upstream of the keyBy (by shop id). */
    public static boolean accepts(EnrichedEvent e) {
        return e.event.order != null
                && e.event.order.getStatus() == OrderStatus.COMPLETED
                && e.context != null
                && e.context.hasOrder();
    }

    @Override
    protected SignalRef qualify(long ts, EnrichedEvent e) {
        if (!accepts(e)) {
            return null;
        }
        OrderContext c = e.context;
        List<String> reasons = new ArrayList<>();
        long sinceCreated = c.createdAt > 0 ? ts - c.createdAt : -1;
        if (sinceCreated >= 0 && sinceCreated < rule.maxCreatedToCompleted().toMillis()) {
            reasons.add(
                    "completed "
                            + Duration.ofMillis(sinceCreated).toMinutes()
                            + " min after creation");
        }
        if (c.signedAt == 0) {
            reasons.add("completed with no SIGNED scan");
        } else if (c.transitScans == 0
                && sinceCreated >= 0
                && sinceCreated < rule.maxUntrackedCompletion().toMillis()) {
            reasons.add(
                    "signed with no transit scan, completed "
                            + Duration.ofMillis(sinceCreated).toMinutes()
                            + " min after creation");
        }
        if (reasons.isEmpty()) {
            return null;
        }
        return SignalRef.withStory(ts, c, c.buyerId, String.join("; ", reasons));
    }

    @Override
    protected boolean crosses(List<SignalRef> window) {
        return window.size() >= rule.minOrders();
    }

    @Override
    protected boolean conclusive(List<SignalRef> window) {
        return window.size() >= rule.conclusiveOrders();
    }

    @Override
    protected RiskAlert alert(String shopId, List<SignalRef> window, long ts, long now) {
        AlertBuilder alert =
                AlertBuilder.forRule(rule.meta())
                        .subject(EntityType.SHOP, shopId)
                        .window(window.get(0).at, ts)
                        .orders(orderIds(window));
        for (SignalRef ref : window) {
            ref.addTo(alert);
        }
        return alert.summary(
                        String.format(
                                "shop %s had %d orders confirmed outside the delivery flow"
                                        + " (completed within %s of creation, without a signature,"
                                        + " or signed with no transit scan within %s) within %s"
                                        + " (threshold %d)",
                                shopId,
                                window.size(),
                                rule.maxCreatedToCompleted(),
                                rule.maxUntrackedCompletion(),
                                rule.window(),
                                rule.minOrders()))
                .fact("fast_confirmed_orders", window.size())
                .fact("distinct_buyers", buyers(window).size())
                .fact("threshold_orders", rule.minOrders())
                .fact("window", rule.window())
                .score(ramp(0.5, window.size(), rule.minOrders(), rule.conclusiveOrders()))
                .build(now);
    }
}
