package io.brushguard.patterns.brushing;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.time.Duration;

/**
 * Good reviews paid back with refunds, per shop: an order reviewed with at least {@code minRating}
 * stars is refunded (order REFUNDED or payment REFUNDED) within {@code maxRefundDelay} after the
 * review, and its parcel never came back (no RETURNED scan). Alerts at {@code minOrders} such
 * orders within {@code window}; the score reaches 0.8 (conclusive) at {@code conclusiveOrders}.
 */
public record CashBackRefundRule(
        RuleMeta meta,
        Duration window,
        Duration maxRefundDelay,
        int minRating,
        int minOrders,
        int conclusiveOrders)
        implements Serializable {

    public CashBackRefundRule {
        NewAccountFastFiveStarRule.requirePositive(window, "window");
        NewAccountFastFiveStarRule.requirePositive(maxRefundDelay, "maxRefundDelay");
        if (minRating < 1 || minRating > 5) {
            throw new IllegalArgumentException("minRating must be in 1..5, got " + minRating);
        }
        if (minOrders < 2) {
            throw new IllegalArgumentException("minOrders must be >= 2, got " + minOrders);
        }
        if (conclusiveOrders < minOrders) {
            throw new IllegalArgumentException(
                    "conclusiveOrders must be >= minOrders, got " + conclusiveOrders);
        }
    }

    /** The shipped definition: {@code patterns/brushing.cash-back-refund.yaml}. */
    public static CashBackRefundRule defaults() {
        return DetectionRules.defaults().brushing().cashBackRefund();
    }
}
