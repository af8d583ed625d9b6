package io.brushguard.patterns.review;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.time.Duration;

/**
 * Extortion by review (差评勒索): an order rated at most {@code maxRating} and then refunded (order
 * REFUNDED or payment REFUNDED) within {@code maxRefundDelay} of the rating; a shop with at least
 * {@code minOrders} such orders within {@code window} is being squeezed.
 */
public record ExtortionRule(
        RuleMeta meta, int maxRating, Duration maxRefundDelay, int minOrders, Duration window)
        implements Serializable {

    public ExtortionRule {
        if (maxRating < 1 || maxRating > 4) {
            throw new IllegalArgumentException("maxRating must be within 1..4, got " + maxRating);
        }
        if (window.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("window must be at least 1h, got " + window);
        }
        if (maxRefundDelay.isNegative() || maxRefundDelay.isZero()) {
            throw new IllegalArgumentException(
                    "maxRefundDelay must be positive, got " + maxRefundDelay);
        }
        if (minOrders < 1) {
            throw new IllegalArgumentException("minOrders must be >= 1, got " + minOrders);
        }
    }

    /** The shipped definition: {@code patterns/malicious-review.extortion.yaml}. */
    public static ExtortionRule defaults() {
        return DetectionRules.defaults().maliciousReview().extortion();
    }
}
