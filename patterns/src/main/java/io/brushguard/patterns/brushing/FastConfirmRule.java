package io.brushguard.patterns.brushing;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.time.Duration;

/**
 * Orders confirmed faster than goods can travel, per shop. An order is suspicious when it is
 * COMPLETED less than {@code maxCreatedToCompleted} after it was CREATED, or COMPLETED with no
 * SIGNED scan, or signed for with no transit scan at all and completed less than {@code
 * maxUntrackedCompletion} after creation. Alerts at {@code minOrders} such orders within {@code
 * window}; the score reaches 0.8 (conclusive) at {@code conclusiveOrders}.
 */
public record FastConfirmRule(
        RuleMeta meta,
        Duration window,
        Duration maxCreatedToCompleted,
        Duration maxUntrackedCompletion,
        int minOrders,
        int conclusiveOrders)
        implements Serializable {

    public FastConfirmRule {
        NewAccountFastFiveStarRule.requirePositive(window, "window");
        NewAccountFastFiveStarRule.requirePositive(maxCreatedToCompleted, "maxCreatedToCompleted");
        NewAccountFastFiveStarRule.requirePositive(
                maxUntrackedCompletion, "maxUntrackedCompletion");
        if (minOrders < 2) {
            throw new IllegalArgumentException("minOrders must be >= 2, got " + minOrders);
        }
        if (conclusiveOrders < minOrders) {
            throw new IllegalArgumentException(
                    "conclusiveOrders must be >= minOrders, got " + conclusiveOrders);
        }
    }

    /** The shipped definition: {@code patterns/brushing.fast-confirm.yaml}. */
    public static FastConfirmRule defaults() {
        return DetectionRules.defaults().brushing().fastConfirm();
    }
}
