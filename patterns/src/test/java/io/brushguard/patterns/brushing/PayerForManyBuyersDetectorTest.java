package io.brushguard.patterns.brushing;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.RiskAlert;
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
import static io.brushguard.patterns.Fixtures.payment;
import static org.assertj.core.api.Assertions.assertThat;

class PayerForManyBuyersDetectorTest {

    private static void paidFor(
            List<PlatformEvent> events, String payer, String buyer, String shop, int i) {
        events.add(created("o" + i, buyer, shop, T0 + hours(i)));
        events.add(payment("p" + i, "o" + i, payer, PaymentStatus.PAID, T0 + hours(i) + 1000));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, RiskAlert> run(
            List<PlatformEvent> events) throws Exception {
        return BrushingStories.run(
                new PayerForManyBuyersDetector(PayerForManyBuyersRule.defaults()),
                PayerForManyBuyersDetector::accepts,
                PayerForManyBuyersDetector::payerOf,
                events,
                T0 + days(30));
    }

    @Test
    void shouldAlertConclusivelyWhenOnePayerFundsFourBuyersAtOneShop() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            paidFor(events, "wallet-X", "b" + i, "s1", i);
        }
        var h = run(events);
        List<RiskAlert> alerts = h.extractOutputValues();
        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getRuleId()).isEqualTo("brushing.payer-for-many-buyers");
        assertThat(a.getEntityType()).isEqualTo(EntityType.PAYER);
        assertThat(a.getEntityId()).isEqualTo("wallet-X");
        assertThat(a.getOrderIds()).containsExactly("o1", "o2", "o3", "o4");
        assertThat(a.getEvidence().getFacts())
                .containsEntry("distinct_buyers", "4")
                .containsEntry("top_shop", "s1");
        assertThat(a.getScore()).isGreaterThanOrEqualTo(0.8);
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldNotAlertOnAParentPayingForThreeFamilyMembers() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            paidFor(events, "parent", "kid" + (i % 3), "s1", i);
        }
        assertThat(run(events).extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNotCountPayersPayingTheirOwnOrders() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            paidFor(events, "b" + i, "b" + i, "s1", i);
        }
        assertThat(run(events).extractOutputValues()).isEmpty();
    }

    @Test
    void shouldOnlySignalWeaklyWhenTheBuyersOrdersAreSpreadOverShops() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            paidFor(events, "corp-account", "staff" + i, "shop" + i, i);
        }
        List<RiskAlert> alerts = run(events).extractOutputValues();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getScore()).isBetween(0.4, 0.79);
    }

    @Test
    void shouldNotAlertWhenTheFundedBuyersSpreadBeyondTheWindow() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            events.add(created("o" + i, "b" + i, "s1", T0 + days(3L * i)));
            events.add(
                    payment("p" + i, "o" + i, "wallet-X", PaymentStatus.PAID, T0 + days(3L * i)));
        }
        assertThat(run(events).extractOutputValues()).isEmpty();
    }
}
