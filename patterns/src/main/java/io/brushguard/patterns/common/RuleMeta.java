package io.brushguard.patterns.common;

import io.brushguard.avro.Direction;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.model.AlertKind;

import java.io.Serializable;
import java.util.Objects;

/**
 * What every pattern definition states about itself: which rule it is, its version, what kind of
 * risk and direction it reports, and the severity of its alerts.
 */
public record RuleMeta(
        String ruleId, int version, AlertKind kind, Direction direction, Severity severity)
        implements Serializable {

    public RuleMeta {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(severity, "severity");
        if (version < 1) {
            throw new IllegalArgumentException("rule version must be >= 1, got " + version);
        }
    }
}
