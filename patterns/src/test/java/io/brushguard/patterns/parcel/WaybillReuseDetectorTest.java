package io.brushguard.patterns.parcel;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.ScanType;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.assertOneCleanUpTimer;
import static io.brushguard.patterns.Fixtures.created;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.enrichedHarness;
import static io.brushguard.patterns.Fixtures.hosted;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.scan;
import static io.brushguard.patterns.parcel.ParcelStories.run;
import static org.assertj.core.api.Assertions.assertThat;

class WaybillReuseDetectorTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, RiskAlert>
            detector() throws Exception {
        return enrichedHarness(
                new WaybillReuseDetector(WaybillReuseRule.defaults()), WaybillReuseDetector::key);
    }

    @Test
    void shouldAlertOnTheShopWhenOneWaybillIsScannedForTwoOfItsOrders() throws Exception {
        List<PlatformEvent> events =
                List.of(
                        created("o1", "b1", "s1", T0),
                        created("o2", "b2", "s1", T0 + hours(1)),
                        scan("w1", "o1", ScanType.CREATED, T0 + hours(2)),
                        scan("w1", "o1", ScanType.SIGNED, T0 + hours(5)),
                        scan("w1", "o2", ScanType.CREATED, T0 + hours(6)),
                        scan("w1", "o2", ScanType.SIGNED, T0 + hours(8)));
        List<RiskAlert> alerts =
                run(detector(), WaybillReuseDetector::accepts, events, T0 + days(1));

        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getRuleId()).isEqualTo("empty-parcel.waybill-reuse");
        assertThat(a.getEntityType()).isEqualTo(EntityType.SHOP);
        assertThat(a.getEntityId()).isEqualTo("s1");
        assertThat(a.getOrderIds()).containsExactly("o1", "o2");
        assertThat(a.getEvidence().getFacts())
                .containsEntry("waybill_id", "w1")
                .containsEntry("distinct_orders", "2");
        assertThat(a.getScore()).isGreaterThanOrEqualTo(0.8);
        assertThat(a.getWindowStart().toEpochMilli()).isEqualTo(T0);
        assertThat(a.getWindowEnd().toEpochMilli()).isEqualTo(T0 + hours(6));
    }

    @Test
    void shouldNameTheCarrierWhenTheOrdersShopsAreUnknown() throws Exception {
        List<PlatformEvent> events =
                List.of(
                        scan("w1", "o1", ScanType.CREATED, T0),
                        scan("w1", "o2", ScanType.CREATED, T0 + hours(1)));
        List<RiskAlert> alerts =
                run(detector(), WaybillReuseDetector::accepts, events, T0 + days(1));
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getEntityType()).isEqualTo(EntityType.CARRIER);
        assertThat(alerts.get(0).getEntityId()).isEqualTo("carrier-1");
    }

    @Test
    void shouldNotAlertOnTheManyScansOfOneHonestParcel() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        events.add(created("o1", "b1", "s1", T0));
        ScanType[] story = {
            ScanType.CREATED,
            ScanType.PICKED_UP,
            ScanType.IN_TRANSIT,
            ScanType.IN_TRANSIT,
            ScanType.OUT_FOR_DELIVERY,
            ScanType.SIGNED
        };
        for (int i = 0; i < story.length; i++) {
            events.add(scan("w1", "o1", story[i], T0 + hours(1 + 6 * i)));
        }
        assertThat(run(detector(), WaybillReuseDetector::accepts, events, T0 + days(3))).isEmpty();
    }

    @Test
    void shouldNotAlertWhenACarrierRecyclesANumberMonthsLater() throws Exception {
        List<PlatformEvent> events =
                List.of(
                        created("o1", "b1", "s1", T0),
                        scan("w1", "o1", ScanType.SIGNED, T0 + hours(30)),
                        created("o2", "b2", "s2", T0 + days(90)),
                        scan("w1", "o2", ScanType.CREATED, T0 + days(90) + hours(1)));
        assertThat(run(detector(), WaybillReuseDetector::accepts, events, T0 + days(91))).isEmpty();
    }

    @Test
    void shouldDropAllStateOnceTheWaybillIsQuiet() throws Exception {
        var h = detector();
        run(
                h,
                WaybillReuseDetector::accepts,
                List.of(
                        scan("w1", "o1", ScanType.CREATED, T0),
                        scan("w1", "o2", ScanType.CREATED, T0 + hours(1))),
                T0 + days(1));
        assertThat(h.numKeyedStateEntries()).isPositive();
        h.processWatermark(T0 + days(40));
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldKeepOneCleanUpTimerPerWaybillAndForgetItOnlyAWindowAfterItsLastScan()
            throws Exception {
        long window = WaybillReuseRule.defaults().window().toMillis();
        long last = T0 + hours(30);
        // As the streaming job runs it: events wait in the operator's buffer, not on a timer each.
        var h =
                hosted(
                        new WaybillReuseDetector(WaybillReuseRule.defaults()),
                        WaybillReuseDetector::key,
                        EnrichedEvent.class);
        run(
                h,
                WaybillReuseDetector::accepts,
                List.of(
                        scan("w1", "o1", ScanType.CREATED, T0),
                        scan("w1", "o1", ScanType.IN_TRANSIT, T0 + hours(5)),
                        scan("w1", "o1", ScanType.SIGNED, last)),
                last + hours(1));
        // Scans on three different hours, one clean-up timer (it moves on when it fires).
        assertOneCleanUpTimer(
                h, T0 + window + hours(2), last + window - hours(2), last + window + hours(2));
    }
}
