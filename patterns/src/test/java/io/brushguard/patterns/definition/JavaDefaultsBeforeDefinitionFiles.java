package io.brushguard.patterns.definition;

import io.brushguard.avro.Direction;
import io.brushguard.avro.EntityType;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.brushing.BrushingRules;
import io.brushguard.patterns.brushing.CashBackRefundRule;
import io.brushguard.patterns.brushing.DuplicateReviewTextRule;
import io.brushguard.patterns.brushing.FastConfirmRule;
import io.brushguard.patterns.brushing.NewAccountFastFiveStarRule;
import io.brushguard.patterns.brushing.OrderConcentrationRule;
import io.brushguard.patterns.brushing.PayerForManyBuyersRule;
import io.brushguard.patterns.brushing.SharedIdentityRingRule;
import io.brushguard.patterns.combine.AlertGateRule;
import io.brushguard.patterns.common.Incident;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.credit.ListCandidateRules;
import io.brushguard.patterns.model.AlertKind;
import io.brushguard.patterns.parcel.CourierAnomalyRule;
import io.brushguard.patterns.parcel.EmptyParcelRules;
import io.brushguard.patterns.parcel.SignedTooFastRule;
import io.brushguard.patterns.parcel.SignedWithoutTransitRule;
import io.brushguard.patterns.parcel.UnderweightParcelRule;
import io.brushguard.patterns.parcel.WaybillReuseRule;
import io.brushguard.patterns.review.CompetitorSpreadRule;
import io.brushguard.patterns.review.ExtortionRule;
import io.brushguard.patterns.review.LowRatingBeforeDeliveryRule;
import io.brushguard.patterns.review.LowRatingBurstRule;
import io.brushguard.patterns.review.MaliciousReviewRules;
import io.brushguard.patterns.review.SharedDeviceLowRatingRule;

import java.time.Duration;
import java.util.Set;

/**
 * The shipped rules as the Java code built them before they moved to definition files (commit
 * b0dea39, each record's {@code defaults()} copied verbatim): the files must define exactly these.
 */
final class JavaDefaultsBeforeDefinitionFiles {

    private JavaDefaultsBeforeDefinitionFiles() {}

    static DetectionRules rules() {
        return new DetectionRules(
                Duration.ofDays(45),
                new BrushingRules(
                        orderConcentration(),
                        sharedIdentityRing(),
                        newAccountFastFiveStar(),
                        hiredBrusher(),
                        payerForManyBuyers(),
                        fastConfirm(),
                        cashBackRefund(),
                        duplicateReviewText()),
                new EmptyParcelRules(
                        signedWithoutTransit(),
                        signedTooFast(),
                        underweight(),
                        waybillReuse(),
                        courierAnomaly(),
                        carrierAnomaly()),
                new MaliciousReviewRules(
                        lowRatingBurst(),
                        lowRatingDay(),
                        lowRatingBeforeDelivery(),
                        sharedDeviceLowRating(),
                        competitorSpread(),
                        competitorSpreadByDevice(),
                        extortion()),
                gate(),
                lists());
    }

    static OrderConcentrationRule orderConcentration() {
        return new OrderConcentrationRule(
                new RuleMeta(
                        "brushing.order-concentration",
                        1,
                        AlertKind.BRUSHING,
                        Direction.INFLATE,
                        Severity.HIGH),
                Duration.ofHours(1),
                3.0,
                3,
                6);
    }

    static SharedIdentityRingRule sharedIdentityRing() {
        return new SharedIdentityRingRule(
                new RuleMeta(
                        "brushing.shared-identity-ring",
                        1,
                        AlertKind.BRUSHING,
                        Direction.INFLATE,
                        Severity.HIGH),
                Duration.ofDays(7),
                3,
                3,
                3,
                4,
                64);
    }

    static NewAccountFastFiveStarRule newAccountFastFiveStar() {
        return new NewAccountFastFiveStarRule(
                new RuleMeta(
                        "brushing.new-account-fast-five-star",
                        1,
                        AlertKind.BRUSHING,
                        Direction.INFLATE,
                        Severity.MEDIUM),
                Duration.ofDays(7),
                Duration.ofDays(14),
                Duration.ofMinutes(60),
                5,
                3,
                5);
    }

    static NewAccountFastFiveStarRule hiredBrusher() {
        return new NewAccountFastFiveStarRule(
                new RuleMeta(
                        "brushing.hired-brusher",
                        1,
                        AlertKind.BRUSHING,
                        Direction.INFLATE,
                        Severity.MEDIUM),
                Duration.ofDays(7),
                Duration.ofDays(30),
                Duration.ofMinutes(60),
                5,
                3,
                5);
    }

    static PayerForManyBuyersRule payerForManyBuyers() {
        return new PayerForManyBuyersRule(
                new RuleMeta(
                        "brushing.payer-for-many-buyers",
                        1,
                        AlertKind.BRUSHING,
                        Direction.INFLATE,
                        Severity.HIGH),
                Duration.ofDays(7),
                4,
                3);
    }

    static FastConfirmRule fastConfirm() {
        return new FastConfirmRule(
                new RuleMeta(
                        "brushing.fast-confirm",
                        1,
                        AlertKind.BRUSHING,
                        Direction.INFLATE,
                        Severity.MEDIUM),
                Duration.ofHours(24),
                Duration.ofHours(2),
                Duration.ofHours(6),
                3,
                6);
    }

