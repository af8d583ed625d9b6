package io.brushguard.patterns.parcel;

import io.brushguard.avro.Direction;
import io.brushguard.avro.EntityType;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.model.AlertKind;

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
        if (minFlagged < 1 || minShare <= 0 || minShare > 1) {
            throw new IllegalArgumentException(
                    "need minFlagged >= 1 and 0 < minShare <= 1, got "
                            + minFlagged
                            + " and "
                            + minShare);
        }
        if (maxWeightGrams < 1 || maxEvidence < 1) {
            throw new IllegalArgumentException("maxWeightGrams and maxEvidence must be >= 1");
        }
    }

    /**
     * Per courier: 4 or more flagged parcels making up 30% or more of their signatures in 7 days.
     */
    public static CourierAnomalyRule defaults() {
        return new CourierAnomalyRule(
                new RuleMeta(
                        "empty-parcel.courier-anomaly",
                        1,
                        AlertKind.EMPTY_PARCEL,
                        Direction.INFLATE,
                        Severity.MEDIUM),
                EntityType.COURIER,
                Duration.ofDays(7),
                Duration.ofHours(1),
                4,
                0.3,
                50,
                20);
    }

    /** Per carrier: the same share, over at least 20 flagged parcels. */
    public static CourierAnomalyRule carrierDefaults() {
        return new CourierAnomalyRule(
                new RuleMeta(
                        "empty-parcel.carrier-anomaly",
                        1,
                        AlertKind.EMPTY_PARCEL,
                        Direction.INFLATE,
                        Severity.MEDIUM),
                EntityType.CARRIER,
                Duration.ofDays(7),
                Duration.ofHours(1),
                20,
                0.3,
                50,
                20);
    }
}
