package io.brushguard.patterns;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.avro.ScanType;
import io.brushguard.patterns.common.OrderedProcessOperator;
import io.brushguard.patterns.common.StateCache;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderTimelineFunction;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Test fixtures that speak the domain: {@code order(...)}, {@code scan(...)}, {@code at(T0)}. */
public final class Fixtures {

    /** A fixed start of event time: 2026-11-02T08:00:00Z. */
    public static final long T0 = Instant.parse("2026-11-02T08:00:00Z").toEpochMilli();

    private Fixtures() {}

    public static long at(long t) {
        return t;
    }

    public static long minutes(long n) {
        return Duration.ofMinutes(n).toMillis();
    }

    public static long hours(long n) {
        return Duration.ofHours(n).toMillis();
    }

    public static long days(long n) {
        return Duration.ofDays(n).toMillis();
    }

    public static PlatformEvent order(
            String orderId, String buyer, String shop, OrderStatus status, long at) {
        return PlatformEvent.of(orderBuilder(orderId, buyer, shop, status, at).build());
    }

    /** An order event to customise (device, ip, address, registration, category, amount). */
    public static OrderEvent.Builder orderBuilder(
            String orderId, String buyer, String shop, OrderStatus status, long at) {
        return OrderEvent.newBuilder()
                .setOrderId(orderId)
                .setStatus(status)
                .setEventTime(Instant.ofEpochMilli(at))
                .setShopId(shop)
                .setBuyerId(buyer)
                .setItemId("item-1")
                .setCategory("apparel")
                .setAmount(9_900)
                .setQuantity(1)
                .setBuyerRegisteredAt(Instant.ofEpochMilli(at - days(400)))
                .setDeviceId("dev-" + buyer)
                .setIp("10.0.0.1")
                .setShipAddressId("addr-" + buyer);
    }

    public static PlatformEvent created(String orderId, String buyer, String shop, long at) {
        return order(orderId, buyer, shop, OrderStatus.CREATED, at);
    }

    public static PlatformEvent scan(String waybill, String orderId, ScanType scan, long at) {
        return PlatformEvent.of(scanBuilder(waybill, orderId, scan, at).build());
    }

    /** A scan to customise (carrier, courier, location, weight). */
    public static LogisticsEvent.Builder scanBuilder(
            String waybill, String orderId, ScanType scan, long at) {
        return LogisticsEvent.newBuilder()
                .setWaybillId(waybill)
                .setOrderId(orderId)
                .setCarrierId("carrier-1")
                .setCourierId("courier-7")
                .setScan(scan)
                .setEventTime(Instant.ofEpochMilli(at))
                .setLocation("HZ-01")
                .setWeightGrams(scan == ScanType.PICKED_UP ? 800 : null);
    }

    public static PlatformEvent review(
            String reviewId, String shop, String reviewer, int rating, String orderId, long at) {
        return PlatformEvent.of(
                reviewBuilder(reviewId, shop, reviewer, rating, orderId, at).build());
    }

    /** A review to customise (text hash, device, ip). */
    public static ReviewEvent.Builder reviewBuilder(
            String reviewId, String shop, String reviewer, int rating, String orderId, long at) {
        return ReviewEvent.newBuilder()
                .setReviewId(reviewId)
                .setOrderId(orderId)
                .setShopId(shop)
                .setReviewerId(reviewer)
                .setRating(rating)
                .setEventTime(Instant.ofEpochMilli(at))
                .setTextHash("h-" + reviewId)
                .setDeviceId("dev-" + reviewer)
                .setIp("10.1." + Math.floorMod(reviewer.hashCode(), 250) + ".7");
    }

    public static PlatformEvent payment(
            String paymentId, String orderId, String payer, PaymentStatus status, long at) {
        return PlatformEvent.of(
                PaymentEvent.newBuilder()
                        .setPaymentId(paymentId)
                        .setOrderId(orderId)
                        .setStatus(status)
                        .setEventTime(Instant.ofEpochMilli(at))
                        .setPayerAccountId(payer)
                        .setMethod("wallet")
                        .setAmount(9_900)
                        .build());
    }

