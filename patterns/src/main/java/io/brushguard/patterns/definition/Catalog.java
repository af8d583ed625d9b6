package io.brushguard.patterns.definition;

import io.brushguard.avro.Direction;
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

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.brushguard.avro.Direction.DEFLATE;
import static io.brushguard.avro.Direction.INFLATE;
import static io.brushguard.patterns.model.AlertKind.BRUSHING;
import static io.brushguard.patterns.model.AlertKind.EMPTY_PARCEL;
import static io.brushguard.patterns.model.AlertKind.MALICIOUS_REVIEW;

/**
 * Every definition the job runs, by id: the detectors, with the kind and direction their code
 * reports and the subject it keys by (a file states them, and they must agree), and the settings of
 * the correlation, the gate and the list candidates. A definition file binds to its entry's record:
 * the record's components are the file's fields ({@code meta}, {@code subject}, {@code window}) and
 * parameters (every other component, in kebab-case).
 */
final class Catalog {

    /**
     * One definition; {@code kind}, {@code direction} and {@code subject} are null for settings.
     */
    record Entry(
            String id,
            Class<? extends Record> type,
            AlertKind kind,
            Direction direction,
            Subject subject) {

        boolean isDetector() {
            return kind != null;
        }
    }

    static final List<Entry> ENTRIES =
            List.of(
                    detector("brushing.order-concentration", OrderConcentrationRule.class),
                    detector("brushing.shared-identity-ring", SharedIdentityRingRule.class),
                    detector(
                            "brushing.new-account-fast-five-star",
                            NewAccountFastFiveStarRule.class),
                    new Entry(
                            "brushing.hired-brusher",
                            NewAccountFastFiveStarRule.class,
                            BRUSHING,
                            INFLATE,
                            Subject.BUYER),
                    new Entry(
                            "brushing.payer-for-many-buyers",
                            PayerForManyBuyersRule.class,
                            BRUSHING,
                            INFLATE,
                            Subject.PAYER),
                    detector("brushing.fast-confirm", FastConfirmRule.class),
                    detector("brushing.cash-back-refund", CashBackRefundRule.class),
                    detector("brushing.duplicate-review-text", DuplicateReviewTextRule.class),
                    new Entry(
                            "empty-parcel.signed-without-transit",
                            SignedWithoutTransitRule.class,
                            EMPTY_PARCEL,
                            INFLATE,
                            Subject.ORDER),
                    detector("empty-parcel.signed-too-fast", SignedTooFastRule.class),
                    detector("empty-parcel.underweight", UnderweightParcelRule.class),
                    new Entry(
                            "empty-parcel.waybill-reuse",
                            WaybillReuseRule.class,
                            EMPTY_PARCEL,
                            INFLATE,
                            Subject.WAYBILL),
                    new Entry(
                            "empty-parcel.courier-anomaly",
                            CourierAnomalyRule.class,
                            EMPTY_PARCEL,
                            INFLATE,
                            Subject.COURIER),
                    new Entry(
                            "empty-parcel.carrier-anomaly",
                            CourierAnomalyRule.class,
                            EMPTY_PARCEL,
                            INFLATE,
                            Subject.CARRIER),
                    detector(
                            "malicious-review.unverified-low-rating-burst",
                            LowRatingBurstRule.class),
                    detector(
                            "malicious-review.unverified-low-rating-day", LowRatingBurstRule.class),
                    detector(
                            "malicious-review.low-rating-before-delivery",
                            LowRatingBeforeDeliveryRule.class),
                    detector(
                            "malicious-review.shared-device-low-ratings",
                            SharedDeviceLowRatingRule.class),
                    new Entry(
                            "malicious-review.competitor-spread",
                            CompetitorSpreadRule.class,
                            MALICIOUS_REVIEW,
                            DEFLATE,
                            Subject.REVIEWER),
                    new Entry(
                            "malicious-review.competitor-spread-device",
                            CompetitorSpreadRule.class,
                            MALICIOUS_REVIEW,
                            DEFLATE,
                            Subject.DEVICE),
                    detector("malicious-review.extortion", ExtortionRule.class),
                    settings("correlation", CorrelationSettings.class),
                    settings("gate", AlertGateRule.class),
                    settings("list-candidates", ListCandidateRules.class));

