package io.brushguard.jobs.control;

import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.control.PatternChange.Action;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.brushing.DuplicateReviewTextDetector;
import io.brushguard.patterns.brushing.DuplicateReviewTextRule;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.definition.PatternDefinitions;
import io.brushguard.patterns.engine.CatalogUpdate;
import io.brushguard.patterns.engine.Lane;
import io.brushguard.patterns.review.SharedDeviceLowRatingDetector;
import io.brushguard.patterns.review.SharedDeviceLowRatingRule;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.created;
import static io.brushguard.patterns.Fixtures.review;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The input selections in front of a lane head: one lane per key an event is taken under, naming
 * every detector that takes it under that key, as the running versions of the rules decide.
 */
class LiveFanOutTest {

    private static final DetectionRules START = PatternDefinitions.shipped();
    private static final LiveCatalog CATALOG = new LiveCatalog(START);
    private static final String SHARED_DEVICE = "malicious-review.shared-device-low-ratings";

    /**
     * 0: shared-device low ratings, by shop, counting ratings up to its max-rating; 1: duplicate
     * review texts, by shop; 2: the same detector by reviewer (a second key for one event).
     */
    private static List<LiveFanOut.Selection<EnrichedEvent>> selections() {
        SharedDeviceLowRatingRule shared = START.maliciousReview().sharedDeviceLowRating();
        DuplicateReviewTextRule duplicate = START.brushing().duplicateReviewText();
        DetectorFactory<EnrichedEvent, RiskAlert> duplicates =
                r -> new DuplicateReviewTextDetector((DuplicateReviewTextRule) r);
        return List.of(
                LiveFanOut.Selection.of(
                        SHARED_DEVICE,
                        SharedDeviceLowRatingDetector::accepts,
                        SharedDeviceLowRatingDetector::key,
                        shared,
                        r -> new SharedDeviceLowRatingDetector((SharedDeviceLowRatingRule) r)),
                LiveFanOut.Selection.of(
                        duplicate.meta().ruleId(),
                        DuplicateReviewTextDetector::accepts,
                        DuplicateReviewTextDetector::key,
                        duplicate,
                        duplicates),
                LiveFanOut.Selection.of(
                        duplicate.meta().ruleId(),
                        DuplicateReviewTextDetector::accepts,
                        e -> e.event.review.getReviewerId(),
                        duplicate,
                        duplicates));
    }

    private static EnrichedEvent rating(String id, int stars) {
        return new EnrichedEvent(review(id, "shop-1", "reviewer-" + id, stars, null, T0), null);
    }

    private static List<String> lanes(List<Lane<EnrichedEvent>> out) {
        return out.stream()
                .map(
                        l ->
                                l.key
                                        + " "
                                        + Long.toBinaryString(l.detectors)
                                        + " "
                                        + l.event.event.review.getReviewId())
                .toList();
    }

    @Test
    void shouldSendOneLanePerKeyNamingEveryDetectorThatTakesTheEventUnderIt() throws Exception {
        try (var h =
                new TwoInputStreamOperatorTestHarness<>(
                        new LiveFanOut<EnrichedEvent>(selections(), CATALOG))) {
            h.open();
            h.processElement1(rating("a", 1), T0);
            h.processElement1(rating("b", 3), T0);
            h.processElement1(new EnrichedEvent(created("o1", "u1", "shop-1", T0), null), T0);

            assertThat(lanes(h.extractOutputValues()))
                    .containsExactly(
                            "shop-1 11 a",
                            "reviewer-a 100 a",
                            // Three stars cannot count for shared-device low ratings (max 2).
                            "shop-1 10 b",
                            "reviewer-b 100 b");
            assertThat(h.getOutput())
                    .as("each lane keeps its event's timestamp")
                    .allSatisfy(
                            r -> assertThat(((StreamRecord<?>) r).getTimestamp()).isEqualTo(T0));
        }
    }

