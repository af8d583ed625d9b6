package io.brushguard.patterns.brushing;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.time.Duration;

/**
 * Order concentration per shop (the published Shopee order-brushing rule): within any sliding
 * {@code window}, the shop's orders divided by its distinct buyers reaches {@code
 * minOrdersPerBuyer}, over at least {@code minOrders} orders. Conclusive when those orders come
 * from at most {@code maxRingBuyers} distinct buyers; spread over more (a flash sale) it is only a
 * weak signal that needs corroboration.
 */
public record OrderConcentrationRule(
        RuleMeta meta, Duration window, double minOrdersPerBuyer, int minOrders, int maxRingBuyers)
        implements Serializable {

    public OrderConcentrationRule {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        if (minOrdersPerBuyer <= 1.0) {
            throw new IllegalArgumentException(
                    "minOrdersPerBuyer must be > 1, got " + minOrdersPerBuyer);
        }
        if (minOrders < 2) {
            throw new IllegalArgumentException("minOrders must be >= 2, got " + minOrders);
        }
        if (maxRingBuyers < 1) {
            throw new IllegalArgumentException("maxRingBuyers must be >= 1, got " + maxRingBuyers);
        }
    }

    /** The shipped definition: {@code patterns/brushing.order-concentration.yaml}. */
    public static OrderConcentrationRule defaults() {
        return DetectionRules.defaults().brushing().orderConcentration();
    }
}
