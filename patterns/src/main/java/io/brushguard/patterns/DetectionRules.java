package io.brushguard.patterns;

import io.brushguard.patterns.brushing.BrushingRules;
import io.brushguard.patterns.combine.AlertGateRule;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.credit.ListCandidateRules;
import io.brushguard.patterns.definition.PatternDefinitions;
import io.brushguard.patterns.engine.PatternSpec;
import io.brushguard.patterns.parcel.EmptyParcelRules;
import io.brushguard.patterns.review.MaliciousReviewRules;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pattern definitions a job runs, with their parameters, by family. {@code orderRetention} is
 * how long the correlation keeps a quiet order's story (reviews and refunds come weeks after
 * ordering); {@code gate} says how candidates become alerts; {@code lists} when alerts and activity
 * make a subject a blacklist or red-list candidate. {@code declarative} are the patterns defined by
 * files with {@code count:} or {@code sequence:} (docs/patterns.md, "Writing a new pattern"),
 * enabled or not, in id order; none is shipped.
 */
public record DetectionRules(
        Duration orderRetention,
        BrushingRules brushing,
        EmptyParcelRules emptyParcel,
        MaliciousReviewRules maliciousReview,
        AlertGateRule gate,
        ListCandidateRules lists,
        List<PatternSpec> declarative)
        implements Serializable {

    public DetectionRules {
        declarative = sortedById(declarative == null ? List.of() : declarative);
    }

    /** The shipped detectors and settings, with no declarative pattern. */
    public DetectionRules(
            Duration orderRetention,
            BrushingRules brushing,
            EmptyParcelRules emptyParcel,
            MaliciousReviewRules maliciousReview,
            AlertGateRule gate,
            ListCandidateRules lists) {
        this(orderRetention, brushing, emptyParcel, maliciousReview, gate, lists, List.of());
    }

    /**
     * The shipped definitions: the files {@code patterns/*.yaml} on the classpath (in {@code
     * patterns/src/main/resources}), one per detector and one each for the correlation, the gate
     * and the list candidates.
     */
    public static DetectionRules defaults() {
        return PatternDefinitions.shipped();
    }

    /**
     * What every detector's definition states about itself, enabled or not, by family; then the
     * declarative patterns', in id order.
     */
    public List<RuleMeta> metas() {
        List<RuleMeta> metas = new ArrayList<>(detectorMetas());
        declarative.forEach(p -> metas.add(p.meta()));
        return List.copyOf(metas);
    }

    private List<RuleMeta> detectorMetas() {
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
     * The ids of the enabled rules in shadow mode (shipped rules and declarative patterns): they
     * run, but their alerts go to the shadow output only, never to the gate, the alert feed, the
     * credit store or the regulator feed.
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
                orderRetention, brushing, emptyParcel, maliciousReview, gate, other, declarative);
    }

    /**
     * The same rules with {@code patterns} as the declarative ones (in place of any before), kept
     * in id order.
     *
     * @throws IllegalArgumentException when two have the same id
     */
    public DetectionRules withDeclarative(List<PatternSpec> patterns) {
        return new DetectionRules(
                orderRetention, brushing, emptyParcel, maliciousReview, gate, lists, patterns);
    }

    private static List<PatternSpec> sortedById(List<PatternSpec> patterns) {
        List<PatternSpec> sorted = new ArrayList<>(patterns);
        sorted.sort(Comparator.comparing(PatternSpec::id));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                throw new IllegalArgumentException(
                        "two declarative patterns with the id " + sorted.get(i).id());
            }
        }
        return List.copyOf(sorted);
    }
}
