package io.brushguard.patterns.brushing;

import io.brushguard.avro.Direction;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.model.AlertKind;

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

    /** The shipped default: 3 orders reviewed 4-5 stars and refunded within 3 days, in 14 days. */
    public static CashBackRefundRule defaults() {
        return new CashBackRefundRule(
                new RuleMeta(
                        "brushing.cash-back-refund",
                        1,
                        AlertKind.BRUSHING,
                        Direction.INFLATE,
                        Severity.HIGH),
                Duration.ofDays(14),
                // Cash-back is paid within hours of the review; honest refunds after a good
                // review come days later, when the product disappoints.
                Duration.ofHours(24),
                4,
                3,
                5);
    }
}
