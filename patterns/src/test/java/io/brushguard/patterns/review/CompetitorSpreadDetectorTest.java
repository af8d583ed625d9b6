package io.brushguard.patterns.review;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderStatus;
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
import static io.brushguard.patterns.Fixtures.enrichedHarness;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.order;
import static io.brushguard.patterns.Fixtures.review;
import static io.brushguard.patterns.review.ReviewStories.run;
import static org.assertj.core.api.Assertions.assertThat;

class CompetitorSpreadDetectorTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, RiskAlert>
            detector() throws Exception {
        return enrichedHarness(
                new CompetitorSpreadDetector(CompetitorSpreadRule.defaults()),
                CompetitorSpreadDetector::key);
    }

    @Test
    void shouldAlertOnAnAccountRatingThreeShopsLowWithoutBuyingThere() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(review("r" + i, "shop" + i, "hired", 1, null, T0 + days(2 * i)));
        }
        List<RiskAlert> alerts =
                run(detector(), CompetitorSpreadDetector::accepts, events, T0 + days(6));

        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getRuleId()).isEqualTo("malicious-review.competitor-spread");
        assertThat(a.getEntityType()).isEqualTo(EntityType.REVIEWER);
        assertThat(a.getEntityId()).isEqualTo("hired");
        assertThat(a.getEvidence().getFacts())
                .containsEntry("distinct_shops", "3")
                .containsEntry("shops", "shop0,shop1,shop2");
        assertThat(a.getScore()).isBetween(0.4, 0.79);
    }

    @Test
    void shouldScoreHigherWhenTheShopsShareACategory() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // Other buyers' orders, all apparel: the account reviews orders it never paid for.
            events.add(created("o" + i, "b" + i, "shop" + i, T0 + hours(i)));
            events.add(review("r" + i, "shop" + i, "hired", 1, "o" + i, T0 + days(1) + hours(i)));
        }
        List<RiskAlert> alerts =
                run(detector(), CompetitorSpreadDetector::accepts, events, T0 + days(2));
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getOrderIds()).containsExactly("o0", "o1", "o2");
        assertThat(alerts.get(0).getEvidence().getFacts()).containsEntry("categories", "apparel");
        assertThat(alerts.get(0).getScore()).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void shouldNotAlertOnAGrumpyBuyerRatingShopsHePaidAt() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(order("o" + i, "grumpy", "shop" + i, OrderStatus.PAID, T0 + hours(i)));
            events.add(review("r" + i, "shop" + i, "grumpy", 1, "o" + i, T0 + days(2) + hours(i)));
        }
        assertThat(run(detector(), CompetitorSpreadDetector::accepts, events, T0 + days(3)))
                .isEmpty();
    }

    @Test
    void shouldNotAlertWhenLowRatingsOfTwoShopsAreSpreadOverWeeks() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(review("r" + i, "shop" + (i % 2), "critic", 2, null, T0 + days(5 * i)));
        }
        assertThat(run(detector(), CompetitorSpreadDetector::accepts, events, T0 + days(30)))
                .isEmpty();
    }
}
