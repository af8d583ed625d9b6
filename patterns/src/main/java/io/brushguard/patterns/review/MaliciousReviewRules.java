package io.brushguard.patterns.review;

import io.brushguard.patterns.DetectionRules;

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

    /** The shipped definitions of the family ({@code patterns/*.yaml}). */
    public static MaliciousReviewRules defaults() {
        return DetectionRules.defaults().maliciousReview();
    }
}
