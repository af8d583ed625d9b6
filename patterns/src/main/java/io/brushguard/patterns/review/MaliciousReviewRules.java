package io.brushguard.patterns.review;

import java.io.Serializable;

/** The malicious-review (恶意差评, 降信) pattern definitions and their parameters. */
public record MaliciousReviewRules(
        LowRatingBurstRule lowRatingBurst,
        LowRatingBurstRule lowRatingDay,
        LowRatingBeforeDeliveryRule lowRatingBeforeDelivery,
        SharedDeviceLowRatingRule sharedDeviceLowRating,
        CompetitorSpreadRule competitorSpread,
        CompetitorSpreadRule competitorSpreadByDevice,
        ExtortionRule extortion)
        implements Serializable {

    public static MaliciousReviewRules defaults() {
        return new MaliciousReviewRules(
                LowRatingBurstRule.defaults(),
                LowRatingBurstRule.dayDefaults(),
                LowRatingBeforeDeliveryRule.defaults(),
                SharedDeviceLowRatingRule.defaults(),
                CompetitorSpreadRule.defaults(),
                CompetitorSpreadRule.deviceDefaults(),
                ExtortionRule.defaults());
    }
}
