package io.brushguard.patterns.review;

import io.brushguard.avro.Direction;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.model.AlertKind;

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
        if (minReviews < 2 || minReviewers < 1 || minReviewers > minReviews) {
            throw new IllegalArgumentException(
                    "need minReviews >= 2 and 1 <= minReviewers <= minReviews, got "
                            + minReviews
                            + " and "
                            + minReviewers);
        }
    }

    public static LowRatingBurstRule defaults() {
        return new LowRatingBurstRule(
                new RuleMeta(
                        "malicious-review.unverified-low-rating-burst",
                        1,
                        AlertKind.MALICIOUS_REVIEW,
                        Direction.DEFLATE,
                        Severity.HIGH),
                Duration.ofHours(6),
                2,
                5,
                4,
                Duration.ofDays(180),
                0.8);
    }

    /**
     * The slow burn: the same unverified low ratings spaced out over a day from as few as two
     * accounts. Only a weak signal; it becomes an alert with corroboration (a shared device).
     */
    public static LowRatingBurstRule dayDefaults() {
        return new LowRatingBurstRule(
                new RuleMeta(
                        "malicious-review.unverified-low-rating-day",
                        1,
                        AlertKind.MALICIOUS_REVIEW,
                        Direction.DEFLATE,
                        Severity.MEDIUM),
                Duration.ofHours(24),
                2,
                6,
                2,
                Duration.ofDays(180),
                0.55);
    }
}
