package io.brushguard.patterns.brushing;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.time.Duration;

/**
 * Near-duplicate review texts across a shop's recent good reviews: within {@code window}, one
 * {@code text_hash} from at least {@code minReviewers} distinct reviewers that makes up at least
 * {@code minShare} of the shop's reviews rated {@code minRating} or more. Stock phrases ("good,
 * fast delivery") are shared by honest buyers too, so the share matters and the rule is only a weak
 * signal: it raises an alert through the gate, with another brushing signal.
 */
public record DuplicateReviewTextRule(
        RuleMeta meta,
        Duration window,
        int minRating,
        int minReviewers,
        double minShare,
        int maxKept)
        implements Serializable {

    public DuplicateReviewTextRule {
        NewAccountFastFiveStarRule.requirePositive(window, "window");
        if (minRating < 1 || minRating > 5) {
            throw new IllegalArgumentException("minRating must be in 1..5, got " + minRating);
        }
        if (minReviewers < 2) {
            throw new IllegalArgumentException("minReviewers must be >= 2, got " + minReviewers);
        }
        if (minShare <= 0 || minShare > 1) {
            throw new IllegalArgumentException("minShare must be within (0, 1], got " + minShare);
        }
        if (maxKept < minReviewers) {
            throw new IllegalArgumentException("maxKept must be >= minReviewers, got " + maxKept);
        }
    }

    /** The shipped definition: {@code patterns/brushing.duplicate-review-text.yaml}. */
    public static DuplicateReviewTextRule defaults() {
        return DetectionRules.defaults().brushing().duplicateReviewText();
    }
}
