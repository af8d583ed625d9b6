package io.brushguard.patterns.parcel;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.time.Duration;

/**
 * Empty parcel by route speed: a parcel SIGNED less than {@code maxSignDelay} after PICKED_UP
 * although it was signed in another city than it was picked up in (city = the location code before
 * the first '-'). A shop with at least {@code minParcels} such parcels within {@code window} is
 * flagged.
 */
public record SignedTooFastRule(
        RuleMeta meta, Duration maxSignDelay, int minParcels, Duration window)
        implements Serializable {

    public SignedTooFastRule {
        if (maxSignDelay.isNegative() || maxSignDelay.isZero()) {
            throw new IllegalArgumentException(
                    "maxSignDelay must be positive, got " + maxSignDelay);
        }
        if (minParcels < 1) {
            throw new IllegalArgumentException("minParcels must be >= 1, got " + minParcels);
        }
        if (window.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("window must be at least 1h, got " + window);
        }
    }

    /** The shipped definition: {@code patterns/empty-parcel.signed-too-fast.yaml}. */
    public static SignedTooFastRule defaults() {
        return DetectionRules.defaults().emptyParcel().signedTooFast();
    }
}
