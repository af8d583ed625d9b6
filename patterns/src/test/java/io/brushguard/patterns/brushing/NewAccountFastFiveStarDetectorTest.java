package io.brushguard.patterns.brushing;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.ScanType;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

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

class NewAccountFastFiveStarDetectorTest {

    /** An order by a buyer registered {@code accountAgeDays} before it, signed, then reviewed. */
    private static void story(
            List<PlatformEvent> events,
            int i,
            long accountAgeDays,
            long reviewAfterSigned,
            int rating) {
        long at = T0 + hours(i);
        events.add(
                PlatformEvent.of(
                        orderBuilder("o" + i, "b" + i, "s1", OrderStatus.CREATED, at)
                                .setBuyerRegisteredAt(
                                        Instant.ofEpochMilli(at - days(accountAgeDays)))
                                .build()));
        events.add(scan("w" + i, "o" + i, ScanType.SIGNED, at + days(2)));
        events.add(
                review("r" + i, "s1", "b" + i, rating, "o" + i, at + days(2) + reviewAfterSigned));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, RiskAlert> run(
            List<PlatformEvent> events) throws Exception {
        return BrushingStories.run(
                new NewAccountFastFiveStarDetector(NewAccountFastFiveStarRule.defaults()),
                NewAccountFastFiveStarDetector::accepts,
                EnrichedEvent::shopId,
                events,
                T0 + days(30));
    }

    @Test
    void shouldAlertWhenThreeWeekOldAccountsRateFiveStarsWithinAnHourOfSigning() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            story(events, i, 3, minutes(20), 5);
        }
        var h = run(events);
        List<RiskAlert> alerts = h.extractOutputValues();
        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getRuleId()).isEqualTo("brushing.new-account-fast-five-star");
        assertThat(a.getEntityType()).isEqualTo(EntityType.SHOP);
        assertThat(a.getEntityId()).isEqualTo("s1");
        assertThat(a.getOrderIds()).containsExactly("o1", "o2", "o3");
        assertThat(a.getEvidence().getFacts()).containsEntry("distinct_buyers", "3");
        // Each order's correlated story: created, signed, reviewed.
        assertThat(a.getEvidence().getTimeline()).hasSize(9);
        assertThat(a.getScore()).isBetween(0.4, 0.79);
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldEscalateOnceToAConclusiveAlertAtFiveSuchBuyers() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            story(events, i, 1, minutes(5), 5);
        }
        List<RiskAlert> alerts = run(events).extractOutputValues();
        // The weak signal at the third buyer, then one conclusive alert at the fifth; no more.
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).getScore()).isLessThan(0.8);
        assertThat(alerts.get(1).getScore()).isGreaterThanOrEqualTo(0.8);
        assertThat(alerts.get(1).getOrderIds()).hasSize(5);
    }

    @Test
    void shouldNotAlertWhenEstablishedCustomersReviewFast() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            story(events, i, 400, minutes(10), 5);
        }
        assertThat(run(events).extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNotAlertWhenNewAccountsReviewAfterTryingTheProduct() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            story(events, i, 3, days(2), 5);
        }
        assertThat(run(events).extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNotCountFourStarReviews() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            story(events, i, 3, minutes(10), 4);
        }
        assertThat(run(events).extractOutputValues()).isEmpty();
    }

    @Test
    void shouldMeasureFromCompletionWhenTheOrderWasNeverSigned() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            long at = T0 + hours(i);
            events.add(
                    PlatformEvent.of(
                            orderBuilder("o" + i, "b" + i, "s1", OrderStatus.CREATED, at)
                                    .setBuyerRegisteredAt(Instant.ofEpochMilli(at - days(2)))
                                    .build()));
            events.add(
                    PlatformEvent.of(
                            orderBuilder(
                                            "o" + i,
                                            "b" + i,
                                            "s1",
                                            OrderStatus.COMPLETED,
                                            at + days(1))
                                    .setBuyerRegisteredAt(Instant.ofEpochMilli(at - days(2)))
                                    .build()));
            events.add(review("r" + i, "s1", "b" + i, 5, "o" + i, at + days(1) + minutes(30)));
        }
        assertThat(run(events).extractOutputValues()).hasSize(1);
    }
}
