package io.brushguard.benchmarks.families;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.avro.ScanType;
import io.brushguard.benchmarks.ThroughputBenchmark;
import io.brushguard.benchmarks.families.FamilyAlert.Family;
import io.brushguard.jobs.BrushguardJob;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CEP versions of the three families on hand-made events, each case on its own shop or order,
 * next to brushguard's own graph on the same events: where they agree (the thresholds and window
 * boundaries) and where they differ as benchmarks/README.md documents. Then the counts of both on
 * the throughput benchmark's quick workload.
 */
class CepFamiliesTest {

    private static final long T0 = Instant.parse("2026-11-02T08:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private static FamilyCounts cep;
    private static FamilyCounts brushguard;

    @BeforeAll
    static void runHandMadeCases() throws Exception {
        DetectionRules rules = DetectionRules.defaults();
        // The shipped thresholds these cases are written for.
        assertThat(rules.brushing().orderConcentration().window()).isEqualTo(Duration.ofHours(1));
        assertThat(rules.brushing().orderConcentration().minOrdersPerBuyer()).isEqualTo(3.0);
        assertThat(rules.brushing().orderConcentration().minOrders()).isEqualTo(3);
        assertThat(rules.emptyParcel().signedWithoutTransit().retention())
                .isEqualTo(Duration.ofDays(7));
        assertThat(rules.maliciousReview().lowRatingBurst().window())
                .isEqualTo(Duration.ofHours(6));
        assertThat(rules.maliciousReview().lowRatingBurst().maxRating()).isEqualTo(2);
        assertThat(rules.maliciousReview().lowRatingBurst().minReviews()).isEqualTo(5);
        assertThat(rules.maliciousReview().lowRatingBurst().minReviewers()).isEqualTo(4);

        List<PlatformEvent> events = new ArrayList<>();
        brushingCases(events);
        parcelCases(events);
        reviewCases(events);
        // In event time (a stable sort: the tie case keeps its SIGNED before its IN_TRANSIT).
        events.sort(Comparator.comparingLong(PlatformEvent::eventTime));

        StreamExecutionEnvironment env = heapEnvironment();
        DataStream<PlatformEvent> stream = inEventTime(env, events);
        FamilyCounts.record(CepFamilies.attach(stream, rules), "test: cep");
        FamilyCounts.record(
                CepFamilies.ofBrushguard(BrushguardJob.detect(stream, rules), rules),
                "test: brushguard");
        env.execute("cep families test");
        cep = FamilyCounts.of("test: cep");
        brushguard = FamilyCounts.of("test: brushguard");
    }

    /** A local environment on the heap state backend, parallelism 2. */
    static StreamExecutionEnvironment heapEnvironment() {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        return env;
    }

    /** {@code events} from one source, stamped with their event time (1 min out of order). */
    static DataStream<PlatformEvent> inEventTime(
            StreamExecutionEnvironment env, List<PlatformEvent> events) {
        return env.fromData(events, TypeInformation.of(PlatformEvent.class))
                .setParallelism(1)
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<PlatformEvent>forBoundedOutOfOrderness(
                                        Duration.ofMinutes(1))
                                .withTimestampAssigner((e, t) -> e.eventTime()))
                .setParallelism(1);
    }

    // ---- brushing: >= 3 orders per distinct buyer, >= 3 orders, within 1 h (inclusive) ----

