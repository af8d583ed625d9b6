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
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.enrichedHarness;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.order;
import static io.brushguard.patterns.Fixtures.reviewBuilder;
import static io.brushguard.patterns.review.ReviewStories.run;
import static org.assertj.core.api.Assertions.assertThat;

class SharedDeviceLowRatingDetectorTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, RiskAlert>
            detector() throws Exception {
        return enrichedHarness(
                new SharedDeviceLowRatingDetector(SharedDeviceLowRatingRule.defaults()),
                SharedDeviceLowRatingDetector::key);
    }

    private static PlatformEvent review(
            String id,
            String reviewer,
            int rating,
            String orderId,
            String device,
            String ip,
            long at) {
        return PlatformEvent.of(
                reviewBuilder(id, "s1", reviewer, rating, orderId, at)
                        .setDeviceId(device)
                        .setIp(ip)
                        .build());
    }

    @Test
    void shouldAlertWhenThreeAccountsRateAShopLowFromOneDevice() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(
                    review("r" + i, "acct" + i, 1, null, "phone-1", "10.9.0." + i, T0 + days(i)));
        }
        List<RiskAlert> alerts =
                run(detector(), SharedDeviceLowRatingDetector::accepts, events, T0 + days(4));

        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getRuleId()).isEqualTo("malicious-review.shared-device-low-ratings");
        assertThat(a.getEntityType()).isEqualTo(EntityType.SHOP);
        assertThat(a.getEntityId()).isEqualTo("s1");
        assertThat(a.getEvidence().getFacts())
                .containsEntry("shared", "device phone-1")
                .containsEntry("distinct_reviewers", "3");
        assertThat(a.getEvidence().getTimeline()).hasSize(3);
        assertThat(a.getScore()).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void shouldScoreStrangersSharingOnlyAnIpAsAWeakSignal() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(review("r" + i, "acct" + i, 2, null, "dev" + i, "10.9.9.9", T0 + hours(i)));
        }
        List<RiskAlert> alerts =
                run(detector(), SharedDeviceLowRatingDetector::accepts, events, T0 + days(1));
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getEvidence().getFacts()).containsEntry("shared", "ip 10.9.9.9");
        assertThat(alerts.get(0).getScore()).isBetween(0.4, 0.79);
    }

    @Test
    void shouldNotAlertOnPayingCustomersBehindOneOfficeIp() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(order("o" + i, "b" + i, "s1", OrderStatus.PAID, T0 + hours(i)));
            events.add(review("r" + i, "b" + i, 1, "o" + i, "dev" + i, "10.9.9.9", T0 + days(2)));
        }
        assertThat(run(detector(), SharedDeviceLowRatingDetector::accepts, events, T0 + days(3)))
                .isEmpty();
    }

    @Test
    void shouldNotAlertOnTwoPeopleOfAHouseholdOrOnGoodRatingsFromOneDevice() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        events.add(review("r1", "mum", 1, null, "tablet", "1.1.1.1", T0));
        events.add(review("r2", "dad", 1, null, "tablet", "1.1.1.1", T0 + hours(1)));
        for (int i = 0; i < 4; i++) {
            events.add(review("g" + i, "kid" + i, 5, null, "tablet", "1.1.1.1", T0 + hours(2 + i)));
        }
        assertThat(run(detector(), SharedDeviceLowRatingDetector::accepts, events, T0 + days(1)))
                .isEmpty();
    }
}