    static CashBackRefundRule cashBackRefund() {
        return new CashBackRefundRule(
                new RuleMeta(
                        "brushing.cash-back-refund",
                        1,
                        AlertKind.BRUSHING,
                        Direction.INFLATE,
                        Severity.HIGH),
                Duration.ofDays(14),
                // Cash-back is paid within hours of the review; honest refunds after a good
                // review come days later, when the product disappoints.
                Duration.ofHours(24),
                4,
                3,
                5);
    }

    static DuplicateReviewTextRule duplicateReviewText() {
        return new DuplicateReviewTextRule(
                new RuleMeta(
                        "brushing.duplicate-review-text",
                        1,
                        AlertKind.BRUSHING,
                        Direction.INFLATE,
                        Severity.LOW),
                Duration.ofDays(7),
                4,
                3,
                0.4,
                500);
    }

    static SignedWithoutTransitRule signedWithoutTransit() {
        return new SignedWithoutTransitRule(
                new RuleMeta(
                        "empty-parcel.signed-without-transit",
                        1,
                        AlertKind.EMPTY_PARCEL,
                        Direction.INFLATE,
                        Severity.MEDIUM),
                Duration.ofDays(7));
    }

    static SignedTooFastRule signedTooFast() {
        return new SignedTooFastRule(
                new RuleMeta(
                        "empty-parcel.signed-too-fast",
                        1,
                        AlertKind.EMPTY_PARCEL,
                        Direction.INFLATE,
                        Severity.MEDIUM),
                Duration.ofHours(3),
                2,
                Duration.ofDays(7));
    }

    static UnderweightParcelRule underweight() {
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
                Duration.ofDays(7),
                0.1,
                50,
                Duration.ofDays(30));
    }

    static WaybillReuseRule waybillReuse() {
        return new WaybillReuseRule(
                new RuleMeta(
                        "empty-parcel.waybill-reuse",
                        1,
                        AlertKind.EMPTY_PARCEL,
                        Direction.INFLATE,
                        Severity.HIGH),
                2,
                Duration.ofDays(30),
                20);
    }

    static CourierAnomalyRule courierAnomaly() {
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

    static CourierAnomalyRule carrierAnomaly() {
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

    static LowRatingBurstRule lowRatingBurst() {
        return new LowRatingBurstRule(
                new RuleMeta(
                        "malicious-review.unverified-low-rating-burst",
                        1,
                        AlertKind.MALICIOUS_REVIEW,
                        Direction.DEFLATE,
                        Severity.HIGH),
                Duration.ofHours(6),
                2,
                5,
                4,
                Duration.ofDays(180),
                0.8);
    }

    static LowRatingBurstRule lowRatingDay() {
        return new LowRatingBurstRule(
                new RuleMeta(
                        "malicious-review.unverified-low-rating-day",
                        1,
                        AlertKind.MALICIOUS_REVIEW,
                        Direction.DEFLATE,
                        Severity.MEDIUM),
                Duration.ofHours(24),
                2,
                6,
                2,
                Duration.ofDays(180),
                0.55);
    }

    static LowRatingBeforeDeliveryRule lowRatingBeforeDelivery() {
        return new LowRatingBeforeDeliveryRule(
                new RuleMeta(
                        "malicious-review.low-rating-before-delivery",
                        1,
                        AlertKind.MALICIOUS_REVIEW,
                        Direction.DEFLATE,
                        Severity.MEDIUM),
                2,
                3,
                Duration.ofDays(3));
    }

    static SharedDeviceLowRatingRule sharedDeviceLowRating() {
        return new SharedDeviceLowRatingRule(
                new RuleMeta(
                        "malicious-review.shared-device-low-ratings",
                        1,
                        AlertKind.MALICIOUS_REVIEW,
                        Direction.DEFLATE,
                        Severity.HIGH),
                2,
                3,
                4,
                Duration.ofDays(7));
    }

    static CompetitorSpreadRule competitorSpread() {
        return new CompetitorSpreadRule(
                new RuleMeta(
                        "malicious-review.competitor-spread",
                        1,
                        AlertKind.MALICIOUS_REVIEW,
                        Direction.DEFLATE,
                        Severity.MEDIUM),
                EntityType.REVIEWER,
                2,
                3,
                Duration.ofDays(7));
    }

    static CompetitorSpreadRule competitorSpreadByDevice() {
        return new CompetitorSpreadRule(
                new RuleMeta(
                        "malicious-review.competitor-spread-device",
                        1,
                        AlertKind.MALICIOUS_REVIEW,
                        Direction.DEFLATE,
                        Severity.MEDIUM),
                EntityType.DEVICE,
                2,
                3,
                Duration.ofDays(7));
    }

    static ExtortionRule extortion() {
        return new ExtortionRule(
                new RuleMeta(
                        "malicious-review.extortion",
                        1,
                        AlertKind.MALICIOUS_REVIEW,
                        Direction.DEFLATE,
                        Severity.HIGH),
                2,
                Duration.ofDays(7),
                2,
                Duration.ofDays(14));
    }

    static AlertGateRule gate() {
        return new AlertGateRule(Incident.CONCLUSIVE, 2, Duration.ofDays(7));
    }

    static ListCandidateRules lists() {
        return new ListCandidateRules(
                Duration.ofDays(90),
                2,
                Severity.HIGH,
                2,
                Set.of(EntityType.SHOP, EntityType.CARRIER),
                Duration.ofDays(30),
                20,
                50);
    }
}
