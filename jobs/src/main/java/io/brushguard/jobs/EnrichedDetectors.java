package io.brushguard.jobs;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.BrushguardJob.Live;
import io.brushguard.jobs.BrushguardJob.Part;
import io.brushguard.jobs.control.DetectorFactory;
import io.brushguard.jobs.control.LaneHead;
import io.brushguard.jobs.control.LiveFanOut;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.brushing.BrushingRules;
import io.brushguard.patterns.brushing.CashBackRefundDetector;
import io.brushguard.patterns.brushing.CashBackRefundRule;
import io.brushguard.patterns.brushing.DuplicateReviewTextDetector;
import io.brushguard.patterns.brushing.DuplicateReviewTextRule;
import io.brushguard.patterns.brushing.FastConfirmDetector;
import io.brushguard.patterns.brushing.FastConfirmRule;
import io.brushguard.patterns.brushing.HiredBrusherDetector;
import io.brushguard.patterns.brushing.NewAccountFastFiveStarDetector;
import io.brushguard.patterns.brushing.NewAccountFastFiveStarRule;
import io.brushguard.patterns.brushing.PayerForManyBuyersDetector;
import io.brushguard.patterns.brushing.PayerForManyBuyersRule;
import io.brushguard.patterns.brushing.SharedIdentityRingDetector;
import io.brushguard.patterns.brushing.SharedIdentityRingRule;
import io.brushguard.patterns.common.OrderedProcessOperator;
import io.brushguard.patterns.common.PreFilter;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.engine.Lane;
import io.brushguard.patterns.parcel.CategoryWeightNorm;
import io.brushguard.patterns.parcel.CourierAnomalyDetector;
import io.brushguard.patterns.parcel.CourierAnomalyRule;
import io.brushguard.patterns.parcel.EmptyParcelRules;
import io.brushguard.patterns.parcel.SignedTooFastDetector;
import io.brushguard.patterns.parcel.SignedTooFastRule;
import io.brushguard.patterns.parcel.UnderweightParcelDetector;
import io.brushguard.patterns.parcel.UnderweightParcelRule;
import io.brushguard.patterns.parcel.WaybillReuseDetector;
import io.brushguard.patterns.parcel.WaybillReuseRule;
import io.brushguard.patterns.review.CompetitorSpreadDetector;
import io.brushguard.patterns.review.CompetitorSpreadRule;
import io.brushguard.patterns.review.ExtortionDetector;
import io.brushguard.patterns.review.ExtortionRule;
import io.brushguard.patterns.review.LowRatingBeforeDeliveryDetector;
import io.brushguard.patterns.review.LowRatingBeforeDeliveryRule;
import io.brushguard.patterns.review.MaliciousReviewRules;
import io.brushguard.patterns.review.SharedDeviceLowRatingDetector;
import io.brushguard.patterns.review.SharedDeviceLowRatingRule;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.List;

/**
 * The detectors that work on correlated order stories, each keyed by its own subject. Every
 * operator's uid is {@code detector-<rule id>} and must never change (savepoints). A disabled
 * definition's detector is left out.
 */
final class EnrichedDetectors {

    private EnrichedDetectors() {}

    /**
     * The detectors' candidate alerts, and (with live changes) every correlated event and
     * definition change as the built-in detectors' input selection passes them on, for the engine's
     * router to be chained to it (null without live changes).
     */
    record Attached(
            List<DataStream<RiskAlert>> alerts, DataStream<Lane<EnrichedEvent>> everyEvent) {}

