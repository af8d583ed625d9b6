package io.brushguard.patterns.brushing;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;

import java.time.Duration;
import java.util.List;

/**
 * Brushing paid back through refunds, keyed by shop ({@link EnrichedEvent#shopId()}). Input: order
 * and payment REFUNDED events, enriched with the order's story. The brusher's money must come back:
 * after the good review is posted, the shop refunds the order although nothing was returned. An
 * honest refund follows a return (RETURNED scan) or comes before any review, and does not count.
 */
public class CashBackRefundDetector extends OrderSignalWindowDetector {

    private final CashBackRefundRule rule;

    public CashBackRefundDetector(CashBackRefundRule rule) {
        super(rule.window());
        this.rule = rule;
    }

    /** Which events this detector needs; apply upstream of the keyBy (by shop id). */
    public static boolean accepts(EnrichedEvent e) {
        boolean refund =
                (e.event.order != null && e.event.order.getStatus() == OrderStatus.REFUNDED)
                        || (e.event.payment != null
                                && e.event.payment.getStatus() == PaymentStatus.REFUNDED);
        return refund && e.context != null && e.context.hasOrder();
    }

    @Override
    protected SignalRef qualify(long ts, EnrichedEvent e) {
        if (!accepts(e)) {
            return null;
        }
        OrderContext c = e.context;
        if (c.reviewedAt == 0 || c.rating < rule.minRating() || c.returnedAt > 0) {
            return null;
        }
        long delay = ts - c.reviewedAt;
        if (delay < 0 || delay > rule.maxRefundDelay().toMillis()) {
            return null;
        }
        return SignalRef.withStory(
                ts,
                c,
                c.buyerId,
                String.format(
                        "reviewed %d star(s), refunded %d h later with nothing returned",
                        c.rating, Duration.ofMillis(delay).toHours()));
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
                                "shop %s refunded %d orders within %s after a review of %d+"
                                        + " stars, with no parcel returned, within %s (threshold"
                                        + " %d)",
                                shopId,
                                window.size(),
                                rule.maxRefundDelay(),
                                rule.minRating(),
                                rule.window(),
                                rule.minOrders()))
                .fact("refunded_after_good_review", window.size())
                .fact("distinct_buyers", buyers(window).size())
                .fact("threshold_orders", rule.minOrders())
                .fact("window", rule.window())
                .score(ramp(0.65, window.size(), rule.minOrders(), rule.conclusiveOrders()))
                .build(now);
    }
}
