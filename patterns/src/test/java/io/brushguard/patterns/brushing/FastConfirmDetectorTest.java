package io.brushguard.patterns.brushing;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.ScanType;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.created;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.minutes;
import static io.brushguard.patterns.Fixtures.order;
import static io.brushguard.patterns.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

class FastConfirmDetectorTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, RiskAlert> run(
            List<PlatformEvent> events) throws Exception {
        return BrushingStories.run(
                new FastConfirmDetector(FastConfirmRule.defaults()),
                FastConfirmDetector::accepts,
                EnrichedEvent::shopId,
                events,
                T0 + days(10));
    }

    @Test
    void shouldAlertWhenThreeOrdersAreCompletedWithinTwoHoursAndUnsignedIn24h() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            long at = T0 + hours(i);
            events.add(created("o" + i, "b" + i, "s1", at));
            events.add(order("o" + i, "b" + i, "s1", OrderStatus.COMPLETED, at + minutes(30)));
        }
        var h = run(events);
        List<RiskAlert> alerts = h.extractOutputValues();
        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getRuleId()).isEqualTo("brushing.fast-confirm");
        assertThat(a.getEntityType()).isEqualTo(EntityType.SHOP);
        assertThat(a.getOrderIds()).containsExactly("o1", "o2", "o3");
        assertThat(a.getEvidence().getFacts())
                .containsEntry("fast_confirmed_orders", "3")
                .containsEntry(
                        "order o1",
                        "completed 30 min after creation; completed with no SIGNED scan");
        assertThat(a.getScore()).isBetween(0.4, 0.79);
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldCountASignatureWithNoJourneyCompletedWithinSixHours() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            long at = T0 + hours(i);
            events.add(created("o" + i, "b" + i, "s1", at));
            events.add(scan("w" + i, "o" + i, ScanType.CREATED, at + hours(1)));
            events.add(scan("w" + i, "o" + i, ScanType.SIGNED, at + hours(3)));
            events.add(order("o" + i, "b" + i, "s1", OrderStatus.COMPLETED, at + hours(4)));
        }
        assertThat(run(events).extractOutputValues()).hasSize(1);
    }

    @Test
    void shouldNotAlertOnSameCityDeliveriesWithRealScansConfirmedNextDay() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            long at = T0 + minutes(10 * i);
            events.add(created("o" + i, "b" + i, "s1", at));
            events.add(scan("w" + i, "o" + i, ScanType.PICKED_UP, at + hours(1)));
            events.add(scan("w" + i, "o" + i, ScanType.OUT_FOR_DELIVERY, at + hours(2)));
            events.add(scan("w" + i, "o" + i, ScanType.SIGNED, at + hours(3)));
            events.add(order("o" + i, "b" + i, "s1", OrderStatus.COMPLETED, at + days(1)));
        }
        assertThat(run(events).extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNotAlertWhenFastConfirmationsSpreadBeyondADay() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            long at = T0 + days(2L * i);
            events.add(created("o" + i, "b" + i, "s1", at));
            events.add(order("o" + i, "b" + i, "s1", OrderStatus.COMPLETED, at + minutes(30)));
        }
        assertThat(run(events).extractOutputValues()).isEmpty();
    }
}
