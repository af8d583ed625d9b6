package io.brushguard.patterns.brushing;

import io.brushguard.avro.Direction;
import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.orderBuilder;
import static io.brushguard.patterns.Fixtures.payment;
import static org.assertj.core.api.Assertions.assertThat;

class SharedIdentityRingDetectorTest {

    /** An order CREATED by {@code buyer} from its own IP, on the given device and address. */
    private static PlatformEvent created(
            String orderId, String buyer, String device, String address, long at) {
        return PlatformEvent.of(
                orderBuilder(orderId, buyer, "s1", OrderStatus.CREATED, at)
                        .setDeviceId(device)
                        .setIp("ip-" + buyer)
                        .setShipAddressId(address)
                        .build());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, RiskAlert> run(
            List<PlatformEvent> events, long until) throws Exception {
        return BrushingStories.run(
                new SharedIdentityRingDetector(SharedIdentityRingRule.defaults()),
                SharedIdentityRingDetector::accepts,
                EnrichedEvent::shopId,
                events,
                until);
    }

    /**
     * A shop's identifiers are walked by a clean-up timer on a grid of an eighth of the window: a
     * shop with an order every hour for two days holds a handful of timers, not one per hour, and
     * forgets everything once the last order's window and a grid step have passed.
     */
    @Test
    void shouldForgetTheShopsIdentifiersAfterTheWindowWithFewCleanUpTimers() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            events.add(created("o" + i, "b" + i, "dev-" + i, "addr-" + i, T0 + hours(i)));
        }
        var h = run(events, T0 + days(2));
        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(h.numEventTimeTimers()).isBetween(1, 4);
        assertThat(h.numKeyedStateEntries()).isPositive();

        h.processWatermark(T0 + hours(47) + days(7) + hours(22));
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    /** Clean-up timers restored from a savepoint of the earlier, hourly grid still clean up. */
    @Test
    void shouldTakeATimerOnTheEarlierHourlyGridForACleanUp() {
        SharedIdentityRingDetector d =
                new SharedIdentityRingDetector(SharedIdentityRingRule.defaults());
        assertThat(d.cleansUpAt(T0 + hours(5))).isTrue();
        assertThat(d.cleansUpAt(T0 + hours(5) + 1)).isFalse();
    }

    @Test
    void shouldSignalCoordinatedAccountsWhenThreeBuyersShippingApartOrderFromOneDevice()
            throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            events.add(created("o" + i, "b" + i, "phone-X", "addr-" + i, T0 + days(i)));
        }
        var h = run(events, T0 + days(5));

        List<RiskAlert> alerts = h.extractOutputValues();
        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getKind()).isEqualTo("BRUSHING");
        assertThat(a.getDirection()).isEqualTo(Direction.INFLATE);
        assertThat(a.getRuleId()).isEqualTo("brushing.shared-identity-ring");
        assertThat(a.getEntityType()).isEqualTo(EntityType.SHOP);
        assertThat(a.getEntityId()).isEqualTo("s1");
        assertThat(a.getOrderIds()).containsExactly("o1", "o2", "o3");
        assertThat(a.getEvidence().getFacts())
                .containsEntry("shared_identifier", "device")
                .containsEntry("shared_value", "phone-X")
                .containsEntry("buyers", "b1,b2,b3");
        assertThat(a.getEvidence().getTimeline()).hasSize(3);
        assertThat(a.getWindowStart().toEpochMilli()).isEqualTo(T0 + days(1));
        // Coordinated accounts, but inflating or deflating shows only later: a strong signal
        // that needs a brushing corroboration at the gate.
        assertThat(a.getScore()).isBetween(0.6, 0.79);
    }

    @Test
    void shouldSignalCoordinatedAccountsWhenOnePayerPaysForThreeOtherBuyers() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            events.add(created("o" + i, "b" + i, "dev-" + i, "addr-" + i, T0 + hours(i)));
            events.add(
                    payment("p" + i, "o" + i, "wallet-X", PaymentStatus.PAID, T0 + hours(i) + 1));
        }
        List<RiskAlert> alerts = run(events, T0 + days(1)).extractOutputValues();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getEvidence().getFacts())
                .containsEntry("shared_identifier", "payer")
                .containsEntry("shared_value", "wallet-X");
        assertThat(alerts.get(0).getScore()).isBetween(0.6, 0.79);
    }

    @Test
    void shouldOnlySignalWeaklyAFamilySharingOneTabletAndOneHome() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            events.add(created("o" + i, "b" + i, "tablet", "home", T0 + days(i)));
        }
        List<RiskAlert> alerts = run(events, T0 + days(5)).extractOutputValues();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getScore()).isBetween(0.4, 0.79);
    }

    @Test
    void shouldNotAlertOnAFamilyOfThreeSharingOnlyAnAddress() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            events.add(created("o" + i, "b" + i, "dev-" + i, "home", T0 + days(i)));
        }
        assertThat(run(events, T0 + days(5)).extractOutputValues()).isEmpty();
    }

    @Test
    void shouldSignalOnlyWeaklyWhenFourBuyersShareAnAddress() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            events.add(created("o" + i, "b" + i, "dev-" + i, "dorm", T0 + days(i)));
        }
        List<RiskAlert> alerts = run(events, T0 + days(6)).extractOutputValues();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getEvidence().getFacts())
                .containsEntry("shared_identifier", "address");
        assertThat(alerts.get(0).getScore()).isBetween(0.4, 0.79);
    }

    @Test
    void shouldNotAlertWhenOneDevicesBuyersSpreadBeyondTheWindow() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(created("o" + i, "b" + i, "phone-X", "addr-" + i, T0 + days(8 * i)));
        }
        assertThat(run(events, T0 + days(30)).extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNotCountOneBuyerOrderingRepeatedlyFromItsOwnPhone() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(created("o" + i, "b1", "phone-1", "addr-" + i, T0 + hours(i)));
        }
        assertThat(run(events, T0 + days(2)).extractOutputValues()).isEmpty();
    }

    @Test
    void shouldAlertOncePerRingNotOncePerOrder() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(created("o" + i, "b" + i, "phone-X", "addr-" + i, T0 + hours(6 * i)));
        }
        assertThat(run(events, T0 + days(5)).extractOutputValues()).hasSize(1);
    }

    @Test
    void shouldDropItsStateWhenTheShopGoesQuiet() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            events.add(created("o" + i, "b" + i, "phone-X", "addr-" + i, T0 + days(i)));
        }
        var h = run(events, T0 + days(30));
        assertThat(h.extractOutputValues()).hasSize(1);
        assertThat(h.numKeyedStateEntries()).isZero();
    }
}
