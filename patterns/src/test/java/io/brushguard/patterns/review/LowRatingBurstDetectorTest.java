package io.brushguard.patterns.review;

import io.brushguard.avro.Direction;
import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.feed;
import static io.brushguard.patterns.Fixtures.harness;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.minutes;
import static io.brushguard.patterns.Fixtures.order;
import static io.brushguard.patterns.Fixtures.review;
import static org.assertj.core.api.Assertions.assertThat;

class LowRatingBurstDetectorTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, PlatformEvent, RiskAlert>
            detector() throws Exception {
        return harness(
                new LowRatingBurstDetector(LowRatingBurstRule.defaults()),
                e -> e.order != null ? e.order.getShopId() : e.review.getShopId());
    }

    @Test
    void shouldAlertOnABurstOfOneStarReviewsFromAccountsThatNeverOrdered() throws Exception {
        var h = detector();
        for (int i = 0; i < 6; i++) {
            feed(h, review("r" + i, "victim", "troll" + i, 1, null, T0 + minutes(20 * i)));
        }
        h.processWatermark(T0 + hours(3));

        List<RiskAlert> alerts = h.extractOutputValues();
        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getKind()).isEqualTo("MALICIOUS_REVIEW");
        assertThat(a.getDirection()).isEqualTo(Direction.DEFLATE);
        assertThat(a.getEntityType()).isEqualTo(EntityType.SHOP);
        assertThat(a.getEntityId()).isEqualTo("victim");
        assertThat(a.getEvidence().getFacts()).containsEntry("distinct_reviewers", "5");
        assertThat(a.getWindowEnd().toEpochMilli()).isEqualTo(T0 + minutes(80));
    }

    /**
     * Five reviews (min-reviews) from exactly four accounts (min-reviewers) alert; from three, not.
     */
    @Test
    void shouldAlertFromExactlyMinReviewersAccountsButNotFromOneFewer() throws Exception {
        var enough = detector();
        var fewer = detector();
        String[] four = {"troll0", "troll1", "troll2", "troll3", "troll0"};
        String[] three = {"troll0", "troll1", "troll2", "troll0", "troll1"};
        for (int i = 0; i < 5; i++) {
            feed(enough, review("r" + i, "victim", four[i], 1, null, T0 + minutes(20 * i)));
            feed(fewer, review("r" + i, "victim", three[i], 1, null, T0 + minutes(20 * i)));
        }
        enough.processWatermark(T0 + hours(3));
        fewer.processWatermark(T0 + hours(3));

        assertThat(enough.extractOutputValues())
                .singleElement()
                .satisfies(
                        a ->
                                assertThat(a.getEvidence().getFacts())
                                        .containsEntry("distinct_reviewers", "4")
                                        .containsEntry("low_ratings", "5"));
        assertThat(fewer.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNotAlertWhenLowRatingsComeFromRealCustomers() throws Exception {
        var h = detector();
        for (int i = 0; i < 10; i++) {
            feed(h, order("o" + i, "buyer" + i, "bad-shop", OrderStatus.PAID, T0 + minutes(i)));
        }
        for (int i = 0; i < 10; i++) {
            feed(
                    h,
                    review(
                            "r" + i,
                            "bad-shop",
                            "buyer" + i,
                            1,
                            "o" + i,
                            T0 + days(3) + minutes(10 * i)));
        }
        h.processWatermark(T0 + days(4));
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNotCountACustomersOrderThatArrivesLateButHappenedBeforeTheReview() throws Exception {
        var h = detector();
        for (int i = 0; i < 6; i++) {
            feed(h, review("r" + i, "shop", "buyer" + i, 1, "o" + i, T0 + hours(2) + minutes(i)));
        }
        for (int i = 0; i < 6; i++) {
            feed(h, order("o" + i, "buyer" + i, "shop", OrderStatus.COMPLETED, T0 + minutes(i)));
        }
        h.processWatermark(T0 + hours(4));
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNotAlertWhenOneAccountPostsManyLowRatings() throws Exception {
        var h = detector();
        for (int i = 0; i < 8; i++) {
            feed(h, review("r" + i, "shop", "angry", 1, null, T0 + minutes(5 * i)));
        }
        h.processWatermark(T0 + hours(2));
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldIgnoreGoodRatingsFromStrangers() throws Exception {
        var h = detector();
        for (int i = 0; i < 8; i++) {
            feed(h, review("r" + i, "shop", "stranger" + i, 5, null, T0 + minutes(5 * i)));
        }
        h.processWatermark(T0 + hours(2));
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNotAlertWhenLowRatingsSpreadOverDays() throws Exception {
        var h = detector();
        for (int i = 0; i < 8; i++) {
            feed(h, review("r" + i, "shop", "stranger" + i, 1, null, T0 + hours(8 * i)));
        }
        h.processWatermark(T0 + days(4));
        assertThat(h.extractOutputValues()).isEmpty();
    }
}
