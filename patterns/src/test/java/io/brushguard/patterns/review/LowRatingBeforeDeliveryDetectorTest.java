package io.brushguard.patterns.review;

import io.brushguard.avro.Direction;
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
import static io.brushguard.patterns.Fixtures.enrichedHarness;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.order;
import static io.brushguard.patterns.Fixtures.review;
import static io.brushguard.patterns.Fixtures.scan;
import static io.brushguard.patterns.review.ReviewStories.run;
import static org.assertj.core.api.Assertions.assertThat;

class LowRatingBeforeDeliveryDetectorTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, RiskAlert>
            detector() throws Exception {
        return enrichedHarness(
                new LowRatingBeforeDeliveryDetector(LowRatingBeforeDeliveryRule.defaults()),
                LowRatingBeforeDeliveryDetector::key);
    }

    /** {@code n} paid orders of shop s1; each rated 1 star by {@code reviewer(i)} at +5 h. */
    private static List<PlatformEvent> story(int n, boolean byStrangers, boolean signedFirst) {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = T0 + hours(i);
            events.add(created("o" + i, "b" + i, "s1", t));
            events.add(order("o" + i, "b" + i, "s1", OrderStatus.PAID, t + 60_000));
            if (signedFirst) {
                events.add(scan("w" + i, "o" + i, ScanType.SIGNED, t + hours(2)));
            }
            String reviewer = byStrangers ? "troll" + i : "b" + i;
            events.add(review("r" + i, "s1", reviewer, 1, "o" + i, t + hours(5)));
        }
        return events;
    }

    @Test
    void shouldAlertWhenThreeAccountsRateOrdersLowBeforeTheyAreDelivered() throws Exception {
        List<RiskAlert> alerts =
                run(
                        detector(),
                        LowRatingBeforeDeliveryDetector::accepts,
                        story(3, true, false),
                        T0 + days(1));

        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getKind()).isEqualTo("MALICIOUS_REVIEW");
        assertThat(a.getDirection()).isEqualTo(Direction.DEFLATE);
        assertThat(a.getRuleId()).isEqualTo("malicious-review.low-rating-before-delivery");
        assertThat(a.getEntityType()).isEqualTo(EntityType.SHOP);
        assertThat(a.getEntityId()).isEqualTo("s1");
        assertThat(a.getOrderIds()).containsExactly("o0", "o1", "o2");
        assertThat(a.getEvidence().getFacts())
                .containsEntry("distinct_reviewers", "3")
                .containsEntry("not_paying_buyer", "3");
        assertThat(a.getEvidence().getSummary()).contains("3 accounts", "threshold 3");
        // Strangers to the orders: conclusive.
        assertThat(a.getScore()).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void shouldScoreBuyersWhoComplainBeforeDeliveryAsAWeakSignal() throws Exception {
        List<RiskAlert> alerts =
                run(
                        detector(),
                        LowRatingBeforeDeliveryDetector::accepts,
                        story(3, false, false),
                        T0 + days(1));
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getScore()).isBetween(0.4, 0.79);
    }

    @Test
    void shouldNotAlertOnLowRatingsAfterTheParcelsWereSigned() throws Exception {
        assertThat(
                        run(
                                detector(),
                                LowRatingBeforeDeliveryDetector::accepts,
                                story(6, true, true),
                                T0 + days(1)))
                .isEmpty();
    }

    @Test
    void shouldNotAlertOnLowRatingsOfCancelledOrders() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t = T0 + hours(i);
            events.add(created("o" + i, "b" + i, "s1", t));
            events.add(order("o" + i, "b" + i, "s1", OrderStatus.CANCELLED, t + hours(1)));
            events.add(review("r" + i, "s1", "b" + i, 1, "o" + i, t + hours(3)));
        }
        assertThat(run(detector(), LowRatingBeforeDeliveryDetector::accepts, events, T0 + days(1)))
                .isEmpty();
    }

    @Test
    void shouldDropAllStateOnceTheWindowHasPassed() throws Exception {
        var h = detector();
        run(h, LowRatingBeforeDeliveryDetector::accepts, story(3, true, false), T0 + days(1));
        assertThat(h.numKeyedStateEntries()).isPositive();
        h.processWatermark(T0 + days(5));
        assertThat(h.numKeyedStateEntries()).isZero();
    }
}