    static Attached attach(BrushguardJob.Correlated correlated, DetectionRules rules, Live live) {
        DataStream<EnrichedEvent> enriched = correlated.all();
        List<DataStream<RiskAlert>> out = new ArrayList<>();
        FanOut<EnrichedEvent> fan =
                new FanOut<>(
                        enriched,
                        correlated.parts(),
                        live,
                        "select-built-in-detectors",
                        "lanes-of-built-in-detectors",
                        "the built-in detectors");
        BrushingRules brushing = rules.brushing();
        detector(
                fan,
                out,
                brushing.sharedIdentityRing().meta(),
                SharedIdentityRingDetector::accepts,
                EnrichedEvent::shopId,
                brushing.sharedIdentityRing(),
                r -> new SharedIdentityRingDetector((SharedIdentityRingRule) r));
        detector(
                fan,
                out,
                brushing.newAccountFastFiveStar().meta(),
                NewAccountFastFiveStarDetector::accepts,
                EnrichedEvent::shopId,
                brushing.newAccountFastFiveStar(),
                r -> new NewAccountFastFiveStarDetector((NewAccountFastFiveStarRule) r));
        detector(
                fan,
                out,
                brushing.hiredBrusher().meta(),
                NewAccountFastFiveStarDetector::accepts,
                HiredBrusherDetector::key,
                brushing.hiredBrusher(),
                r -> new HiredBrusherDetector((NewAccountFastFiveStarRule) r));
        detector(
                fan,
                out,
                brushing.payerForManyBuyers().meta(),
                PayerForManyBuyersDetector::accepts,
                PayerForManyBuyersDetector::payerOf,
                brushing.payerForManyBuyers(),
                r -> new PayerForManyBuyersDetector((PayerForManyBuyersRule) r));
        detector(
                fan,
                out,
                brushing.fastConfirm().meta(),
                FastConfirmDetector::accepts,
                EnrichedEvent::shopId,
                brushing.fastConfirm(),
                r -> new FastConfirmDetector((FastConfirmRule) r));
        detector(
                fan,
                out,
                brushing.cashBackRefund().meta(),
                CashBackRefundDetector::accepts,
                EnrichedEvent::shopId,
                brushing.cashBackRefund(),
                r -> new CashBackRefundDetector((CashBackRefundRule) r));
        detector(
                fan,
                out,
                brushing.duplicateReviewText().meta(),
                DuplicateReviewTextDetector::accepts,
                DuplicateReviewTextDetector::key,
                brushing.duplicateReviewText(),
                r -> new DuplicateReviewTextDetector((DuplicateReviewTextRule) r));
        EmptyParcelRules parcel = rules.emptyParcel();
        detector(
                fan,
                out,
                parcel.signedTooFast().meta(),
                SignedTooFastDetector::accepts,
                SignedTooFastDetector::key,
                parcel.signedTooFast(),
                r -> new SignedTooFastDetector((SignedTooFastRule) r));
        if (parcel.underweight().meta().enabled()) {
            // The category norm only serves the underweight detector. Weighed pickups all have
            // an order's story: selected right after the correlation, in its chain.
            UnderweightParcelRule underweight = parcel.underweight();
            String id = underweight.meta().ruleId();
            String normName = "norm: light parcels per category";
            DetectorFactory<EnrichedEvent, EnrichedEvent> norm =
                    r -> new CategoryWeightNorm((UnderweightParcelRule) r);
            TypeInformation<EnrichedEvent> type = enriched.getType();
            DataStream<EnrichedEvent> weighed;
            if (live == null) {
                weighed =
                        OrderedProcessOperator.process(
                                        correlated
                                                .ofOrders()
                                                .filter(CategoryWeightNorm::accepts)
                                                .uid("select-weighed-pickups")
                                                .name("weighed pickups")
                                                .keyBy(CategoryWeightNorm::key),
                                        new CategoryWeightNorm(underweight),
                                        type,
                                        normName)
                                .uid("norm-category-weight");
            } else {
                LiveFanOut.Selection<EnrichedEvent> pickup =
                        new LiveFanOut.Selection<>(
                                id,
                                CategoryWeightNorm::accepts,
                                CategoryWeightNorm::key,
                                underweight,
                                norm);
                KeyedStream<Lane<EnrichedEvent>, String> pickups =
                        live.lanes(
                                live.select(
                                        correlated.ofOrders(),
                                        List.of(pickup),
                                        "select-weighed-pickups",
                                        "weighed pickups"),
                                "lanes-norm-category-weight",
                                "lanes of weighed pickups");
                weighed =
                        live.detector(pickups, 0, type, normName, type, id, underweight, norm)
                                .uid("norm-category-weight");
            }
            FanOut<EnrichedEvent> weighedFan =
                    new FanOut<>(
                            weighed,
                            List.of(new Part<>(weighed, "")),
                            live,
                            "select-" + id,
                            "lanes-" + id,
                            id);
            detector(
                    weighedFan,
                    out,
                    parcel.underweight().meta(),
                    UnderweightParcelDetector::accepts,
                    UnderweightParcelDetector::key,
                    parcel.underweight(),
                    r -> new UnderweightParcelDetector((UnderweightParcelRule) r));
            weighedFan.build(out, false);
        }
        detector(
                fan,
                out,
                parcel.waybillReuse().meta(),
                WaybillReuseDetector::accepts,
                WaybillReuseDetector::key,
                parcel.waybillReuse(),
                r -> new WaybillReuseDetector((WaybillReuseRule) r));
        detector(
                fan,
                out,
                parcel.courierAnomaly().meta(),
                e -> CourierAnomalyDetector.accepts(EntityType.COURIER, e),
                e -> CourierAnomalyDetector.key(EntityType.COURIER, e),
                parcel.courierAnomaly(),
                r -> new CourierAnomalyDetector((CourierAnomalyRule) r));
        detector(
                fan,
                out,
                parcel.carrierAnomaly().meta(),
                e -> CourierAnomalyDetector.accepts(EntityType.CARRIER, e),
                e -> CourierAnomalyDetector.key(EntityType.CARRIER, e),
                parcel.carrierAnomaly(),
                r -> new CourierAnomalyDetector((CourierAnomalyRule) r));
        MaliciousReviewRules review = rules.maliciousReview();
        detector(
                fan,
                out,
                review.lowRatingBeforeDelivery().meta(),
                LowRatingBeforeDeliveryDetector::accepts,
                LowRatingBeforeDeliveryDetector::key,
                review.lowRatingBeforeDelivery(),
                r -> new LowRatingBeforeDeliveryDetector((LowRatingBeforeDeliveryRule) r));
        detector(
                fan,
                out,
                review.sharedDeviceLowRating().meta(),
                SharedDeviceLowRatingDetector::accepts,
                SharedDeviceLowRatingDetector::key,
                review.sharedDeviceLowRating(),
                r -> new SharedDeviceLowRatingDetector((SharedDeviceLowRatingRule) r));
        for (CompetitorSpreadRule spread :
                List.of(review.competitorSpread(), review.competitorSpreadByDevice())) {
            detector(
                    fan,
                    out,
                    spread.meta(),
                    e -> CompetitorSpreadDetector.accepts(spread.subject(), e),
                    e -> CompetitorSpreadDetector.key(spread.subject(), e),
                    spread,
                    r -> new CompetitorSpreadDetector((CompetitorSpreadRule) r));
        }
        detector(
                fan,
                out,
                review.extortion().meta(),
                ExtortionDetector::accepts,
                ExtortionDetector::key,
                review.extortion(),
                r -> new ExtortionDetector((ExtortionRule) r));
        return new Attached(out, fan.build(out, true));
    }

