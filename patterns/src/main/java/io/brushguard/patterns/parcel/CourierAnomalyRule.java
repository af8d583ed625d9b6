package io.brushguard.patterns.parcel;

import io.brushguard.avro.EntityType;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.time.Duration;

/**
 * Empty parcels by who delivers them: among the parcels a {@code subject} (a COURIER, or a whole
 * CARRIER) signed for within {@code window}, at least {@code minFlagged} and a share of at least
 * {@code minShare} were signed with no transit scan ({@code maxWeightGrams} only names light ones
 * in the evidence). Counts are kept in {@code bucket}-long slices, so an old parcel may count up to
 * one bucket longer than the window. At most {@code maxEvidence} flagged parcels are named in an
 * alert.
 */
public record CourierAnomalyRule(
        RuleMeta meta,
        EntityType subject,
        Duration window,
        Duration bucket,
        int minFlagged,
        double minShare,
        int maxWeightGrams,
        int maxEvidence)
        implements Serializable {

    public CourierAnomalyRule {
        if (subject != EntityType.COURIER && subject != EntityType.CARRIER) {
            throw new IllegalArgumentException(
                    "subject must be COURIER or CARRIER, got " + subject);
        }
        if (bucket.isNegative() || bucket.isZero() || window.compareTo(bucket) < 0) {
            throw new IllegalArgumentException(
                    "need 0 < bucket <= window, got " + bucket + " and " + window);
        }
        if (window.toMillis() % bucket.toMillis() != 0) {
            throw new IllegalArgumentException("window must be a multiple of bucket");
        }
        if (minFlagged < 1) {
            throw new IllegalArgumentException("minFlagged must be >= 1, got " + minFlagged);
        }
        if (minShare <= 0 || minShare > 1) {
            throw new IllegalArgumentException("minShare must be within (0, 1], got " + minShare);
        }
        if (maxWeightGrams < 1) {
            throw new IllegalArgumentException(
                    "maxWeightGrams must be >= 1, got " + maxWeightGrams);
        }
        if (maxEvidence < 1) {
            throw new IllegalArgumentException("maxEvidence must be >= 1, got " + maxEvidence);
        }
    }

    /** The shipped definition: {@code patterns/empty-parcel.courier-anomaly.yaml}. */
    public static CourierAnomalyRule defaults() {
        return DetectionRules.defaults().emptyParcel().courierAnomaly();
    }

    /** The shipped definition: {@code patterns/empty-parcel.carrier-anomaly.yaml}. */
    public static CourierAnomalyRule carrierDefaults() {
        return DetectionRules.defaults().emptyParcel().carrierAnomaly();
    }
}