    private static void brushingCases(List<PlatformEvent> e) {
        // One buyer, 3 orders, the last exactly one hour after the first: inside the window.
        e.add(created("b-edge-1", "u1", "shop-b-edge", T0));
        e.add(created("b-edge-2", "u1", "shop-b-edge", T0 + 30 * MINUTE));
        e.add(created("b-edge-3", "u1", "shop-b-edge", T0 + HOUR));
        // The same, 1 ms later: outside.
        e.add(created("b-out-1", "u1", "shop-b-out", T0));
        e.add(created("b-out-2", "u1", "shop-b-out", T0 + 30 * MINUTE));
        e.add(created("b-out-3", "u1", "shop-b-out", T0 + HOUR + 1));
        // Two orders of one buyer: under min-orders.
        e.add(created("b-two-1", "u1", "shop-b-two", T0));
        e.add(created("b-two-2", "u1", "shop-b-two", T0 + MINUTE));
        // 6 orders of 2 buyers (3.0 per buyer, exactly the threshold): fires.
        for (int i = 0; i < 6; i++) {
            e.add(created("b-six-" + i, "u" + (i % 2), "shop-b-six", T0 + i * MINUTE));
        }
        // 5 orders of 2 buyers (2.5 per buyer): does not.
        for (int i = 0; i < 5; i++) {
            e.add(created("b-five-" + i, "u" + (i % 2), "shop-b-five", T0 + i * MINUTE));
        }
        // Another buyer first, then 3 orders of one buyer: the hour holds 4 orders of 2 buyers
        // (2.0), so brushguard does not fire; CEP's run of the last 3 orders has 3.0 (a documented
        // difference: CEP judges every run of orders within the hour, not the whole hour).
        e.add(created("b-sub-0", "u9", "shop-b-sub", T0));
        e.add(created("b-sub-1", "u1", "shop-b-sub", T0 + MINUTE));
        e.add(created("b-sub-2", "u1", "shop-b-sub", T0 + 2 * MINUTE));
        e.add(created("b-sub-3", "u1", "shop-b-sub", T0 + 3 * MINUTE));
    }

    @Test
    void brushingFiresAtTheThresholdAndTheWindowsEdgeAsBrushguardDoes() {
        assertThat(cep.units(Family.BRUSHING)).contains("shop-b-edge", "shop-b-six");
        assertThat(brushguard.units(Family.BRUSHING)).contains("shop-b-edge", "shop-b-six");
    }

    @Test
    void brushingDoesNotFireOutsideTheWindowOrBelowTheThresholds() {
        assertThat(cep.units(Family.BRUSHING))
                .doesNotContain("shop-b-out", "shop-b-two", "shop-b-five");
        assertThat(brushguard.units(Family.BRUSHING))
                .doesNotContain("shop-b-out", "shop-b-two", "shop-b-five");
    }

    @Test
    void brushingOnCepJudgesRunsWithinTheHourNotTheWholeHour() {
        assertThat(cep.units(Family.BRUSHING)).contains("shop-b-sub");
        assertThat(brushguard.units(Family.BRUSHING)).doesNotContain("shop-b-sub");
    }

    // ---- empty parcel: signed with no IN_TRANSIT / OUT_FOR_DELIVERY before it ----

    private static void parcelCases(List<PlatformEvent> e) {
        parcel(e, "p-bare", 0, ScanType.PICKED_UP, ScanType.SIGNED);
        parcel(e, "p-transit", 0, ScanType.PICKED_UP, ScanType.IN_TRANSIT, ScanType.SIGNED);
        parcel(e, "p-delivery", 0, ScanType.PICKED_UP, ScanType.OUT_FOR_DELIVERY, ScanType.SIGNED);
        parcel(e, "p-late-transit", 0, ScanType.PICKED_UP, ScanType.SIGNED, ScanType.IN_TRANSIT);
        // A transit scan at the instant of the signature, arriving after it: counts as before.
        e.add(created("p-tie", "u1", "shop-p", T0));
        e.add(scan("w-p-tie", "p-tie", ScanType.PICKED_UP, T0 + HOUR));
        e.add(scan("w-p-tie", "p-tie", ScanType.SIGNED, T0 + 2 * HOUR));
        e.add(scan("w-p-tie", "p-tie", ScanType.IN_TRANSIT, T0 + 2 * HOUR));
        // Signed just before the retention (7 d) after the order: CEP's within.
        e.add(created("p-week-in", "u1", "shop-p", T0));
        e.add(scan("w-p-week-in", "p-week-in", ScanType.PICKED_UP, T0 + HOUR));
        e.add(scan("w-p-week-in", "p-week-in", ScanType.SIGNED, T0 + 7 * DAY - 1));
        // Signed after it: CEP's partial match has timed out, brushguard still judges the waybill
        // (its retention runs from the order's last event): a documented difference.
        e.add(created("p-week-out", "u1", "shop-p", T0));
        e.add(scan("w-p-week-out", "p-week-out", ScanType.PICKED_UP, T0 + 6 * DAY));
        e.add(scan("w-p-week-out", "p-week-out", ScanType.SIGNED, T0 + 7 * DAY + HOUR));
    }

