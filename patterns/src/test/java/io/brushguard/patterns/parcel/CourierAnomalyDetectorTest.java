package io.brushguard.patterns.parcel;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.enrichedHarness;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.parcel.ParcelStories.parcel;
import static io.brushguard.patterns.parcel.ParcelStories.run;
import static org.assertj.core.api.Assertions.assertThat;

class CourierAnomalyDetectorTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, RiskAlert>
            detector() throws Exception {
        return enrichedHarness(
                new CourierAnomalyDetector(CourierAnomalyRule.defaults()),
                CourierAnomalyDetector::key);
    }

    /**
     * Courier {@code courier} signs {@code honest} ordinary parcels, then {@code empty} parcels of
     * 20 g with no transit scan, one every 2 hours, for shops of their own.
     */
    private static List<PlatformEvent> deliveries(String courier, int honest, int empty) {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < honest + empty; i++) {
            boolean fake = i >= honest;
            long pickup = T0 + hours(2 * i);
            events.addAll(
                    parcel(
                            courier + "-o" + i,
                            "shop" + (i % 3),
                            courier,
                            "HGH",
                            pickup,
                            fake ? 20 : 900,
                            fake ? 0 : 2,
                            "HGH",
                            pickup + hours(20)));
        }
        return events;
    }

    @Test
    void shouldAlertOnACourierWhenAThirdOfHisSignaturesAreEmptyParcels() throws Exception {
        List<RiskAlert> alerts =
                run(
                        detector(),
                        CourierAnomalyDetector::accepts,
                        deliveries("c9", 6, 4),
                        T0 + days(3));

        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getRuleId()).isEqualTo("empty-parcel.courier-anomaly");
        assertThat(a.getEntityType()).isEqualTo(EntityType.COURIER);
        assertThat(a.getEntityId()).isEqualTo("c9");
        assertThat(a.getOrderIds()).containsExactly("c9-o6", "c9-o7", "c9-o8", "c9-o9");
        assertThat(a.getEvidence().getFacts())
                .containsEntry("signed", "10")
                .containsEntry("flagged", "4")
                .containsEntry("share", "0.40");
        assertThat(a.getEvidence().getSummary()).contains("10 parcels", "threshold 4");
        assertThat(a.getScore()).isBetween(0.4, 0.79);
    }

    @Test
    void shouldNotAlertOnABusyCourierWithAFewOddParcels() throws Exception {
        // 4 odd parcels among 30: a scanner that missed a hub now and then, not a scheme.
        assertThat(
                        run(
                                detector(),
                                CourierAnomalyDetector::accepts,
                                deliveries("c9", 26, 4),
                                T0 + days(5)))
                .isEmpty();
    }

    @Test
    void shouldNotAlertOnThreeOddParcelsEvenIfTheyAreAllHeSigned() throws Exception {
        assertThat(
                        run(
                                detector(),
                                CourierAnomalyDetector::accepts,
                                deliveries("c9", 0, 3),
                                T0 + days(3)))
                .isEmpty();
    }

    @Test
    void shouldAlertOnTheCarrierOnlyAboveItsHigherMinimum() throws Exception {
        var carrier =
                enrichedHarness(
                        new CourierAnomalyDetector(CourierAnomalyRule.carrierDefaults()),
                        e -> CourierAnomalyDetector.key(EntityType.CARRIER, e));
        List<RiskAlert> few =
                run(
                        carrier,
                        e -> CourierAnomalyDetector.accepts(EntityType.CARRIER, e),
                        deliveries("c9", 6, 4),
                        T0 + days(3));
        assertThat(few).isEmpty();

        var carrier2 =
                enrichedHarness(
                        new CourierAnomalyDetector(CourierAnomalyRule.carrierDefaults()),
                        e -> CourierAnomalyDetector.key(EntityType.CARRIER, e));
        List<RiskAlert> many =
                run(
                        carrier2,
                        e -> CourierAnomalyDetector.accepts(EntityType.CARRIER, e),
                        deliveries("c9", 20, 20),
                        T0 + days(5));
        assertThat(many).hasSize(1);
        assertThat(many.get(0).getEntityType()).isEqualTo(EntityType.CARRIER);
        assertThat(many.get(0).getEntityId()).isEqualTo("carrier-1");
        // Evidence is capped; the counts are not.
        assertThat(many.get(0).getOrderIds()).hasSize(20);
        assertThat(many.get(0).getEvidence().getFacts()).containsEntry("flagged", "20");
    }

    @Test
    void shouldForgetSignaturesOnceTheyLeaveTheWindow() throws Exception {
        var h = detector();
        run(h, CourierAnomalyDetector::accepts, deliveries("c9", 6, 4), T0 + days(3));
        assertThat(h.numKeyedStateEntries()).isPositive();
        h.processWatermark(T0 + days(12));
        assertThat(h.numKeyedStateEntries()).isZero();
    }
}
