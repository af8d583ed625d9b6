package io.brushguard.patterns.parcel;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.time.Duration;
import java.util.Set;

/**
 * Empty parcel by weight: a parcel weighing less than {@code maxWeightGrams} at PICKED_UP, far
 * below its category's norm: in its category at most {@code maxCategoryLightShare} of parcels are
 * that light (learned from all shops' parcels, halving in weight every {@code categoryHalfLife},
 * known once {@code minCategorySamples} parcels were seen), and the category is not one of {@code
 * lightCategories}. A shop with at least {@code minParcels} of them within {@code window} is
 * flagged.
 */
public record UnderweightParcelRule(
        RuleMeta meta,
        int maxWeightGrams,
        Set<String> lightCategories,
        int minParcels,
        Duration window,
        double maxCategoryLightShare,
        int minCategorySamples,
        Duration categoryHalfLife)
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
        if (maxCategoryLightShare < 0 || maxCategoryLightShare >= 1) {
            throw new IllegalArgumentException(
                    "maxCategoryLightShare must be within [0, 1), got " + maxCategoryLightShare);
        }
        if (minCategorySamples < 1) {
            throw new IllegalArgumentException(
                    "minCategorySamples must be >= 1, got " + minCategorySamples);
        }
        if (categoryHalfLife.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException(
                    "categoryHalfLife must be at least 1h, got " + categoryHalfLife);
        }
        if (window.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("window must be at least 1h, got " + window);
        }
    }

    /** The shipped definition: {@code patterns/empty-parcel.underweight.yaml}. */
    public static UnderweightParcelRule defaults() {
        return DetectionRules.defaults().emptyParcel().underweight();
    }
}
