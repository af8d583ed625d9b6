package io.brushguard.patterns.review;

import io.brushguard.avro.EntityType;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.time.Duration;

/**
 * Malicious reviews spread by one account ({@code subject} REVIEWER) or one device ({@code subject}
 * DEVICE, for rings that rotate accounts on one phone): ratings of at most {@code maxRating} on at
 * least {@code minShops} distinct shops within {@code window}, none backed by a paid order of the
 * account at that shop. Shops of one category make it look like a competitor at work.
 */
public record CompetitorSpreadRule(
        RuleMeta meta, EntityType subject, int maxRating, int minShops, Duration window)
        implements Serializable {

    public CompetitorSpreadRule {
        if (maxRating < 1 || maxRating > 4) {
            throw new IllegalArgumentException("maxRating must be within 1..4, got " + maxRating);
        }
        if (window.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("window must be at least 1h, got " + window);
        }
        if (subject != EntityType.REVIEWER && subject != EntityType.DEVICE) {
            throw new IllegalArgumentException(
                    "subject must be REVIEWER or DEVICE, got " + subject);
        }
        if (minShops < 2) {
            throw new IllegalArgumentException("minShops must be >= 2, got " + minShops);
        }
    }

    /** The shipped definition: {@code patterns/malicious-review.competitor-spread.yaml}. */
    public static CompetitorSpreadRule defaults() {
        return DetectionRules.defaults().maliciousReview().competitorSpread();
    }

    /** The shipped definition: {@code patterns/malicious-review.competitor-spread-device.yaml}. */
    public static CompetitorSpreadRule deviceDefaults() {
        return DetectionRules.defaults().maliciousReview().competitorSpreadByDevice();
    }
}
