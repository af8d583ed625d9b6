package io.brushguard.patterns.common;

import io.brushguard.avro.Direction;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.model.AlertKind;

import java.io.Serializable;
import java.util.Objects;

/**
 * What every pattern definition states about itself: which rule it is, its version, what kind of
 * risk and direction it reports, and the severity of its alerts. {@code enabled} false leaves the
 * detector out of the job; {@code shadow} runs it with its alerts routed to the shadow output only,
 * apart from the gate and every published feed (docs/patterns.md).
 */
public record RuleMeta(
        String ruleId,
        int version,
        AlertKind kind,
        Direction direction,
        Severity severity,
        boolean enabled,
        boolean shadow)
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

    /** An enabled definition, not in shadow mode. */
    public RuleMeta(
            String ruleId, int version, AlertKind kind, Direction direction, Severity severity) {
        this(ruleId, version, kind, direction, severity, true, false);
    }
}