    /**
     * Runs events through the real cross-stream correlation ({@link OrderTimelineFunction}) and
     * returns what detectors downstream of it see, in event-time order. Reviews without an order id
     * bypass it, as in the job.
     */
    public static List<EnrichedEvent> enrich(PlatformEvent... events) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, PlatformEvent, EnrichedEvent> h =
                harness(new OrderTimelineFunction(Duration.ofDays(60)), PlatformEvent::orderId);
        List<EnrichedEvent> out = new ArrayList<>();
        for (PlatformEvent e : events) {
            if (OrderTimelineFunction.accepts(e)) {
                h.processElement(e, e.eventTime());
            } else {
                out.add(new EnrichedEvent(e, null));
            }
        }
        h.processWatermark(Long.MAX_VALUE);
        out.addAll(h.extractOutputValues());
        out.sort(Comparator.comparingLong(EnrichedEvent::eventTime));
        return out;
    }

    /** Feeds enriched events to a detector harness, each stamped with its event time. */
    public static void feedEnriched(
            KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, ?> h,
            List<EnrichedEvent> events)
            throws Exception {
        for (EnrichedEvent e : events) {
            h.processElement(e, e.eventTime());
        }
    }

    /** A keyed harness for a detector over enriched events, opened. */
    public static <O>
            KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, O> enrichedHarness(
                    KeyedProcessFunction<String, EnrichedEvent, O> fn,
                    KeySelector<EnrichedEvent, String> key)
                    throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                fn, key, org.apache.flink.api.common.typeinfo.Types.STRING);
    }

    /**
     * A keyed harness for an event-time ordered function run as the streaming job runs it: in an
     * {@link OrderedProcessOperator}, whose buffer orders its input (no timer per event), opened.
     */
    public static <I, O> KeyedOneInputStreamOperatorTestHarness<String, I, O> hosted(
            KeyedProcessFunction<String, I, O> fn, KeySelector<I, String> key, Class<I> input)
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new OrderedProcessOperator<>(fn, TypeInformation.of(input)),
                        key,
                        org.apache.flink.api.common.typeinfo.Types.STRING);
        h.open();
        return h;
    }

    /**
     * Checks, on a {@link #hosted} harness after one key's events (watermark past them), that the
     * key has one clean-up timer that moves on when it fires: still one, with the state kept, at
     * {@code afterFirstExpiry} (past the first event's retention); the state kept at {@code
     * beforeLastExpiry}; nothing left, state or timer, at {@code afterLastExpiry}.
     */
    public static void assertOneCleanUpTimer(
            KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h,
            long afterFirstExpiry,
            long beforeLastExpiry,
            long afterLastExpiry)
            throws Exception {
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
        h.processWatermark(afterFirstExpiry);
        assertThat(h.numKeyedStateEntries()).isPositive();
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
        h.processWatermark(beforeLastExpiry);
        assertThat(h.numKeyedStateEntries()).isPositive();
        h.processWatermark(afterLastExpiry);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    /** A keyed harness for a detector, opened. */
    public static <O> KeyedOneInputStreamOperatorTestHarness<String, PlatformEvent, O> harness(
            KeyedProcessFunction<String, PlatformEvent, O> fn,
            KeySelector<PlatformEvent, String> key)
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                fn, key, org.apache.flink.api.common.typeinfo.Types.STRING);
    }

    /** Feeds events, each stamped with its event time. */
    public static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, PlatformEvent, ?> h,
            PlatformEvent... events)
            throws Exception {
        for (PlatformEvent e : events) {
            h.processElement(e, e.eventTime());
        }
    }

    /**
     * Sets the job parameter {@code brushguard.state-cache.keys} of an operator's configuration, as
     * the job's setting does ({@code null}: leaves it unset).
     */
    public static void stateCacheKeys(ExecutionConfig config, String keys) {
        if (keys != null) {
            config.setGlobalJobParameters(
                    Configuration.fromMap(Map.of(StateCache.KEYS_PARAMETER, keys)));
        }
    }
}