    private Catalog() {}

    /** A detector keyed by shop, with the kind and direction of its family. */
    private static Entry detector(String id, Class<? extends Record> type) {
        if (id.startsWith("brushing.")) {
            return new Entry(id, type, BRUSHING, INFLATE, Subject.SHOP);
        }
        if (id.startsWith("empty-parcel.")) {
            return new Entry(id, type, EMPTY_PARCEL, INFLATE, Subject.SHOP);
        }
        return new Entry(id, type, MALICIOUS_REVIEW, DEFLATE, Subject.SHOP);
    }

    private static Entry settings(String id, Class<? extends Record> type) {
        return new Entry(id, type, null, null, null);
    }

    static Optional<Entry> find(String id) {
        return ENTRIES.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The rules of a complete set of definitions (every id of the catalog). */
    static DetectionRules assemble(Map<String, Object> byId) {
        return new DetectionRules(
                get(byId, "correlation", CorrelationSettings.class).orderRetention(),
                new BrushingRules(
                        get(byId, "brushing.order-concentration", OrderConcentrationRule.class),
                        get(byId, "brushing.shared-identity-ring", SharedIdentityRingRule.class),
                        get(
                                byId,
                                "brushing.new-account-fast-five-star",
                                NewAccountFastFiveStarRule.class),
                        get(byId, "brushing.hired-brusher", NewAccountFastFiveStarRule.class),
                        get(byId, "brushing.payer-for-many-buyers", PayerForManyBuyersRule.class),
                        get(byId, "brushing.fast-confirm", FastConfirmRule.class),
                        get(byId, "brushing.cash-back-refund", CashBackRefundRule.class),
                        get(byId, "brushing.duplicate-review-text", DuplicateReviewTextRule.class)),
                new EmptyParcelRules(
                        get(
                                byId,
                                "empty-parcel.signed-without-transit",
                                SignedWithoutTransitRule.class),
                        get(byId, "empty-parcel.signed-too-fast", SignedTooFastRule.class),
                        get(byId, "empty-parcel.underweight", UnderweightParcelRule.class),
                        get(byId, "empty-parcel.waybill-reuse", WaybillReuseRule.class),
                        get(byId, "empty-parcel.courier-anomaly", CourierAnomalyRule.class),
                        get(byId, "empty-parcel.carrier-anomaly", CourierAnomalyRule.class)),
                new MaliciousReviewRules(
                        get(
                                byId,
                                "malicious-review.unverified-low-rating-burst",
                                LowRatingBurstRule.class),
                        get(
                                byId,
                                "malicious-review.unverified-low-rating-day",
                                LowRatingBurstRule.class),
                        get(
                                byId,
                                "malicious-review.low-rating-before-delivery",
                                LowRatingBeforeDeliveryRule.class),
                        get(
                                byId,
                                "malicious-review.shared-device-low-ratings",
                                SharedDeviceLowRatingRule.class),
                        get(byId, "malicious-review.competitor-spread", CompetitorSpreadRule.class),
                        get(
                                byId,
                                "malicious-review.competitor-spread-device",
                                CompetitorSpreadRule.class),
                        get(byId, "malicious-review.extortion", ExtortionRule.class)),
                get(byId, "gate", AlertGateRule.class),
                get(byId, "list-candidates", ListCandidateRules.class));
    }

    private static <T> T get(Map<String, Object> byId, String id, Class<T> type) {
        Object rule = byId.get(id);
        if (rule == null) {
            throw new IllegalStateException("no definition of " + id);
        }
        return type.cast(rule);
    }
}
