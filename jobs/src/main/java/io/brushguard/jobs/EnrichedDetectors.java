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
 * operator's uid is {@code detector-<rule id>} and must never change (savepoints).
 */
final class EnrichedDetectors {

    private EnrichedDetectors() {}

    static List<DataStream<RiskAlert>> attach(
            DataStream<EnrichedEvent> enriched, DetectionRules rules) {
        List<DataStream<RiskAlert>> out = new ArrayList<>();
        BrushingRules brushing = rules.brushing();
        out.add(
                detector(
                        enriched,
                        brushing.sharedIdentityRing().meta().ruleId(),
                        SharedIdentityRingDetector::accepts,
                        EnrichedEvent::shopId,
                        new SharedIdentityRingDetector(brushing.sharedIdentityRing())));
        out.add(
                detector(
                        enriched,
                        brushing.newAccountFastFiveStar().meta().ruleId(),
                        NewAccountFastFiveStarDetector::accepts,
                        EnrichedEvent::shopId,
                        new NewAccountFastFiveStarDetector(brushing.newAccountFastFiveStar())));
        out.add(
                detector(
                        enriched,
                        brushing.hiredBrusher().meta().ruleId(),
                        NewAccountFastFiveStarDetector::accepts,
                        HiredBrusherDetector::key,
                        new HiredBrusherDetector(brushing.hiredBrusher())));
        out.add(
                detector(
                        enriched,
                        brushing.payerForManyBuyers().meta().ruleId(),
                        PayerForManyBuyersDetector::accepts,
                        PayerForManyBuyersDetector::payerOf,
                        new PayerForManyBuyersDetector(brushing.payerForManyBuyers())));
        out.add(
                detector(
                        enriched,
                        brushing.fastConfirm().meta().ruleId(),
                        FastConfirmDetector::accepts,
                        EnrichedEvent::shopId,
                        new FastConfirmDetector(brushing.fastConfirm())));
        out.add(
                detector(
                        enriched,
                        brushing.cashBackRefund().meta().ruleId(),
                        CashBackRefundDetector::accepts,
                        EnrichedEvent::shopId,
                        new CashBackRefundDetector(brushing.cashBackRefund())));
        out.add(
                detector(
                        enriched,
                        brushing.duplicateReviewText().meta().ruleId(),
                        DuplicateReviewTextDetector::accepts,
                        DuplicateReviewTextDetector::key,
                        new DuplicateReviewTextDetector(brushing.duplicateReviewText())));
        EmptyParcelRules parcel = rules.emptyParcel();
        out.add(
                detector(
                        enriched,
                        parcel.signedTooFast().meta().ruleId(),
                        SignedTooFastDetector::accepts,
                        SignedTooFastDetector::key,
                        new SignedTooFastDetector(parcel.signedTooFast())));
        DataStream<EnrichedEvent> weighed =
                enriched.filter(CategoryWeightNorm::accepts)
                        .uid("select-weighed-pickups")
                        .name("weighed pickups")
                        .keyBy(CategoryWeightNorm::key)
                        .process(new CategoryWeightNorm(parcel.underweight()))
                        .uid("norm-category-weight")
                        .name("norm: light parcels per category");
        out.add(
                detector(
                        weighed,
                        parcel.underweight().meta().ruleId(),
                        UnderweightParcelDetector::accepts,
                        UnderweightParcelDetector::key,
                        new UnderweightParcelDetector(parcel.underweight())));
        out.add(
                detector(
                        enriched,
                        parcel.waybillReuse().meta().ruleId(),
                        WaybillReuseDetector::accepts,
                        WaybillReuseDetector::key,
                        new WaybillReuseDetector(parcel.waybillReuse())));
        out.add(
                detector(
                        enriched,
                        parcel.courierAnomaly().meta().ruleId(),
                        e -> CourierAnomalyDetector.accepts(EntityType.COURIER, e),
                        e -> CourierAnomalyDetector.key(EntityType.COURIER, e),
                        new CourierAnomalyDetector(parcel.courierAnomaly())));
        out.add(
                detector(
                        enriched,
                        parcel.carrierAnomaly().meta().ruleId(),
                        e -> CourierAnomalyDetector.accepts(EntityType.CARRIER, e),
                        e -> CourierAnomalyDetector.key(EntityType.CARRIER, e),
                        new CourierAnomalyDetector(parcel.carrierAnomaly())));
        MaliciousReviewRules review = rules.maliciousReview();
        out.add(
                detector(
                        enriched,
                        review.lowRatingBeforeDelivery().meta().ruleId(),
                        LowRatingBeforeDeliveryDetector::accepts,
                        LowRatingBeforeDeliveryDetector::key,
                        new LowRatingBeforeDeliveryDetector(review.lowRatingBeforeDelivery())));
        out.add(
                detector(
                        enriched,
                        review.sharedDeviceLowRating().meta().ruleId(),
                        SharedDeviceLowRatingDetector::accepts,
                        SharedDeviceLowRatingDetector::key,
                        new SharedDeviceLowRatingDetector(review.sharedDeviceLowRating())));
        for (CompetitorSpreadRule spread :
                List.of(review.competitorSpread(), review.competitorSpreadByDevice())) {
            out.add(
                    detector(
                            enriched,
                            spread.meta().ruleId(),
                            e -> CompetitorSpreadDetector.accepts(spread.subject(), e),
                            e -> CompetitorSpreadDetector.key(spread.subject(), e),
                            new CompetitorSpreadDetector(spread)));
        }
        out.add(
                detector(
                        enriched,
                        review.extortion().meta().ruleId(),
                        ExtortionDetector::accepts,
                        ExtortionDetector::key,
                        new ExtortionDetector(review.extortion())));
        return out;
    }

    private static DataStream<RiskAlert> detector(
            DataStream<EnrichedEvent> enriched,
            String ruleId,
            FilterFunction<EnrichedEvent> accepts,
            KeySelector<EnrichedEvent, String> key,
            KeyedProcessFunction<String, EnrichedEvent, RiskAlert> fn) {
        FilterFunction<EnrichedEvent> input = accepts;
        if (fn instanceof PreFilter) {
            // The detector's own per-event condition, before the shuffle: what cannot count is
            // never serialised, shuffled or buffered.
            @SuppressWarnings("unchecked")
            PreFilter<EnrichedEvent> pre = (PreFilter<EnrichedEvent>) fn;
            input = e -> accepts.filter(e) && pre.mayCount(e);
        }
        return enriched.filter(input)
                .uid("select-" + ruleId)
                .name("input of " + ruleId)
                .keyBy(key)
                .process(fn)
                .uid("detector-" + ruleId)
                .name(ruleId);
    }
}
