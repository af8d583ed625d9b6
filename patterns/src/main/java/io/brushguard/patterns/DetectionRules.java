package io.brushguard.patterns;

import io.brushguard.patterns.brushing.OrderConcentrationRule;
import io.brushguard.patterns.parcel.SignedWithoutTransitRule;
import io.brushguard.patterns.review.LowRatingBurstRule;

import java.io.Serializable;

/** The pattern definitions a job runs, with their parameters. */
public record DetectionRules(
        OrderConcentrationRule orderConcentration,
        SignedWithoutTransitRule signedWithoutTransit,
        LowRatingBurstRule lowRatingBurst)
        implements Serializable {

    /** The shipped defaults. */
    public static DetectionRules defaults() {
        return new DetectionRules(
                OrderConcentrationRule.defaults(),
                SignedWithoutTransitRule.defaults(),
                LowRatingBurstRule.defaults());
    }
}
