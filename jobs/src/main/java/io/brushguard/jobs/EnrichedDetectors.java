package io.brushguard.jobs;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.brushing.BrushingRules;
import io.brushguard.patterns.brushing.CashBackRefundDetector;
import io.brushguard.patterns.brushing.DuplicateReviewTextDetector;
import io.brushguard.patterns.brushing.FastConfirmDetector;
import io.brushguard.patterns.brushing.HiredBrusherDetector;
import io.brushguard.patterns.brushing.NewAccountFastFiveStarDetector;
import io.brushguard.patterns.brushing.PayerForManyBuyersDetector;
import io.brushguard.patterns.brushing.SharedIdentityRingDetector;
import io.brushguard.patterns.common.PreFilter;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.parcel.CategoryWeightNorm;
import io.brushguard.patterns.parcel.CourierAnomalyDetector;
import io.brushguard.patterns.parcel.EmptyParcelRules;
import io.brushguard.patterns.parcel.SignedTooFastDetector;
import io.brushguard.patterns.parcel.UnderweightParcelDetector;
import io.brushguard.patterns.parcel.WaybillReuseDetector;
import io.brushguard.patterns.review.CompetitorSpreadDetector;
import io.brushguard.patterns.review.CompetitorSpreadRule;
import io.brushguard.patterns.review.ExtortionDetector;
import io.brushguard.patterns.review.LowRatingBeforeDeliveryDetector;
import io.brushguard.patterns.review.MaliciousReviewRules;
import io.brushguard.patterns.review.SharedDeviceLowRatingDetector;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

import java.util.ArrayList;
import java.util.List;

/**
 * The detectors that work on correlated order stories, each keyed by its own subject. Every
 * operator's uid is {@code detector-<rule id>} and must never change (savepoints). A disabled
 * definition's detector is left out.
 */
final class EnrichedDetectors {

    private EnrichedDetectors() {}

