package io.brushguard.patterns;

import io.brushguard.patterns.brushing.BrushingRules;
import io.brushguard.patterns.combine.AlertGateRule;
import io.brushguard.patterns.credit.ListCandidateRules;
import io.brushguard.patterns.definition.PatternDefinitions;
import io.brushguard.patterns.parcel.EmptyParcelRules;
import io.brushguard.patterns.review.MaliciousReviewRules;

import java.io.Serializable;
import java.time.Duration;

/**
 * The pattern definitions a job runs, with their parameters, by family. {@code orderRetention} is
 * how long the correlation keeps a quiet order's story (reviews and refunds come weeks after
 * ordering); {@code gate} says how candidates become alerts; {@code lists} when alerts and activity
 * make a subject a blacklist or red-list candidate.
 */
public record DetectionRules(
        Duration orderRetention,
        BrushingRules brushing,
        EmptyParcelRules emptyParcel,
        MaliciousReviewRules maliciousReview,
        AlertGateRule gate,
        ListCandidateRules lists)
        implements Serializable {

    /**
     * The shipped definitions: the files {@code patterns/*.yaml} on the classpath (in {@code
     * patterns/src/main/resources}), one per detector and one each for the correlation, the gate
     * and the list candidates.
     */
    public static DetectionRules defaults() {
        return PatternDefinitions.shipped();
    }

    /** The same rules with other list-candidate thresholds. */
    public DetectionRules withLists(ListCandidateRules other) {
        return new DetectionRules(
                orderRetention, brushing, emptyParcel, maliciousReview, gate, other);
    }
}