    /**
     * The built-in detectors over one stream. Without live changes each gets its own filter,
     * chained to each of the stream's {@code parts}, so that only the events it takes cross the
     * network, and only to it; with them, they share one input selection ({@link LiveFanOut}) that
     * shuffles each event once per key it is taken under, to a {@link LaneHead} with every detector
     * chained behind it; built once every detector is known.
     */
    static final class FanOut<IN> {
        final DataStream<IN> input;
        final List<Part<IN>> parts;
        final Live live;
        final String uid;
        final String headUid;
        final String name;
        final List<LiveFanOut.Selection<IN>> selections = new ArrayList<>();

        FanOut(
                DataStream<IN> input,
                List<Part<IN>> parts,
                Live live,
                String uid,
                String headUid,
                String name) {
            this.input = input;
            this.parts = parts;
            this.live = live;
            this.uid = uid;
            this.headUid = headUid;
            this.name = name;
        }

        /**
         * With live changes: the input selection, the head and the detectors behind it; returns the
         * selection's side output of every event and change if {@code passOn}, else null.
         */
        DataStream<Lane<IN>> build(List<DataStream<RiskAlert>> out, boolean passOn) {
            if (live == null || (selections.isEmpty() && !passOn)) {
                return null;
            }
            TypeInformation<IN> type = input.getType();
            OutputTag<Lane<IN>> everyEvent = passOn ? LiveFanOut.everyEvent(type) : null;
            SingleOutputStreamOperator<Lane<IN>> selected =
                    input.connect(live.updates())
                            .transform(
                                    "input of " + name,
                                    Lane.typeInfo(type),
                                    new LiveFanOut<>(selections, live.catalog(), everyEvent))
                            .uid(uid);
            if (!selections.isEmpty()) {
                KeyedStream<Lane<IN>, String> lanes =
                        live.lanes(selected, headUid, "lanes of " + name);
                for (int i = 0; i < selections.size(); i++) {
                    LiveFanOut.Selection<IN> s = selections.get(i);
                    out.add(
                            live.alertDetector(lanes, i, s, s.ruleId())
                                    .uid("detector-" + s.ruleId()));
                }
            }
            return passOn ? selected.getSideOutput(everyEvent) : null;
        }
    }

    /**
     * Adds the detector of {@code rule} over {@code fan}'s stream to {@code out}, unless its
     * definition is disabled. With live changes, its input selection and the detector follow the
     * versions deployed while the job runs ({@link LiveDetectorOperator}); the detector's uid is
     * the same either way.
     */
    static <IN> void detector(
            FanOut<IN> fan,
            List<DataStream<RiskAlert>> out,
            RuleMeta rule,
            FilterFunction<IN> accepts,
            KeySelector<IN, String> key,
            Object startRule,
            DetectorFactory<IN, RiskAlert> factory) {
        if (!rule.enabled()) {
            return;
        }
        String ruleId = rule.ruleId();
        if (fan.live != null) {
            fan.selections.add(
                    new LiveFanOut.Selection<>(ruleId, accepts, key, startRule, factory));
            return;
        }
        KeyedProcessFunction<String, IN, RiskAlert> fn = factory.create(startRule);
        FilterFunction<IN> selected = accepts;
        if (fn instanceof PreFilter) {
            // The detector's own per-event condition, before the shuffle: what cannot count is
            // never serialised, shuffled or buffered.
            @SuppressWarnings("unchecked")
            PreFilter<IN> pre = (PreFilter<IN>) fn;
            selected = e -> accepts.filter(e) && pre.mayCount(e);
        }
        DataStream<IN> input = null;
        for (Part<IN> part : fan.parts) {
            DataStream<IN> p =
                    part.stream()
                            .filter(selected)
                            .uid("select-" + ruleId + part.uidSuffix())
                            .name("input of " + ruleId);
            input = input == null ? p : input.union(p);
        }
        out.add(
                OrderedProcessOperator.process(
                                input.keyBy(key), fn, TypeInformation.of(RiskAlert.class), ruleId)
                        .uid("detector-" + ruleId));
    }
}
