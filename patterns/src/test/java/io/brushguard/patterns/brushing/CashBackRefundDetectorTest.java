package io.brushguard.patterns.brushing;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentStatus;
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
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.order;
import static io.brushguard.patterns.Fixtures.payment;
import static io.brushguard.patterns.Fixtures.review;
import static io.brushguard.patterns.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

class CashBackRefundDetectorTest {

    /** A delivered order, reviewed with {@code rating} stars on day 3. */
    private static long reviewed(List<PlatformEvent> events, int i, int rating) {
        long at = T0 + hours(i);
        events.add(created("o" + i, "b" + i, "s1", at));
        events.add(payment("p" + i, "o" + i, "b" + i, PaymentStatus.PAID, at + 1000));
        events.add(scan("w" + i, "o" + i, ScanType.IN_TRANSIT, at + days(1)));
        events.add(scan("w" + i, "o" + i, ScanType.SIGNED, at + days(2)));
        events.add(review("r" + i, "s1", "b" + i, rating, "o" + i, at + days(3)));
        return at + days(3);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, RiskAlert> run(
            List<PlatformEvent> events) throws Exception {
        return BrushingStories.run(
                new CashBackRefundDetector(CashBackRefundRule.defaults()),
                CashBackRefundDetector::accepts,
                EnrichedEvent::shopId,
                events,
                T0 + days(40));
    }

    @Test
    void shouldAlertWhenThreeFiveStarOrdersAreRefundedWithinADayWithNothingReturned()
            throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            long reviewedAt = reviewed(events, i, 5);
            events.add(order("o" + i, "b" + i, "s1", OrderStatus.REFUNDED, reviewedAt + days(1)));
        }
        var h = run(events);
        List<RiskAlert> alerts = h.extractOutputValues();
        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getRuleId()).isEqualTo("brushing.cash-back-refund");
        assertThat(a.getEntityType()).isEqualTo(EntityType.SHOP);
        assertThat(a.getEntityId()).isEqualTo("s1");
        assertThat(a.getOrderIds()).containsExactly("o1", "o2", "o3");
        assertThat(a.getEvidence().getFacts()).containsEntry("refunded_after_good_review", "3");
        assertThat(a.getScore()).isBetween(0.4, 0.79);
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldCountAnOrderRefundedOnBothStreamsOnce() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            long reviewedAt = reviewed(events, i, 4);
            events.add(order("o" + i, "b" + i, "s1", OrderStatus.REFUNDED, reviewedAt + hours(5)));
            events.add(
                    payment(
                            "q" + i,
                            "o" + i,
                            "b" + i,
                            PaymentStatus.REFUNDED,
                            reviewedAt + hours(6)));
        }
        assertThat(run(events).extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNotAlertOnHonestReturnsAfterAGoodReview() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            long reviewedAt = reviewed(events, i, 5);
            events.add(scan("w" + i, "o" + i, ScanType.RETURNED, reviewedAt + days(1)));
            events.add(order("o" + i, "b" + i, "s1", OrderStatus.REFUNDED, reviewedAt + days(2)));
        }
        assertThat(run(events).extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNotCountRefundsAfterLowRatingsOrLongAfterTheReview() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            long reviewedAt = reviewed(events, i, 2);
            events.add(order("o" + i, "b" + i, "s1", OrderStatus.REFUNDED, reviewedAt + days(1)));
        }
        for (int i = 4; i <= 6; i++) {
            long reviewedAt = reviewed(events, i, 5);
            events.add(order("o" + i, "b" + i, "s1", OrderStatus.REFUNDED, reviewedAt + days(5)));
        }
        assertThat(run(events).extractOutputValues()).isEmpty();
    }
}