    private static void parcel(List<PlatformEvent> e, String order, long at, ScanType... scans) {
        e.add(created(order, "u1", "shop-p", T0 + at));
        for (int i = 0; i < scans.length; i++) {
            e.add(scan("w-" + order, order, scans[i], T0 + at + (i + 1) * HOUR));
        }
    }

    @Test
    void emptyParcelFiresOnASignatureWithoutTransitAsBrushguardDoes() {
        Set<String> expected = Set.of("p-bare", "p-late-transit", "p-week-in");
        assertThat(cep.units(Family.EMPTY_PARCEL)).containsAll(expected);
        assertThat(brushguard.units(Family.EMPTY_PARCEL)).containsAll(expected);
    }

    @Test
    void emptyParcelDoesNotFireAfterATransitScanEvenAtTheSameInstant() {
        Set<String> clean = Set.of("p-transit", "p-delivery", "p-tie");
        assertThat(cep.units(Family.EMPTY_PARCEL)).doesNotContainAnyElementsOf(clean);
        assertThat(brushguard.units(Family.EMPTY_PARCEL)).doesNotContainAnyElementsOf(clean);
    }

    @Test
    void emptyParcelOnCepForgetsAnOrderAfterTheRetention() {
        assertThat(cep.units(Family.EMPTY_PARCEL)).doesNotContain("p-week-out");
        assertThat(brushguard.units(Family.EMPTY_PARCEL)).contains("p-week-out");
    }

    // ---- malicious review: >= 5 ratings <= 2 stars from >= 4 accounts within 6 h ----

    private static void reviewCases(List<PlatformEvent> e) {
        // 5 low ratings (2 and 1 stars) from 4 accounts, the last exactly 6 h after the first.
        burst(e, "shop-r-edge", new int[] {2, 1, 2, 1, 2}, 4, 6 * HOUR);
        // The same 1 ms later: outside.
        burst(e, "shop-r-out", new int[] {2, 1, 2, 1, 2}, 4, 6 * HOUR + 1);
        // 5 low ratings from 3 accounts.
        burst(e, "shop-r-three", new int[] {1, 1, 1, 1, 1}, 3, HOUR);
        // 4 low ratings and a 3-star one from 5 accounts.
        burst(e, "shop-r-three-stars", new int[] {1, 2, 3, 1, 2}, 5, HOUR);
        // 5 low ratings from 5 accounts that all had a paid order at the shop the day before:
        // honest customers for brushguard; CEP cannot see the orders outside its match.
        for (int i = 0; i < 5; i++) {
            e.add(order("r-paid-" + i, "cust-" + i, "shop-r-customers", OrderStatus.PAID, T0));
        }
        burst(e, "shop-r-customers", new int[] {1, 1, 1, 1, 1}, 5, HOUR, "cust-", DAY);
    }

    private static void burst(
            List<PlatformEvent> e, String shop, int[] ratings, int accounts, long span) {
        burst(e, shop, ratings, accounts, span, "troll-", 0);
    }

    private static void burst(
            List<PlatformEvent> e,
            String shop,
            int[] ratings,
            int accounts,
            long span,
            String account,
            long from) {
        for (int i = 0; i < ratings.length; i++) {
            long at = i == ratings.length - 1 ? span : i * MINUTE;
            e.add(
                    review(
                            shop + "-r" + i,
                            shop,
                            account + (i % accounts),
                            ratings[i],
                            T0 + from + at));
        }
    }

    @Test
    void lowRatingBurstFiresAtTheThresholdAndTheWindowsEdgeAsBrushguardDoes() {
        assertThat(cep.units(Family.MALICIOUS_REVIEW)).contains("shop-r-edge");
        assertThat(brushguard.units(Family.MALICIOUS_REVIEW)).contains("shop-r-edge");
    }

    @Test
    void lowRatingBurstDoesNotFireOutsideTheWindowOrBelowTheThresholds() {
        Set<String> clean = Set.of("shop-r-out", "shop-r-three", "shop-r-three-stars");
        assertThat(cep.units(Family.MALICIOUS_REVIEW)).doesNotContainAnyElementsOf(clean);
        assertThat(brushguard.units(Family.MALICIOUS_REVIEW)).doesNotContainAnyElementsOf(clean);
    }

