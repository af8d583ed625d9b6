package io.brushguard.patterns.brushing;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.time.Duration;

/**
 * New accounts praising fast, per shop: a review of at least {@code minRating} stars written within
 * {@code maxReviewDelay} of the order's SIGNED scan (of its COMPLETED step if it was never signed),
 * by a buyer whose account was younger than {@code maxAccountAge} when ordering; alerts at {@code
 * minBuyers} distinct such buyers within {@code window}. The score reaches 0.8 (conclusive) at
 * {@code conclusiveBuyers}.
 */
public record NewAccountFastFiveStarRule(
        RuleMeta meta,
        Duration window,
        Duration maxAccountAge,
        Duration maxReviewDelay,
        int minRating,
        int minBuyers,
        int conclusiveBuyers)
        implements Serializable {

    public NewAccountFastFiveStarRule {
        requirePositive(window, "window");
        requirePositive(maxAccountAge, "maxAccountAge");
        requirePositive(maxReviewDelay, "maxReviewDelay");
        if (minRating < 1 || minRating > 5) {
            throw new IllegalArgumentException("minRating must be in 1..5, got " + minRating);
        }
        if (minBuyers < 2) {
            throw new IllegalArgumentException("minBuyers must be >= 2, got " + minBuyers);
        }
        if (conclusiveBuyers < minBuyers) {
            throw new IllegalArgumentException(
                    "conclusiveBuyers must be >= minBuyers, got " + conclusiveBuyers);
        }
    }

    static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    /** The shipped definition: {@code patterns/brushing.new-account-fast-five-star.yaml}. */
    public static NewAccountFastFiveStarRule defaults() {
        return DetectionRules.defaults().brushing().newAccountFastFiveStar();
    }

    /** The shipped definition: {@code patterns/brushing.hired-brusher.yaml}. */
    public static NewAccountFastFiveStarRule perBuyerDefaults() {
        return DetectionRules.defaults().brushing().hiredBrusher();
    }
}
