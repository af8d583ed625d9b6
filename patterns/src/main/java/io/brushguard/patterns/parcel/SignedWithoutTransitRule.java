package io.brushguard.patterns.parcel;

import io.brushguard.avro.Direction;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.model.AlertKind;

import java.io.Serializable;
import java.time.Duration;

/**
 * Empty parcel: a waybill signed for without any IN_TRANSIT or OUT_FOR_DELIVERY scan before the
 * signature. {@code retention} bounds how long an order's parcel state is kept after its last
 * event.
 */
public record SignedWithoutTransitRule(RuleMeta meta, Duration retention) implements Serializable {

    public SignedWithoutTransitRule {
        if (retention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("retention must be at least 1h, got " + retention);
        }
    }

    public static SignedWithoutTransitRule defaults() {
        return new SignedWithoutTransitRule(
                new RuleMeta(
                        "empty-parcel.signed-without-transit",
                        1,
                        AlertKind.EMPTY_PARCEL,
                        Direction.INFLATE,
                        Severity.MEDIUM),
                Duration.ofDays(7));
    }
}
