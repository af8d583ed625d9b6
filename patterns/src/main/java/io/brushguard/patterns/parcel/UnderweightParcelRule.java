package io.brushguard.patterns.parcel;

import io.brushguard.avro.Direction;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.model.AlertKind;

import java.io.Serializable;
import java.time.Duration;
import java.util.Set;

/**
 * Empty parcel by weight: a parcel weighing less than {@code maxWeightGrams} at PICKED_UP, for an
 * order whose category is not one of {@code lightCategories} (goods that really can weigh that
 * little, such as gift cards). A shop with at least {@code minParcels} of them within {@code
 * window} is flagged.
 */
public record UnderweightParcelRule(
        RuleMeta meta,
        int maxWeightGrams,
        Set<String> lightCategories,
        int minParcels,
        Duration window)
        implements Serializable {

    public UnderweightParcelRule {
        if (maxWeightGrams < 1) {
            throw new IllegalArgumentException(
                    "maxWeightGrams must be >= 1, got " + maxWeightGrams);
        }
        lightCategories = Set.copyOf(lightCategories);
        if (minParcels < 1) {
            throw new IllegalArgumentException("minParcels must be >= 1, got " + minParcels);
        }
        if (window.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("window must be at least 1h, got " + window);
        }
    }

    public static UnderweightParcelRule defaults() {
        return new UnderweightParcelRule(
                new RuleMeta(
                        "empty-parcel.underweight",
                        1,
                        AlertKind.EMPTY_PARCEL,
                        Direction.INFLATE,
                        Severity.MEDIUM),
                50,
                Set.of(),
                2,
                Duration.ofDays(7));
    }
}
