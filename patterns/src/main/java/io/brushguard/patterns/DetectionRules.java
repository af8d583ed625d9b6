package io.brushguard.patterns;

import io.brushguard.patterns.brushing.BrushingRules;
import io.brushguard.patterns.combine.AlertGateRule;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.credit.ListCandidateRules;
import io.brushguard.patterns.definition.PatternDefinitions;
import io.brushguard.patterns.parcel.EmptyParcelRules;
import io.brushguard.patterns.review.MaliciousReviewRules;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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

    /** What every detector's definition states about itself, enabled or not, by family. */
    public List<RuleMeta> metas() {
        return List.of(
                brushing.orderConcentration().meta(),
                brushing.sharedIdentityRing().meta(),
                brushing.newAccountFastFiveStar().meta(),
                brushing.hiredBrusher().meta(),
                brushing.payerForManyBuyers().meta(),
                brushing.fastConfirm().meta(),
                brushing.cashBackRefund().meta(),
                brushing.duplicateReviewText().meta(),
                emptyParcel.signedWithoutTransit().meta(),
                emptyParcel.signedTooFast().meta(),
                emptyParcel.underweight().meta(),
                emptyParcel.waybillReuse().meta(),
                emptyParcel.courierAnomaly().meta(),
                emptyParcel.carrierAnomaly().meta(),
                maliciousReview.lowRatingBurst().meta(),
                maliciousReview.lowRatingDay().meta(),
                maliciousReview.lowRatingBeforeDelivery().meta(),
                maliciousReview.sharedDeviceLowRating().meta(),
                maliciousReview.competitorSpread().meta(),
                maliciousReview.competitorSpreadByDevice().meta(),
                maliciousReview.extortion().meta());
    }

    /**
     * The ids of the enabled rules in shadow mode: they run, but their alerts go to the shadow
     * output only, never to the gate, the alert feed, the credit store or the regulator feed.
     */
    public Set<String> shadowRuleIds() {
        Set<String> ids = new TreeSet<>();
        for (RuleMeta m : metas()) {
            if (m.enabled() && m.shadow()) {
                ids.add(m.ruleId());
            }
        }
        return ids;
    }

    /** The same rules with other list-candidate thresholds. */
    public DetectionRules withLists(ListCandidateRules other) {
        return new DetectionRules(
                orderRetention, brushing, emptyParcel, maliciousReview, gate, other);
    }
}
