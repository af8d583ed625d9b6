package io.brushguard.patterns.parcel;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.brushguard.avro.ScanType.CREATED;
import static io.brushguard.avro.ScanType.IN_TRANSIT;
import static io.brushguard.avro.ScanType.OUT_FOR_DELIVERY;
import static io.brushguard.avro.ScanType.PICKED_UP;
import static io.brushguard.avro.ScanType.SIGNED;
import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.assertOneCleanUpTimer;
import static io.brushguard.patterns.Fixtures.created;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.feed;
import static io.brushguard.patterns.Fixtures.harness;
import static io.brushguard.patterns.Fixtures.hosted;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.minutes;
import static io.brushguard.patterns.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

class SignedWithoutTransitDetectorTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, PlatformEvent, RiskAlert>
            detector() throws Exception {
        return harness(
                new SignedWithoutTransitDetector(SignedWithoutTransitRule.defaults()),
                PlatformEvent::orderId);
    }

    @Test
    void shouldAlertWhenParcelIsSignedWithoutAnyTransitScan() throws Exception {
        var h = detector();
        feed(
                h,
                created("o1", "b1", "s1", T0),
                scan("w1", "o1", CREATED, T0 + hours(1)),
                scan("w1", "o1", PICKED_UP, T0 + hours(2)),
                scan("w1", "o1", SIGNED, T0 + hours(3)));
        h.processWatermark(T0 + hours(4));

        List<RiskAlert> alerts = h.extractOutputValues();
        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getKind()).isEqualTo("EMPTY_PARCEL");
        assertThat(a.getEntityType()).isEqualTo(EntityType.SHOP);
        assertThat(a.getEntityId()).isEqualTo("s1");
        assertThat(a.getOrderIds()).containsExactly("o1");
        assertThat(a.getWindowStart().toEpochMilli()).isEqualTo(T0);
        assertThat(a.getWindowEnd().toEpochMilli()).isEqualTo(T0 + hours(3));
        assertThat(a.getEvidence().getFacts())
                .containsEntry("waybill_id", "w1")
                .containsEntry("transit_scans", "0");
        assertThat(a.getEvidence().getTimeline()).hasSize(4);
    }

    @Test
    void shouldNotAlertWhenParcelHasTransitScans() throws Exception {
        var h = detector();
        feed(
                h,
                created("o1", "b1", "s1", T0),
                scan("w1", "o1", CREATED, T0 + hours(1)),
                scan("w1", "o1", PICKED_UP, T0 + hours(2)),
                scan("w1", "o1", IN_TRANSIT, T0 + hours(10)),
                scan("w1", "o1", OUT_FOR_DELIVERY, T0 + hours(30)),
                scan("w1", "o1", SIGNED, T0 + hours(32)));
        h.processWatermark(T0 + days(2));
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNotAlertWhenASameCityCourierDeliversStraightFromPickUp() throws Exception {
        var h = detector();
        feed(
                h,
                created("o1", "b1", "s1", T0),
                scan("w1", "o1", PICKED_UP, T0 + minutes(10)),
                scan("w1", "o1", OUT_FOR_DELIVERY, T0 + minutes(20)),
                scan("w1", "o1", SIGNED, T0 + minutes(55)));
        h.processWatermark(T0 + hours(2));
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldUseATransitScanThatArrivesAfterTheSignatureButHappenedBefore() throws Exception {
        var h = detector();
        feed(
                h,
                created("o1", "b1", "s1", T0),
                scan("w1", "o1", PICKED_UP, T0 + hours(1)),
                scan("w1", "o1", SIGNED, T0 + hours(20)),
                scan("w1", "o1", IN_TRANSIT, T0 + hours(8)));
        h.processWatermark(T0 + days(1));
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNameTheCarrierWhenTheOrderWasNeverSeen() throws Exception {
        var h = detector();
        feed(h, scan("w1", "o1", PICKED_UP, T0), scan("w1", "o1", SIGNED, T0 + hours(1)));
        h.processWatermark(T0 + hours(2));
        List<RiskAlert> alerts = h.extractOutputValues();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getEntityType()).isEqualTo(EntityType.CARRIER);
        assertThat(alerts.get(0).getEntityId()).isEqualTo("carrier-1");
    }

    @Test
    void shouldAlertOnceWhenTheSignatureIsRepeated() throws Exception {
        var h = detector();
        feed(
                h,
                created("o1", "b1", "s1", T0),
                scan("w1", "o1", SIGNED, T0 + hours(1)),
                scan("w1", "o1", SIGNED, T0 + hours(2)));
        h.processWatermark(T0 + hours(3));
        assertThat(h.extractOutputValues()).hasSize(1);
    }

    @Test
    void shouldForgetAnOrderAfterItsRetention() throws Exception {
        var h = detector();
        feed(
                h,
                created("o1", "b1", "s1", T0),
                scan("w1", "o1", IN_TRANSIT, T0 + hours(5)),
                scan("w1", "o1", SIGNED, T0 + hours(20)));
        h.processWatermark(T0 + days(1));
        assertThat(h.numKeyedStateEntries()).isPositive();
        h.processWatermark(T0 + days(9));
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldForgetEveryParcelOfAnOrderAfterItsRetention() throws Exception {
        var h = detector();
        feed(
                h,
                created("o1", "b1", "s1", T0),
                scan("w1", "o1", PICKED_UP, T0 + hours(2)),
                scan("w2", "o1", PICKED_UP, T0 + hours(3)),
                scan("w1", "o1", IN_TRANSIT, T0 + hours(5)),
                scan("w2", "o1", SIGNED, T0 + hours(20)));
        h.processWatermark(T0 + days(1));
        assertThat(h.extractOutputValues()).hasSize(1);
        h.processWatermark(T0 + days(9));
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    /**
     * An order whose state predates the tracked waybills (restored from a savepoint of an earlier
     * version: parcels but no waybill list) still has its parcels forgotten after its retention.
     */
    @Test
    void shouldForgetTheParcelsOfAnOrderRestoredWithoutItsWaybills() throws Exception {
        var h = detector();
        feed(
                h,
                created("o1", "b1", "s1", T0),
                scan("w1", "o1", PICKED_UP, T0 + hours(2)),
                scan("w2", "o1", IN_TRANSIT, T0 + hours(5)));
        h.processWatermark(T0 + days(1));
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey("o1");
        backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new ValueStateDescriptor<>("parcel-waybills", Types.LIST(Types.STRING)))
                .clear();
        h.processWatermark(T0 + days(9));
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldKeepOneCleanUpTimerPerOrderAndForgetItOnlyARetentionAfterItsLastEvent()
            throws Exception {
        long retention = SignedWithoutTransitRule.defaults().retention().toMillis();
        long last = T0 + hours(30);
        // As the streaming job runs it: events wait in the operator's buffer, not on a timer each.
        var h =
                hosted(
                        new SignedWithoutTransitDetector(SignedWithoutTransitRule.defaults()),
                        PlatformEvent::orderId,
                        PlatformEvent.class);
        feed(
                h,
                created("o1", "b1", "s1", T0),
                scan("w1", "o1", IN_TRANSIT, T0 + hours(5)),
                scan("w1", "o1", SIGNED, last));
        h.processWatermark(last + hours(1));
        // Events on three different hours, one clean-up timer (it moves on when it fires).
        assertOneCleanUpTimer(
                h,
                T0 + retention + hours(2),
                last + retention - hours(2),
                last + retention + hours(2));
    }
}
