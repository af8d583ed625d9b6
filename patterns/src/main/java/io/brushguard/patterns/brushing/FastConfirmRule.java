package io.brushguard.patterns.brushing;

import io.brushguard.avro.Direction;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.model.AlertKind;

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

    /** The shipped default: 3 orders within 24 h; under 2 h, or untracked under 6 h. */
    public static FastConfirmRule defaults() {
        return new FastConfirmRule(
                new RuleMeta(
                        "brushing.fast-confirm",
                        1,
                        AlertKind.BRUSHING,
                        Direction.INFLATE,
                        Severity.MEDIUM),
                Duration.ofHours(24),
                Duration.ofHours(2),
                Duration.ofHours(6),
                3,
                6);
    }
}
