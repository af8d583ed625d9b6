package io.brushguard.patterns.brushing;

import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.ScanType;
import io.brushguard.patterns.model.PlatformEvent;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.created;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.minutes;
import static io.brushguard.patterns.Fixtures.orderBuilder;
import static io.brushguard.patterns.Fixtures.payment;
import static io.brushguard.patterns.Fixtures.review;
import static io.brushguard.patterns.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The personal identifiers a brushing alert names are registered in its evidence, including those
 * that travel in detector state with an order's story (a {@link SignalRef}'s {@link TraceStep}s).
 */
class BrushingEvidenceIdentifiersTest {

    @Test
    void shouldRegisterThePayerItsBuyersAndTheStoriesOfTheirOrders() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            events.add(created("o" + i, "b" + i, "s1", T0 + hours(i)));
            events.add(
                    payment("p" + i, "o" + i, "wallet-X", PaymentStatus.PAID, T0 + hours(i) + 1));
        }
        List<RiskAlert> alerts =
                BrushingStories.run(
                                new PayerForManyBuyersDetector(PayerForManyBuyersRule.defaults()),
                                PayerForManyBuyersDetector::accepts,
                                PayerForManyBuyersDetector::payerOf,
                                events,
                                T0 + days(30))
                        .extractOutputValues();

        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getEvidence().getIdentifiers())
                .containsOnly(
                        entry("wallet-X", "PAYER"),
                        entry("b1", "BUYER"),
                        entry("b2", "BUYER"),
                        entry("b3", "BUYER"),
                        entry("b4", "BUYER"));
        assertThat(a.getEvidence().getTimeline())
                .anySatisfy(
                        t ->
                                assertThat(t.getWhat())
                                        .isEqualTo("payment p1 by wallet-X via wallet"));
    }

    @Test
    void shouldRegisterAHiredBrusherAndTheReviewerOfEveryStory() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long at = T0 + hours(6 * i);
            String o = "hired-o" + i;
            events.add(
                    PlatformEvent.of(
                            orderBuilder(o, "hired", "shop-" + i, OrderStatus.CREATED, at)
                                    .setBuyerRegisteredAt(Instant.ofEpochMilli(at - days(5)))
                                    .build()));
            events.add(scan("w-" + o, o, ScanType.SIGNED, at + days(1)));
            events.add(review("r-" + o, "shop-" + i, "hired", 5, o, at + days(1) + minutes(10)));
        }
        List<RiskAlert> alerts =
                BrushingStories.run(
                                new HiredBrusherDetector(
                                        NewAccountFastFiveStarRule.perBuyerDefaults()),
                                HiredBrusherDetector::accepts,
                                HiredBrusherDetector::key,
                                events,
                                T0 + days(20))
                        .extractOutputValues();

        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getEvidence().getIdentifiers())
                .containsOnly(entry("hired", "BUYER"));
        assertThat(alerts.get(0).getEvidence().getFacts())
                .containsEntry("shops", "shop-0,shop-1,shop-2");
    }
}
