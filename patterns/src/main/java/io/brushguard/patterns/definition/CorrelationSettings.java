package io.brushguard.patterns.definition;

import java.time.Duration;

/**
 * The correlation's definition ({@code correlation.yaml}): how long a quiet order's story is kept.
 * Reviews and refunds come weeks after ordering.
 */
public record CorrelationSettings(Duration orderRetention) {

    public CorrelationSettings {
        if (orderRetention.isNegative() || orderRetention.isZero()) {
            throw new IllegalArgumentException(
                    "orderRetention must be positive, got " + orderRetention);
        }
    }
}
