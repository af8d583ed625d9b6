package io.brushguard.patterns.combine;

import io.brushguard.patterns.DetectionRules;

import java.io.Serializable;
import java.time.Duration;

/**
 * How candidate alerts become alerts. A candidate scoring at least {@code passScore} is conclusive
 * on its own. Weaker candidates are signals: when signals of at least {@code minRules} different
 * rules accumulate on one subject within {@code window}, and their combined score {@code 1 - Π(1 -
 * best score of each rule)} reaches {@code passScore}, one combined alert is raised.
 */
public record AlertGateRule(double passScore, int minRules, Duration window)
        implements Serializable {

    public AlertGateRule {
        if (passScore <= 0 || passScore > 1) {
            throw new IllegalArgumentException("passScore must be within (0, 1], got " + passScore);
        }
        if (minRules < 2) {
            throw new IllegalArgumentException("minRules must be at least 2, got " + minRules);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
    }

    /** The shipped definition: {@code patterns/gate.yaml}. */
    public static AlertGateRule defaults() {
        return DetectionRules.defaults().gate();
    }
}
