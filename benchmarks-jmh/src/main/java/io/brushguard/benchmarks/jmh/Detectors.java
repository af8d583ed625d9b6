package io.brushguard.benchmarks.jmh;

import io.brushguard.avro.EntityType;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.brushing.BrushingRules;
import io.brushguard.patterns.brushing.CashBackRefundDetector;
import io.brushguard.patterns.brushing.DuplicateReviewTextDetector;
import io.brushguard.patterns.brushing.FastConfirmDetector;
import io.brushguard.patterns.brushing.HiredBrusherDetector;
import io.brushguard.patterns.brushing.NewAccountFastFiveStarDetector;
import io.brushguard.patterns.brushing.OrderConcentrationDetector;
import io.brushguard.patterns.brushing.PayerForManyBuyersDetector;
import io.brushguard.patterns.brushing.SharedIdentityRingDetector;
import io.brushguard.patterns.common.PreFilter;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.parcel.CategoryWeightNorm;
import io.brushguard.patterns.parcel.CourierAnomalyDetector;
import io.brushguard.patterns.parcel.EmptyParcelRules;
import io.brushguard.patterns.parcel.SignedTooFastDetector;
import io.brushguard.patterns.parcel.SignedWithoutTransitDetector;
import io.brushguard.patterns.parcel.UnderweightParcelDetector;
import io.brushguard.patterns.parcel.WaybillReuseDetector;
import io.brushguard.patterns.review.CompetitorSpreadDetector;
import io.brushguard.patterns.review.CompetitorSpreadRule;
import io.brushguard.patterns.review.ExtortionDetector;
import io.brushguard.patterns.review.LowRatingBeforeDeliveryDetector;
import io.brushguard.patterns.review.LowRatingBurstDetector;
import io.brushguard.patterns.review.MaliciousReviewRules;
import io.brushguard.patterns.review.SharedDeviceLowRatingDetector;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Every built-in detector of {@link DetectionRules#defaults()}, wired as the job wires it ({@code
 * BrushguardJob.candidates} and {@code EnrichedDetectors.attach}): its input (platform events or
 * correlated events), the selection in front of its shuffle (the job's {@code accepts} and the
 * detector's own {@link PreFilter}), its key and a factory of the function. The underweight
 * detector reads the category norm's output, as in the job; the norm itself is one more entry,
 * {@value #NORM}.
 */
final class Detectors {

    /** The category weight norm in front of the underweight detector (its operator uid). */
    static final String NORM = "norm-category-weight";

    /**
     * One detector: a fresh function for every run, its key, and its selected input in event-time
     * order.
     */
    record Spec<IN>(
            String id,
            TypeInformation<IN> type,
            KeySelector<IN, String> key,
            Supplier<KeyedProcessFunction<String, IN, ?>> function,
            List<IN> input,
            Platform.EventTime<IN> time) {

        /** A fresh function on a fresh operator, open, empty state. */
        Platform.Keyed<IN> open() throws Exception {
            return new Platform.Keyed<>(Platform.harness(function.get(), type, key), input, time);
        }
    }

    private static Map<String, Spec<?>> all;

    private Detectors() {}

    /**
     * Every detector by id, the job's order, the norm right before the underweight detector; made
     * once per JVM.
     */
    static synchronized Map<String, Spec<?>> all() {
        if (all == null) {
            all = Collections.unmodifiableMap(make(Platform.get()));
        }
        return all;
    }

    /** The ids of {@link #all()} in the job's order. */
    static synchronized List<String> ids() {
        return List.copyOf(all().keySet());
    }

    private static Map<String, Spec<?>> make(Platform platform) {
        DetectionRules rules = DetectionRules.defaults();
        BrushingRules brushing = rules.brushing();
        EmptyParcelRules parcel = rules.emptyParcel();
        MaliciousReviewRules review = rules.maliciousReview();
        List<PlatformEvent> events = platform.events();
        List<EnrichedEvent> enriched = platform.enriched();
        Map<String, Spec<?>> all = new LinkedHashMap<>();

        onEvents(
                all,
                brushing.orderConcentration().meta(),
                events,
                OrderConcentrationDetector::accepts,
                e -> e.order.getShopId(),
                () -> new OrderConcentrationDetector(brushing.orderConcentration()));
        onEvents(
                all,
                parcel.signedWithoutTransit().meta(),
                events,
                SignedWithoutTransitDetector::accepts,
                PlatformEvent::orderId,
                () -> new SignedWithoutTransitDetector(parcel.signedWithoutTransit()));
        onEvents(
                all,
                review.lowRatingBurst().meta(),
                events,
                LowRatingBurstDetector::accepts,
                LowRatingBurstDetector::shopOf,
                () -> new LowRatingBurstDetector(review.lowRatingBurst()));
        onEvents(
                all,
                review.lowRatingDay().meta(),
                events,
                LowRatingBurstDetector::accepts,
                LowRatingBurstDetector::shopOf,
                () -> new LowRatingBurstDetector(review.lowRatingDay()));

        onEnriched(
                all,
                brushing.sharedIdentityRing().meta(),
                enriched,
                SharedIdentityRingDetector::accepts,
                EnrichedEvent::shopId,
                () -> new SharedIdentityRingDetector(brushing.sharedIdentityRing()));
        onEnriched(
                all,
                brushing.newAccountFastFiveStar().meta(),
                enriched,
                NewAccountFastFiveStarDetector::accepts,
                EnrichedEvent::shopId,
                () -> new NewAccountFastFiveStarDetector(brushing.newAccountFastFiveStar()));
        onEnriched(
                all,
                brushing.hiredBrusher().meta(),
                enriched,
                NewAccountFastFiveStarDetector::accepts,
                HiredBrusherDetector::key,
                () -> new HiredBrusherDetector(brushing.hiredBrusher()));
        onEnriched(
                all,
                brushing.payerForManyBuyers().meta(),
                enriched,
                PayerForManyBuyersDetector::accepts,
                PayerForManyBuyersDetector::payerOf,
                () -> new PayerForManyBuyersDetector(brushing.payerForManyBuyers()));
        onEnriched(
                all,
                brushing.fastConfirm().meta(),
                enriched,
                FastConfirmDetector::accepts,
                EnrichedEvent::shopId,
                () -> new FastConfirmDetector(brushing.fastConfirm()));
        onEnriched(
                all,
                brushing.cashBackRefund().meta(),
                enriched,
                CashBackRefundDetector::accepts,
                EnrichedEvent::shopId,
                () -> new CashBackRefundDetector(brushing.cashBackRefund()));
        onEnriched(
                all,
                brushing.duplicateReviewText().meta(),
                enriched,
                DuplicateReviewTextDetector::accepts,
                DuplicateReviewTextDetector::key,
                () -> new DuplicateReviewTextDetector(brushing.duplicateReviewText()));
        onEnriched(
                all,
                parcel.signedTooFast().meta(),
                enriched,
                SignedTooFastDetector::accepts,
                SignedTooFastDetector::key,
                () -> new SignedTooFastDetector(parcel.signedTooFast()));

        // The norm over weighed pickups, then the underweight detector over the norm's output.
        Spec<EnrichedEvent> norm =
                spec(
                        NORM,
                        TypeInformation.of(EnrichedEvent.class),
                        enriched,
                        CategoryWeightNorm::accepts,
                        CategoryWeightNorm::key,
                        () -> new CategoryWeightNorm(parcel.underweight()),
                        EnrichedEvent::eventTime);
        all.put(NORM, norm);
        List<EnrichedEvent> weighed =
                new ArrayList<>(
                        Platform.runKeyed(
                                new CategoryWeightNorm(parcel.underweight()),
                                norm.type(),
                                norm.key(),
                                norm.input(),
                                norm.time()));
        weighed.sort(Comparator.comparingLong(EnrichedEvent::eventTime));
        onEnriched(
                all,
                parcel.underweight().meta(),
                weighed,
                UnderweightParcelDetector::accepts,
                UnderweightParcelDetector::key,
                () -> new UnderweightParcelDetector(parcel.underweight()));

        onEnriched(
                all,
                parcel.waybillReuse().meta(),
                enriched,
                WaybillReuseDetector::accepts,
                WaybillReuseDetector::key,
                () -> new WaybillReuseDetector(parcel.waybillReuse()));
        onEnriched(
                all,
                parcel.courierAnomaly().meta(),
                enriched,
                e -> CourierAnomalyDetector.accepts(EntityType.COURIER, e),
                e -> CourierAnomalyDetector.key(EntityType.COURIER, e),
                () -> new CourierAnomalyDetector(parcel.courierAnomaly()));
        onEnriched(
                all,
                parcel.carrierAnomaly().meta(),
                enriched,
                e -> CourierAnomalyDetector.accepts(EntityType.CARRIER, e),
                e -> CourierAnomalyDetector.key(EntityType.CARRIER, e),
                () -> new CourierAnomalyDetector(parcel.carrierAnomaly()));
        onEnriched(
                all,
                review.lowRatingBeforeDelivery().meta(),
                enriched,
                LowRatingBeforeDeliveryDetector::accepts,
                LowRatingBeforeDeliveryDetector::key,
                () -> new LowRatingBeforeDeliveryDetector(review.lowRatingBeforeDelivery()));
        onEnriched(
                all,
                review.sharedDeviceLowRating().meta(),
                enriched,
                SharedDeviceLowRatingDetector::accepts,
                SharedDeviceLowRatingDetector::key,
                () -> new SharedDeviceLowRatingDetector(review.sharedDeviceLowRating()));
        for (CompetitorSpreadRule spread :
                List.of(review.competitorSpread(), review.competitorSpreadByDevice())) {
            onEnriched(
                    all,
                    spread.meta(),
                    enriched,
                    e -> CompetitorSpreadDetector.accepts(spread.subject(), e),
                    e -> CompetitorSpreadDetector.key(spread.subject(), e),
                    () -> new CompetitorSpreadDetector(spread));
        }
        onEnriched(
                all,
                review.extortion().meta(),
                enriched,
                ExtortionDetector::accepts,
                ExtortionDetector::key,
                () -> new ExtortionDetector(review.extortion()));
        return all;
    }

    private static void onEvents(
            Map<String, Spec<?>> all,
            RuleMeta meta,
            List<PlatformEvent> events,
            Predicate<PlatformEvent> accepts,
            KeySelector<PlatformEvent, String> key,
            Supplier<KeyedProcessFunction<String, PlatformEvent, ?>> function) {
        all.put(
                meta.ruleId(),
                spec(
                        meta.ruleId(),
                        TypeInformation.of(PlatformEvent.class),
                        events,
                        accepts,
                        key,
                        function,
                        PlatformEvent::eventTime));
    }

    private static void onEnriched(
            Map<String, Spec<?>> all,
            RuleMeta meta,
            List<EnrichedEvent> events,
            Predicate<EnrichedEvent> accepts,
            KeySelector<EnrichedEvent, String> key,
            Supplier<KeyedProcessFunction<String, EnrichedEvent, ?>> function) {
        all.put(
                meta.ruleId(),
                spec(
                        meta.ruleId(),
                        TypeInformation.of(EnrichedEvent.class),
                        events,
                        accepts,
                        key,
                        function,
                        EnrichedEvent::eventTime));
    }

    /** The events the job would hand the detector: its selection and its own pre-filter. */
    private static <IN> Spec<IN> spec(
            String id,
            TypeInformation<IN> type,
            List<IN> events,
            Predicate<IN> accepts,
            KeySelector<IN, String> key,
            Supplier<KeyedProcessFunction<String, IN, ?>> function,
            Platform.EventTime<IN> time) {
        KeyedProcessFunction<String, IN, ?> probe = function.get();
        Predicate<IN> selected = accepts;
        if (probe instanceof PreFilter<?>) {
            @SuppressWarnings("unchecked")
            PreFilter<IN> pre = (PreFilter<IN>) probe;
            selected = e -> accepts.test(e) && pre.mayCount(e);
        }
        List<IN> input = new ArrayList<>();
        for (IN e : events) {
            if (selected.test(e)) {
                input.add(e);
            }
        }
        return new Spec<>(id, type, key, function, List.copyOf(input), time);
    }
}
