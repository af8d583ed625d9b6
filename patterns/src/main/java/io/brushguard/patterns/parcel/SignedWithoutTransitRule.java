package io.brushguard.patterns.parcel;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

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

    /** The shipped definition: {@code patterns/empty-parcel.signed-without-transit.yaml}. */
    public static SignedWithoutTransitRule defaults() {
        return DetectionRules.defaults().emptyParcel().signedWithoutTransit();
    }
}