    static List<DataStream<RiskAlert>> attach(
            DataStream<EnrichedEvent> enriched, DetectionRules rules) {
        List<DataStream<RiskAlert>> out = new ArrayList<>();
        BrushingRules brushing = rules.brushing();
        detector(
                out,
                enriched,
                brushing.sharedIdentityRing().meta(),
                SharedIdentityRingDetector::accepts,
                EnrichedEvent::shopId,
                new SharedIdentityRingDetector(brushing.sharedIdentityRing()));
        detector(
                out,
                enriched,
                brushing.newAccountFastFiveStar().meta(),
                NewAccountFastFiveStarDetector::accepts,
                EnrichedEvent::shopId,
                new NewAccountFastFiveStarDetector(brushing.newAccountFastFiveStar()));
        detector(
                out,
                enriched,
                brushing.hiredBrusher().meta(),
                NewAccountFastFiveStarDetector::accepts,
                HiredBrusherDetector::key,
                new HiredBrusherDetector(brushing.hiredBrusher()));
        detector(
                out,
                enriched,
                brushing.payerForManyBuyers().meta(),
                PayerForManyBuyersDetector::accepts,
                PayerForManyBuyersDetector::payerOf,
                new PayerForManyBuyersDetector(brushing.payerForManyBuyers()));
        detector(
                out,
                enriched,
                brushing.fastConfirm().meta(),
                FastConfirmDetector::accepts,
                EnrichedEvent::shopId,
                new FastConfirmDetector(brushing.fastConfirm()));
        detector(
                out,
                enriched,
                brushing.cashBackRefund().meta(),
                CashBackRefundDetector::accepts,
                EnrichedEvent::shopId,
                new CashBackRefundDetector(brushing.cashBackRefund()));
        detector(
                out,
                enriched,
                brushing.duplicateReviewText().meta(),
                DuplicateReviewTextDetector::accepts,
                DuplicateReviewTextDetector::key,
                new DuplicateReviewTextDetector(brushing.duplicateReviewText()));
        EmptyParcelRules parcel = rules.emptyParcel();
        detector(
                out,
                enriched,
                parcel.signedTooFast().meta(),
                SignedTooFastDetector::accepts,
                SignedTooFastDetector::key,
                new SignedTooFastDetector(parcel.signedTooFast()));
        if (parcel.underweight().meta().enabled()) {
            // The category norm only serves the underweight detector.
            DataStream<EnrichedEvent> weighed =
                    enriched.filter(CategoryWeightNorm::accepts)
                            .uid("select-weighed-pickups")
                            .name("weighed pickups")
                            .keyBy(CategoryWeightNorm::key)
                            .process(new CategoryWeightNorm(parcel.underweight()))
                            .uid("norm-category-weight")
                            .name("norm: light parcels per category");
            detector(
                    out,
                    weighed,
                    parcel.underweight().meta(),
                    UnderweightParcelDetector::accepts,
                    UnderweightParcelDetector::key,
                    new UnderweightParcelDetector(parcel.underweight()));
        }
        detector(
                out,
                enriched,
                parcel.waybillReuse().meta(),
                WaybillReuseDetector::accepts,
                WaybillReuseDetector::key,
                new WaybillReuseDetector(parcel.waybillReuse()));
        detector(
                out,
                enriched,
                parcel.courierAnomaly().meta(),
                e -> CourierAnomalyDetector.accepts(EntityType.COURIER, e),
                e -> CourierAnomalyDetector.key(EntityType.COURIER, e),
                new CourierAnomalyDetector(parcel.courierAnomaly()));
        detector(
                out,
                enriched,
                parcel.carrierAnomaly().meta(),
                e -> CourierAnomalyDetector.accepts(EntityType.CARRIER, e),
                e -> CourierAnomalyDetector.key(EntityType.CARRIER, e),
                new CourierAnomalyDetector(parcel.carrierAnomaly()));
        MaliciousReviewRules review = rules.maliciousReview();
        detector(
                out,
                enriched,
                review.lowRatingBeforeDelivery().meta(),
                LowRatingBeforeDeliveryDetector::accepts,
                LowRatingBeforeDeliveryDetector::key,
                new LowRatingBeforeDeliveryDetector(review.lowRatingBeforeDelivery()));
        detector(
                out,
                enriched,
                review.sharedDeviceLowRating().meta(),
                SharedDeviceLowRatingDetector::accepts,
                SharedDeviceLowRatingDetector::key,
                new SharedDeviceLowRatingDetector(review.sharedDeviceLowRating()));
        for (CompetitorSpreadRule spread :
                List.of(review.competitorSpread(), review.competitorSpreadByDevice())) {
            detector(
                    out,
                    enriched,
                    spread.meta(),
                    e -> CompetitorSpreadDetector.accepts(spread.subject(), e),
                    e -> CompetitorSpreadDetector.key(spread.subject(), e),
                    new CompetitorSpreadDetector(spread));
        }
        detector(
                out,
                enriched,
                review.extortion().meta(),
                ExtortionDetector::accepts,
                ExtortionDetector::key,
                new ExtortionDetector(review.extortion()));
        return out;
    }

    /** Adds the detector of {@code rule} to {@code out}, unless its definition is disabled. */
    private static void detector(
            List<DataStream<RiskAlert>> out,
            DataStream<EnrichedEvent> enriched,
            RuleMeta rule,
            FilterFunction<EnrichedEvent> accepts,
            KeySelector<EnrichedEvent, String> key,
            KeyedProcessFunction<String, EnrichedEvent, RiskAlert> fn) {
        if (!rule.enabled()) {
            return;
        }
        String ruleId = rule.ruleId();
        FilterFunction<EnrichedEvent> input = accepts;
        if (fn instanceof PreFilter) {
            // The detector's own per-event condition, before the shuffle: what cannot count is
            // never serialised, shuffled or buffered.
            @SuppressWarnings("unchecked")
            PreFilter<EnrichedEvent> pre = (PreFilter<EnrichedEvent>) fn;
            input = e -> accepts.filter(e) && pre.mayCount(e);
        }
        out.add(
                enriched.filter(input)
                        .uid("select-" + ruleId)
                        .name("input of " + ruleId)
                        .keyBy(key)
                        .process(fn)
                        .uid("detector-" + ruleId)
                        .name(ruleId));
    }
}
