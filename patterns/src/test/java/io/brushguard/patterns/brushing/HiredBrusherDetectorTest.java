package io.brushguard.patterns.brushing;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.ScanType;
import io.brushguard.patterns.model.PlatformEvent;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.minutes;
import static io.brushguard.patterns.Fixtures.orderBuilder;
import static io.brushguard.patterns.Fixtures.review;
import static io.brushguard.patterns.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

class HiredBrusherDetectorTest {

    /** Buyer {@code buyer}, {@code accountAgeDays} old, orders at {@code shop}, signs, reviews. */
    private static void order(
            List<PlatformEvent> events,
            String buyer,
            String shop,
            int i,
            long accountAgeDays,
            int rating,
            long reviewDelay) {
        long at = T0 + hours(6 * i);
        String o = buyer + "-o" + i;
        events.add(
                PlatformEvent.of(
                        orderBuilder(o, buyer, shop, OrderStatus.CREATED, at)
                                .setBuyerRegisteredAt(
                                        Instant.ofEpochMilli(at - days(accountAgeDays)))
                                .build()));
        events.add(scan("w-" + o, o, ScanType.SIGNED, at + days(1)));
        events.add(review("r-" + o, shop, buyer, rating, o, at + days(1) + reviewDelay));
    }

    private static List<RiskAlert> run(List<PlatformEvent> events) throws Exception {
        return BrushingStories.run(
                        new HiredBrusherDetector(NewAccountFastFiveStarRule.perBuyerDefaults()),
                        HiredBrusherDetector::accepts,
                        HiredBrusherDetector::key,
                        events,
                        T0 + days(20))
                .extractOutputValues();
    }

    @Test
    void shouldNameAFreshAccountThatRatesThreeShopsFiveStarsRightAfterDelivery() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            order(events, "hired", "shop-" + i, i, 5, 5, minutes(10));
        }
        List<RiskAlert> alerts = run(events);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getEntityType()).isEqualTo(EntityType.BUYER);
        assertThat(alerts.get(0).getEntityId()).isEqualTo("hired");
        assertThat(alerts.get(0).getRuleId()).isEqualTo("brushing.hired-brusher");
        assertThat(alerts.get(0).getEvidence().getFacts()).containsEntry("distinct_shops", "3");
        assertThat(alerts.get(0).getScore()).isBetween(0.4, 0.79);
    }

    @Test
    void shouldBeConclusiveAtFiveShops() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            order(events, "hired", "shop-" + i, i, 5, 5, minutes(10));
        }
        assertThat(run(events)).extracting(RiskAlert::getScore).last().matches(s -> s >= 0.8);
    }

    @Test
    void shouldNotNameAnEstablishedShopperWhoReviewsPromptly() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            order(events, "loyal", "shop-" + i, i, 900, 5, minutes(10));
        }
        assertThat(run(events)).isEmpty();
    }

    @Test
    void shouldNotNameAFreshAccountThatRatesOneShopRepeatedly() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            order(events, "fan", "one-shop", i, 3, 5, minutes(10));
        }
        assertThat(run(events)).isEmpty();
    }
}
