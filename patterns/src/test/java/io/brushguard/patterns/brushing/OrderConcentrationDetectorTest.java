package io.brushguard.patterns.brushing;

import io.brushguard.avro.Direction;
import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.created;
import static io.brushguard.patterns.Fixtures.feed;
import static io.brushguard.patterns.Fixtures.harness;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

class OrderConcentrationDetectorTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, PlatformEvent, RiskAlert>
            detector() throws Exception {
        return harness(
                new OrderConcentrationDetector(OrderConcentrationRule.defaults()),
                e -> e.order.getShopId());
    }

    @Test
    void shouldAlertWhenShopHasThreeOrdersPerBuyerWithinAnHour() throws Exception {
        var h = detector();
        feed(
                h,
                created("o1", "b1", "s1", T0),
                created("o2", "b1", "s1", T0 + minutes(10)),
                created("o3", "b1", "s1", T0 + minutes(20)));
        h.processWatermark(T0 + hours(2));

        List<RiskAlert> alerts = h.extractOutputValues();
        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getKind()).isEqualTo("BRUSHING");
        assertThat(a.getDirection()).isEqualTo(Direction.INFLATE);
        assertThat(a.getEntityType()).isEqualTo(EntityType.SHOP);
        assertThat(a.getEntityId()).isEqualTo("s1");
        assertThat(a.getOrderIds()).containsExactly("o1", "o2", "o3");
        assertThat(a.getWindowStart().toEpochMilli()).isEqualTo(T0);
        assertThat(a.getWindowEnd().toEpochMilli()).isEqualTo(T0 + minutes(20));
        assertThat(a.getEvidence().getFacts())
                .containsEntry("orders", "3")
                .containsEntry("distinct_buyers", "1");
        assertThat(a.getEvidence().getTimeline()).hasSize(3);
        assertThat(a.getScore()).isBetween(0.0, 1.0);
    }

    @Test
    void shouldBeConclusiveForAHandfulOfBuyersButOnlyAWeakSignalForAFlashSale() throws Exception {
        var ring = detector();
        for (int i = 0; i < 12; i++) {
            feed(ring, created("r" + i, "ring-" + (i % 3), "s1", T0 + minutes(4 * i)));
        }
        ring.processWatermark(T0 + hours(2));
        assertThat(ring.extractOutputValues())
                .singleElement()
                .satisfies(a -> assertThat(a.getScore()).isGreaterThanOrEqualTo(0.8));

        var flashSale = detector();
        for (int i = 0; i < 90; i++) {
            feed(flashSale, created("f" + i, "fan-" + (i % 30), "s2", T0 + minutes(i / 2)));
        }
        flashSale.processWatermark(T0 + hours(2));
        assertThat(flashSale.extractOutputValues())
                .singleElement()
                .satisfies(a -> assertThat(a.getScore()).isLessThan(0.8));
    }

    @Test
    void shouldNotAlertWhenOrdersComeFromDistinctBuyers() throws Exception {
        var h = detector();
        for (int i = 0; i < 30; i++) {
            feed(h, created("o" + i, "b" + i, "s1", T0 + minutes(i)));
        }
        h.processWatermark(T0 + hours(2));
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNotAlertWhenRepeatOrdersSpreadBeyondTheWindow() throws Exception {
        var h = detector();
        feed(
                h,
                created("o1", "b1", "s1", T0),
                created("o2", "b1", "s1", T0 + minutes(40)),
                created("o3", "b1", "s1", T0 + minutes(80)),
                created("o4", "b1", "s1", T0 + minutes(120)));
        h.processWatermark(T0 + hours(5));
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldAlertOncePerEpisodeNotOncePerOrder() throws Exception {
        var h = detector();
        for (int i = 0; i < 12; i++) {
            feed(h, created("o" + i, "b" + (i % 2), "s1", T0 + minutes(3 * i)));
        }
        h.processWatermark(T0 + hours(3));
        assertThat(h.extractOutputValues()).hasSize(1);
    }

    @Test
    void shouldAlertAgainForANewEpisodeAfterAQuietWindow() throws Exception {
        var h = detector();
        for (int i = 0; i < 3; i++) {
            feed(h, created("a" + i, "b1", "s1", T0 + minutes(i)));
            feed(h, created("c" + i, "b2", "s1", T0 + hours(5) + minutes(i)));
        }
        h.processWatermark(T0 + hours(7));
        assertThat(h.extractOutputValues()).hasSize(2);
    }

    @Test
    void shouldDecideOnlyWhenTheWatermarkPassesTheEvents() throws Exception {
        var h = detector();
        feed(
                h,
                created("o1", "b1", "s1", T0),
                created("o2", "b1", "s1", T0 + minutes(1)),
                created("o3", "b1", "s1", T0 + minutes(2)));
        h.processWatermark(T0 + minutes(1));
        assertThat(h.extractOutputValues()).isEmpty();
        h.processWatermark(T0 + minutes(2));
        assertThat(h.extractOutputValues()).hasSize(1);
    }

    @Test
    void shouldGiveTheSameAlertWhateverTheArrivalOrder() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            events.add(created("o" + i, "b" + (i % 2), "s1", T0 + minutes(5 * i)));
        }
        events.add(created("x", "b9", "s1", T0 + minutes(5)));
        List<String> ids = new ArrayList<>();
        Random random = new Random(7);
        for (int run = 0; run < 5; run++) {
            Collections.shuffle(events, random);
            var h = detector();
            feed(h, events.toArray(PlatformEvent[]::new));
            h.processWatermark(T0 + hours(3));
            List<RiskAlert> alerts = h.extractOutputValues();
            assertThat(alerts).hasSize(1);
            ids.add(alerts.get(0).getAlertId() + alerts.get(0).getOrderIds());
        }
        assertThat(ids).containsOnly(ids.get(0));
    }

    @Test
    void shouldDropItsWindowWhenTheShopGoesQuiet() throws Exception {
        var h = detector();
        feed(h, created("o1", "b1", "s1", T0), created("o2", "b2", "s1", T0 + minutes(1)));
        h.processWatermark(T0 + hours(3));
        assertThat(h.numKeyedStateEntries()).isZero();
    }
}
