package io.brushguard.patterns.review;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.time.Duration;

/**
 * Malicious reviews: within a sliding {@code window}, at least {@code minReviews} reviews rated at
 * most {@code maxRating} on one shop, from at least {@code minReviewers} distinct accounts that
 * never had a paid order at that shop. {@code customerMemory} is how long an account counts as a
 * customer of the shop after its last order; {@code baseScore} is the score at the threshold.
 */
public record LowRatingBurstRule(
        RuleMeta meta,
        Duration window,
        int maxRating,
        int minReviews,
        int minReviewers,
        Duration customerMemory,
        double baseScore)
        implements Serializable {

    public LowRatingBurstRule {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        if (maxRating < 1 || maxRating > 4) {
            throw new IllegalArgumentException("maxRating must be within 1..4, got " + maxRating);
        }
        if (baseScore <= 0 || baseScore > 1) {
            throw new IllegalArgumentException("baseScore must be within (0, 1], got " + baseScore);
        }
        if (minReviews < 2) {
            throw new IllegalArgumentException("minReviews must be >= 2, got " + minReviews);
        }
        if (minReviewers < 1 || minReviewers > minReviews) {
            throw new IllegalArgumentException(
                    "minReviewers must be within 1..minReviews, got " + minReviewers);
        }
    }

    /**
     * The shipped definition: {@code patterns/malicious-review.unverified-low-rating-burst.yaml}.
     */
    public static LowRatingBurstRule defaults() {
        return DetectionRules.defaults().maliciousReview().lowRatingBurst();
    }

    /** The shipped definition: {@code patterns/malicious-review.unverified-low-rating-day.yaml}. */
    public static LowRatingBurstRule dayDefaults() {
        return DetectionRules.defaults().maliciousReview().lowRatingDay();
    }
}
