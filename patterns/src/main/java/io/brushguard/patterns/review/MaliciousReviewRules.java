package io.brushguard.patterns.review;

import java.io.Serializable;

/** The malicious-review (恶意差评, 降信) pattern definitions and their parameters. */
public record MaliciousReviewRules(
        LowRatingBurstRule lowRatingBurst,
        LowRatingBeforeDeliveryRule lowRatingBeforeDelivery,
        SharedDeviceLowRatingRule sharedDeviceLowRating,
        CompetitorSpreadRule competitorSpread,
        ExtortionRule extortion)
        implements Serializable {

    public static MaliciousReviewRules defaults() {
        return new MaliciousReviewRules(
                LowRatingBurstRule.defaults(),
                LowRatingBeforeDeliveryRule.defaults(),
                SharedDeviceLowRatingRule.defaults(),
                CompetitorSpreadRule.defaults(),
                ExtortionRule.defaults());
    }
}