    @Test
    void shouldLetInWhatADeployedVersionCanCount() throws Exception {
        String v1 = PatternDefinitions.shippedText(SHARED_DEVICE);
        ControlDecisions.Decision d =
                ControlDecisions.decide(
                        new PatternChange(
                                "r1",
                                Action.DEPLOY,
                                SHARED_DEVICE,
                                v1.replace("version: 1", "version: 2")
                                        .replace("max-rating: 2", "max-rating: 3"),
                                SHARED_DEVICE + ".yaml",
                                "analyst"),
                        CatalogUpdate.EMPTY,
                        CATALOG,
                        0);
        assertThat(d.status().outcome()).isEqualTo(PatternStatus.APPLIED);
        try (var h =
                new TwoInputStreamOperatorTestHarness<>(
                        new LiveFanOut<EnrichedEvent>(selections(), CATALOG))) {
            h.open();
            h.processElement2(d.next(), 0);
            h.processElement1(rating("b", 3), T0);

            assertThat(lanes(h.extractOutputValues()))
                    .containsExactly("shop-1 11 b", "reviewer-b 100 b");
        }
    }

    @Test
    void shouldPassOnEveryEventAndEveryChangeItTakesToItsSideOutput() throws Exception {
        OutputTag<Lane<EnrichedEvent>> every =
                LiveFanOut.everyEvent(TypeInformation.of(EnrichedEvent.class));
        CatalogUpdate change = new CatalogUpdate(1, List.of());
        try (var h =
                new TwoInputStreamOperatorTestHarness<>(
                        new LiveFanOut<EnrichedEvent>(selections(), CATALOG, every))) {
            h.open();
            h.processElement1(rating("a", 5), T0);
            h.processElement2(change, 0);
            h.processElement2(change, 0);
            h.processElement1(new EnrichedEvent(created("o1", "u1", "shop-1", T0), null), T0 + 1);

            List<Lane<EnrichedEvent>> passed =
                    h.getSideOutput(every).stream().map(StreamRecord::getValue).toList();
            assertThat(passed).hasSize(3);
            assertThat(passed.get(0).event.event.review.getReviewId()).isEqualTo("a");
            assertThat(passed.get(0).detectors).isZero();
            assertThat(passed.get(1).update).as("the change, once").isEqualTo(change);
            assertThat(passed.get(2).event.event.order.getOrderId()).isEqualTo("o1");
            assertThat(h.getSideOutput(every).stream().map(StreamRecord::getTimestamp).toList())
                    .containsExactly(T0, Long.MIN_VALUE, T0 + 1);
        }
    }

    @Test
    void shouldPassOnEveryEventWithNoDetectorToSelectFor() throws Exception {
        OutputTag<Lane<EnrichedEvent>> every =
                LiveFanOut.everyEvent(TypeInformation.of(EnrichedEvent.class));
        try (var h =
                new TwoInputStreamOperatorTestHarness<>(
                        new LiveFanOut<EnrichedEvent>(List.of(), CATALOG, every))) {
            h.open();
            h.processElement1(rating("a", 1), T0);

            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(every)).hasSize(1);
        }
    }

    @Test
    void shouldSelectByTheEventAloneWhenNoDetectorFiltersByItsParameters() throws Exception {
        List<LiveFanOut.Selection<EnrichedEvent>> selections = selections();
        try (var h =
                new OneInputStreamOperatorTestHarness<>(
                        new StreamFlatMap<>(new SelectLanes<>(selections)))) {
            h.open();
            h.processElement(rating("b", 3), T0);
            h.processElement(new EnrichedEvent(created("o1", "u1", "shop-1", T0), null), T0);

            // The shared-device selection accepts any review with a device: no parameters here.
            assertThat(lanes(h.extractOutputValues()))
                    .containsExactly("shop-1 11 b", "reviewer-b 100 b");
        }
    }

    @Test
    void shouldRefuseMoreDetectorsThanALaneHasBits() {
        List<LiveFanOut.Selection<EnrichedEvent>> many =
                Collections.nCopies(65, selections().get(1));
        assertThatThrownBy(() -> new LiveFanOut<>(many, CATALOG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 64 detectors");
    }
}