    @Test
    void lowRatingBurstOnCepCannotTellCustomersFromStrangers() {
        assertThat(cep.units(Family.MALICIOUS_REVIEW)).contains("shop-r-customers");
        assertThat(brushguard.units(Family.MALICIOUS_REVIEW)).doesNotContain("shop-r-customers");
    }

    // ---- the throughput benchmark's quick workload ----

    @Test
    void shouldCountBothSidesPerFamilyOnTheQuickWorkload() throws Exception {
        long events = ThroughputBenchmark.eventsPerCopy(true);
        ThroughputBenchmark.countDetections(
                true,
                1,
                events,
                "test quick: cep",
                "test quick: brushguard",
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        FamilyCounts c = FamilyCounts.of("test quick: cep");
        FamilyCounts b = FamilyCounts.of("test quick: brushguard");
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        FamilyCounts.printSideBySide(
                c, b, "quick", new PrintStream(table, true, StandardCharsets.UTF_8));
        String printed = table.toString(StandardCharsets.UTF_8);
        for (Family f : Family.values()) {
            assertThat(printed).containsPattern(f + "\\s+(shop|order)(\\s+[0-9,]+){7}");
        }
        // The quick platform has episodes of every kind, and brushguard's core rules find some.
        assertThat(b.units(Family.EMPTY_PARCEL)).isNotEmpty();
        // CEP's versions of these two judge every run within the window, the whole window among
        // them, with no customer check: they flag every shop brushguard flags.
        assertThat(c.units(Family.BRUSHING)).containsAll(b.units(Family.BRUSHING));
        assertThat(c.units(Family.MALICIOUS_REVIEW)).containsAll(b.units(Family.MALICIOUS_REVIEW));
        // Each alert counts one unit at most once.
        for (Family f : Family.values()) {
            assertThat(c.alerts(f)).isGreaterThanOrEqualTo(c.units(f).size());
            assertThat(b.alerts(f)).isGreaterThanOrEqualTo(b.units(f).size());
        }
    }

    // ---- events ----

    private static PlatformEvent created(String orderId, String buyer, String shop, long at) {
        return order(orderId, buyer, shop, OrderStatus.CREATED, at);
    }

    private static PlatformEvent order(
            String orderId, String buyer, String shop, OrderStatus status, long at) {
        return PlatformEvent.of(
                OrderEvent.newBuilder()
                        .setOrderId(orderId)
                        .setStatus(status)
                        .setEventTime(Instant.ofEpochMilli(at))
                        .setShopId(shop)
                        .setBuyerId(buyer)
                        .setItemId("item-1")
                        .setCategory("apparel")
                        .setAmount(9_900)
                        .setQuantity(1)
                        .setBuyerRegisteredAt(Instant.ofEpochMilli(at - 400 * DAY))
                        .setDeviceId("dev-" + buyer)
                        .setIp("10.0.0.1")
                        .setShipAddressId("addr-" + buyer)
                        .build());
    }

    private static PlatformEvent scan(String waybill, String orderId, ScanType scan, long at) {
        return PlatformEvent.of(
                LogisticsEvent.newBuilder()
                        .setWaybillId(waybill)
                        .setOrderId(orderId)
                        .setCarrierId("carrier-1")
                        .setCourierId("courier-7")
                        .setScan(scan)
                        .setEventTime(Instant.ofEpochMilli(at))
                        .setLocation("HZ-01")
                        .setWeightGrams(scan == ScanType.PICKED_UP ? 800 : null)
                        .build());
    }

    private static PlatformEvent review(
            String reviewId, String shop, String reviewer, int rating, long at) {
        return PlatformEvent.of(
                ReviewEvent.newBuilder()
                        .setReviewId(reviewId)
                        .setOrderId(null)
                        .setShopId(shop)
                        .setReviewerId(reviewer)
                        .setRating(rating)
                        .setEventTime(Instant.ofEpochMilli(at))
                        .setTextHash("h-" + reviewId)
                        .setDeviceId("dev-" + reviewer)
                        .setIp("10.1.2.7")
                        .build());
    }
}
