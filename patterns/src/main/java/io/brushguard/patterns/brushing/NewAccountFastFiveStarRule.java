package io.brushguard.patterns.brushing;

import io.brushguard.avro.Direction;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.model.AlertKind;

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

    /** The shipped default: 3 buyers younger than 14 days, 5 stars within 60 min, in 7 days. */
    public static NewAccountFastFiveStarRule defaults() {
        return new NewAccountFastFiveStarRule(
                new RuleMeta(
                        "brushing.new-account-fast-five-star",
                        1,
                        AlertKind.BRUSHING,
                        Direction.INFLATE,
                        Severity.MEDIUM),
                Duration.ofDays(7),
                Duration.ofDays(14),
                Duration.ofMinutes(60),
                5,
                3,
                5);
    }

    /**
     * The same trait judged per buyer (a hired brusher, 刷手): {@code minBuyers} and {@code
     * conclusiveBuyers} then count the distinct shops the fresh account rated this way.
     */
    public static NewAccountFastFiveStarRule perBuyerDefaults() {
        return new NewAccountFastFiveStarRule(
                new RuleMeta(
                        "brushing.hired-brusher",
                        1,
                        AlertKind.BRUSHING,
                        Direction.INFLATE,
                        Severity.MEDIUM),
                Duration.ofDays(7),
                Duration.ofDays(30),
                Duration.ofMinutes(60),
                5,
                3,
                5);
    }
}
