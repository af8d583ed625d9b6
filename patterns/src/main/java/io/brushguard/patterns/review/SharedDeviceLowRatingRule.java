package io.brushguard.patterns.review;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.time.Duration;

/**
 * Malicious reviews from one device or address: ratings of at most {@code maxRating} on one shop
 * within {@code window} from at least {@code minReviewers} distinct accounts that share one
 * device_id, or one ip. Accounts sharing only an ip must also lack a paid order of their own
 * (carrier-grade NAT and offices put honest customers behind one ip).
 */
public record SharedDeviceLowRatingRule(
        RuleMeta meta, int maxRating, int minReviewers, int minRatingsForPair, Duration window)
        implements Serializable {

    public SharedDeviceLowRatingRule {
        if (maxRating < 1 || maxRating > 4) {
            throw new IllegalArgumentException("maxRating must be within 1..4, got " + maxRating);
        }
        if (window.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("window must be at least 1h, got " + window);
        }
        if (minRatingsForPair < 2) {
            throw new IllegalArgumentException(
                    "minRatingsForPair must be >= 2, got " + minRatingsForPair);
        }
        if (minReviewers < 2) {
            throw new IllegalArgumentException("minReviewers must be >= 2, got " + minReviewers);
        }
    }

    /** The shipped definition: {@code patterns/malicious-review.shared-device-low-ratings.yaml}. */
    public static SharedDeviceLowRatingRule defaults() {
        return DetectionRules.defaults().maliciousReview().sharedDeviceLowRating();
    }
}
