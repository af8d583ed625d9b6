package io.brushguard.patterns.review;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.time.Duration;

/**
 * Malicious reviews before delivery: ratings of at most {@code maxRating} on orders that were not
 * yet signed for (and not cancelled), from at least {@code minReviewers} distinct accounts within
 * {@code window}. Nobody can judge goods they have not received.
 */
public record LowRatingBeforeDeliveryRule(
        RuleMeta meta, int maxRating, int minReviewers, Duration window) implements Serializable {

    public LowRatingBeforeDeliveryRule {
        if (maxRating < 1 || maxRating > 4) {
            throw new IllegalArgumentException("maxRating must be within 1..4, got " + maxRating);
        }
        if (window.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("window must be at least 1h, got " + window);
        }
        if (minReviewers < 1) {
            throw new IllegalArgumentException("minReviewers must be >= 1, got " + minReviewers);
        }
    }

    /**
     * The shipped definition: {@code patterns/malicious-review.low-rating-before-delivery.yaml}.
     */
    public static LowRatingBeforeDeliveryRule defaults() {
        return DetectionRules.defaults().maliciousReview().lowRatingBeforeDelivery();
    }
}
