package io.brushguard.patterns;

import io.brushguard.patterns.brushing.OrderConcentrationRule;
import io.brushguard.patterns.combine.AlertGateRule;
import io.brushguard.patterns.parcel.SignedWithoutTransitRule;
import io.brushguard.patterns.review.LowRatingBurstRule;

import java.io.Serializable;
import java.time.Duration;

/**
 * The pattern definitions a job runs, with their parameters. {@code orderRetention} is how long the
 * correlation keeps a quiet order's story (reviews and refunds come weeks after ordering).
 */
public record DetectionRules(
        Duration orderRetention,
        OrderConcentrationRule orderConcentration,
        SignedWithoutTransitRule signedWithoutTransit,
        LowRatingBurstRule lowRatingBurst,
        AlertGateRule gate)
        implements Serializable {

    /** The shipped defaults. */
    public static DetectionRules defaults() {
        return new DetectionRules(
                Duration.ofDays(45),
                OrderConcentrationRule.defaults(),
                SignedWithoutTransitRule.defaults(),
                LowRatingBurstRule.defaults(),
                AlertGateRule.defaults());
    }
}
