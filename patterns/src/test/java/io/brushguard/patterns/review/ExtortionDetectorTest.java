package io.brushguard.patterns.review;

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
import static io.brushguard.patterns.Fixtures.created;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.enrichedHarness;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.order;
import static io.brushguard.patterns.Fixtures.payment;
import static io.brushguard.patterns.Fixtures.review;
import static io.brushguard.patterns.review.ReviewStories.run;
import static org.assertj.core.api.Assertions.assertThat;

class ExtortionDetectorTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, RiskAlert>
            detector() throws Exception {
        return enrichedHarness(
                new ExtortionDetector(ExtortionRule.defaults()), ExtortionDetector::key);
    }

    /**
     * Order {@code id} at s1 by {@code buyer}, paid; rated {@code rating} at +2 d; refunded at +2 d
     * + {@code refundAfter}.
     */
    private static List<PlatformEvent> story(
            String id, String buyer, long t, int rating, long refundAfter) {
        List<PlatformEvent> events = new ArrayList<>();
        events.add(created(id, buyer, "s1", t));
        events.add(payment("p-" + id, id, buyer, PaymentStatus.PAID, t + 60_000));
        events.add(review("r-" + id, "s1", buyer, rating, id, t + days(2)));
        events.add(order(id, buyer, "s1", OrderStatus.REFUNDED, t + days(2) + refundAfter));
        events.add(
                payment("p-" + id, id, buyer, PaymentStatus.REFUNDED, t + days(2) + refundAfter));
        return events;
    }

    @Test
    void shouldAlertWhenTwoOrdersAreRefundedDaysAfterALowRating() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        events.addAll(story("o1", "b1", T0, 1, hours(20)));
        events.addAll(story("o2", "b2", T0 + days(3), 2, days(2)));
        List<RiskAlert> alerts = run(detector(), ExtortionDetector::accepts, events, T0 + days(10));

        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getRuleId()).isEqualTo("malicious-review.extortion");
        assertThat(a.getEntityType()).isEqualTo(EntityType.SHOP);
        assertThat(a.getEntityId()).isEqualTo("s1");
        assertThat(a.getOrderIds()).containsExactly("o1", "o2");
        assertThat(a.getEvidence().getFacts())
                .containsEntry("refunded_after_low_rating", "2")
                .containsEntry(
                        "orders",
                        "o1: 1 star(s), refund 20 h later; o2: 2 star(s), refund 48 h later");
        assertThat(a.getScore()).isBetween(0.4, 0.79);
        assertThat(a.getWindowStart().toEpochMilli()).isEqualTo(T0);
    }

    @Test
    void shouldScoreOneAccountSqueezingTheShopTwiceAsConclusive() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        events.addAll(story("o1", "pro", T0, 1, hours(5)));
        events.addAll(story("o2", "pro", T0 + days(1), 1, hours(5)));
        List<RiskAlert> alerts = run(detector(), ExtortionDetector::accepts, events, T0 + days(5));
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getScore()).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void shouldNotAlertWhenTheRefundCameBeforeTheComplaint() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = "o" + i;
            long t = T0 + days(i);
            events.add(created(id, "b" + i, "s1", t));
            events.add(order(id, "b" + i, "s1", OrderStatus.REFUNDED, t + days(1)));
            events.add(review("r" + i, "s1", "b" + i, 1, id, t + days(2)));
            events.add(payment("p" + i, id, "b" + i, PaymentStatus.REFUNDED, t + days(3)));
        }
        assertThat(run(detector(), ExtortionDetector::accepts, events, T0 + days(10))).isEmpty();
    }

    @Test
    void shouldNotAlertOnRefundsLongAfterTheRatingOrAfterGoodRatings() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        events.addAll(story("o1", "b1", T0, 1, days(10)));
        events.addAll(story("o2", "b2", T0, 1, days(12)));
        events.addAll(story("o3", "b3", T0, 5, hours(2)));
        events.addAll(story("o4", "b4", T0, 4, hours(2)));
        assertThat(run(detector(), ExtortionDetector::accepts, events, T0 + days(20))).isEmpty();
    }

    @Test
    void shouldDropAllStateOnceTheWindowHasPassed() throws Exception {
        var h = detector();
        List<PlatformEvent> events = new ArrayList<>(story("o1", "b1", T0, 1, hours(20)));
        events.addAll(story("o2", "b2", T0, 1, hours(30)));
        run(h, ExtortionDetector::accepts, events, T0 + days(4));
        assertThat(h.numKeyedStateEntries()).isPositive();
        h.processWatermark(T0 + days(30));
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    /**
     * The one-pass check of a shared device or ip against the pairwise definition it replaced, on
     * random windows of few reviewers, devices and ips (nulls included), and on hand-made cases.
     */
    @Test
    void shouldFindASharedDeviceOrIpExactlyWhenTwoReviewersShareOne() {
        java.util.Random random = new java.util.Random(7);
        int shared = 0;
        for (int run = 0; run < 5_000; run++) {
            List<ReviewMark> marks = new java.util.ArrayList<>();
            int n = random.nextInt(7);
            for (int i = 0; i < n; i++) {
                marks.add(
                        mark(
                                "u" + random.nextInt(3),
                                random.nextInt(4) == 0 ? null : "d" + random.nextInt(4),
                                random.nextInt(4) == 0 ? null : "ip" + random.nextInt(4)));
            }
            boolean expected = pairwise(marks);
            shared += expected ? 1 : 0;
            assertThat(ExtortionDetector.sharesDeviceOrIp(marks))
                    .as("%s", marks)
                    .isEqualTo(expected);
        }
        assertThat(shared).isBetween(500, 4_500);
        assertThat(
                        ExtortionDetector.sharesDeviceOrIp(
                                List.of(mark("u1", "d1", null), mark("u1", "d1", null))))
                .as("one reviewer twice on a device")
                .isFalse();
        assertThat(
                        ExtortionDetector.sharesDeviceOrIp(
                                List.of(
                                        mark("u1", "d1", "ip1"),
                                        mark("u1", "d1", "ip1"),
                                        mark("u2", "d2", "ip1"))))
                .as("two reviewers on one ip, after a repeat of the first")
                .isTrue();
    }

    private static ReviewMark mark(String reviewer, String device, String ip) {
        ReviewMark m = new ReviewMark();
        m.reviewerId = reviewer;
        m.deviceId = device;
        m.ip = ip;
        return m;
    }

    /** The definition: some two marks of different reviewers with the same device or ip. */
    private static boolean pairwise(List<ReviewMark> marks) {
        for (int i = 0; i < marks.size(); i++) {
            for (int j = i + 1; j < marks.size(); j++) {
                ReviewMark a = marks.get(i);
                ReviewMark b = marks.get(j);
                if (!a.reviewerId.equals(b.reviewerId)
                        && ((a.deviceId != null && a.deviceId.equals(b.deviceId))
                                || (a.ip != null && a.ip.equals(b.ip)))) {
                    return true;
                }
            }
        }
        return false;
    }
}
