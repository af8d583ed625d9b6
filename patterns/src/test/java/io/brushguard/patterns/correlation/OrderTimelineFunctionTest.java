package io.brushguard.patterns.correlation;

import io.brushguard.avro.OrderStatus;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.brushguard.avro.ScanType.IN_TRANSIT;
import static io.brushguard.avro.ScanType.PICKED_UP;
import static io.brushguard.avro.ScanType.SIGNED;
import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.assertOneCleanUpTimer;
import static io.brushguard.patterns.Fixtures.created;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.feed;
import static io.brushguard.patterns.Fixtures.harness;
import static io.brushguard.patterns.Fixtures.hosted;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.minutes;
import static io.brushguard.patterns.Fixtures.order;
import static io.brushguard.patterns.Fixtures.review;
import static io.brushguard.patterns.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

class OrderTimelineFunctionTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, PlatformEvent, EnrichedEvent>
            timeline() throws Exception {
        return harness(new OrderTimelineFunction(Duration.ofDays(30)), PlatformEvent::orderId);
    }

    @Test
    void shouldEnrichAScanWithItsOrdersShopAndBuyerEvenWhenTheScanArrivesFirst() throws Exception {
        var h = timeline();
        feed(h, scan("w1", "o1", PICKED_UP, T0 + hours(2)), created("o1", "b1", "s1", T0));
        h.processWatermark(T0 + hours(3));

        List<EnrichedEvent> out = h.extractOutputValues();
        assertThat(out).hasSize(2);
        EnrichedEvent scan = out.get(1);
        assertThat(scan.event.logistics).isNotNull();
        assertThat(scan.context.shopId).isEqualTo("s1");
        assertThat(scan.context.buyerId).isEqualTo("b1");
        assertThat(scan.context.pickedUpAt).isEqualTo(T0 + hours(2));
        assertThat(scan.context.weightGrams).isEqualTo(800);
        assertThat(scan.shopId()).isEqualTo("s1");
    }

    @Test
    void shouldGiveAReviewTheWholeStoryOfItsOrder() throws Exception {
        var h = timeline();
        feed(
                h,
                created("o1", "b1", "s1", T0),
                order("o1", "b1", "s1", OrderStatus.PAID, T0 + minutes(2)),
                scan("w1", "o1", PICKED_UP, T0 + hours(3)),
                scan("w1", "o1", IN_TRANSIT, T0 + hours(10)),
                scan("w1", "o1", SIGNED, T0 + days(2)),
                review("r1", "s1", "b1", 5, "o1", T0 + days(2) + minutes(5)));
        h.processWatermark(T0 + days(3));

        List<EnrichedEvent> out = h.extractOutputValues();
        OrderContext c = out.get(out.size() - 1).context;
        assertThat(out.get(out.size() - 1).event.review).isNotNull();
        assertThat(c.signedAt).isEqualTo(T0 + days(2));
        assertThat(c.transitScans).isEqualTo(1);
        assertThat(c.rating).isEqualTo(5);
        assertThat(c.reviewedAt - c.signedAt).isEqualTo(minutes(5));
        assertThat(c.timeline())
                .extracting(OrderContext.Step::stream)
                .containsExactly(
                        "orders", "orders", "logistics", "logistics", "logistics", "reviews");
    }

    @Test
    void shouldNotChangeWhatWasAlreadyEmitted() throws Exception {
        var h = timeline();
        feed(h, created("o1", "b1", "s1", T0), scan("w1", "o1", SIGNED, T0 + hours(1)));
        h.processWatermark(T0 + hours(2));
        assertThat(h.extractOutputValues().get(0).context.signedAt).isZero();
    }

    @Test
    void shouldForgetAnOrderThatWentQuietForTheRetention() throws Exception {
        var h = timeline();
        feed(h, created("o1", "b1", "s1", T0), scan("w1", "o1", SIGNED, T0 + days(2)));
        h.processWatermark(T0 + days(20));
        assertThat(h.numKeyedStateEntries()).isPositive();
        h.processWatermark(T0 + days(33));
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldKeepOneCleanUpTimerPerOrderAndForgetItOnlyARetentionAfterItsLastEvent()
            throws Exception {
        // As the streaming job runs it: events wait in the operator's buffer, not on a timer each.
        var h =
                hosted(
                        new OrderTimelineFunction(Duration.ofDays(30)),
                        PlatformEvent::orderId,
                        PlatformEvent.class);
        feed(
                h,
                created("o1", "b1", "s1", T0),
                scan("w1", "o1", PICKED_UP, T0 + hours(5)),
                scan("w1", "o1", IN_TRANSIT, T0 + days(2)),
                scan("w1", "o1", SIGNED, T0 + days(25)));
        h.processWatermark(T0 + days(26));
        // Events on four different hours, one clean-up timer (it moves on when it fires).
        assertOneCleanUpTimer(h, T0 + days(31), T0 + days(55), T0 + days(55) + hours(2));
    }
}
