package io.brushguard.patterns.engine;

import io.brushguard.avro.Direction;
import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.ScanType;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.engine.Condition.Op;
import io.brushguard.patterns.model.AlertKind;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.created;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.minutes;
import static io.brushguard.patterns.Fixtures.order;
import static io.brushguard.patterns.Fixtures.review;
import static io.brushguard.patterns.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatternEngineOperatorTest {

    static RuleMeta meta(String id) {
        return new RuleMeta(
                id, 1, AlertKind.MALICIOUS_REVIEW, Direction.DEFLATE, Severity.HIGH, true, false);
    }

    static Condition cond(String text, Field f, Op op, Object... values) {
        return new Condition(text, f, null, op, List.of(values));
    }

    /** At least 3 distinct reviewers rating a shop 2 or less within 1 h. */
    static PatternSpec lowRatings(int min) {
        Step step =
                new Step(
                        "low-rating",
                        StreamType.REVIEWS,
                        List.of(cond("rating <= 2", Field.REVIEWS_RATING, Op.LE, 2L)),
                        false,
                        List.of());
        return new PatternSpec(
                meta("test.low-ratings"),
                EntityType.SHOP,
                hours(1),
                0.9,
                new CountBlock(step, Field.REVIEWS_REVIEWER_ID, min),
                "");
    }

    /** An order created, then paid within 10 s, by one buyer. */
    static PatternSpec createdThenPaid(long within) {
        return new PatternSpec(
                new RuleMeta(
                        "test.created-then-paid",
                        1,
                        AlertKind.BRUSHING,
                        Direction.INFLATE,
                        Severity.LOW,
                        true,
                        false),
                EntityType.BUYER,
                within,
                0.9,
                new SequenceBlock(
                        List.of(
                                orderStep("created", OrderStatus.CREATED),
                                orderStep("paid", OrderStatus.PAID)),
                        List.of()),
                "");
    }

    static Step orderStep(String name, OrderStatus status) {
        return new Step(
                name,
                StreamType.ORDERS,
                List.of(cond("status == " + status, Field.ORDERS_STATUS, Op.EQ, status.name())),
                false,
                List.of());
    }

    /** An order paid and not picked up within 1 h: absence, the same order. */
    static PatternSpec paidNotPickedUp() {
        Step paid =
                new Step(
                        "paid",
                        StreamType.ORDERS,
                        List.of(cond("status == PAID", Field.ORDERS_STATUS, Op.EQ, "PAID")),
                        false,
                        List.of(Field.ORDERS_ORDER_ID));
        Step pickup =
                new Step(
                        "picked-up",
                        StreamType.LOGISTICS,
                        List.of(
                                cond(
                                        "scan == PICKED_UP",
                                        Field.LOGISTICS_SCAN,
                                        Op.EQ,
                                        "PICKED_UP")),
                        true,
                        List.of(Field.LOGISTICS_ORDER_ID));
        return new PatternSpec(
                new RuleMeta(
                        "test.paid-not-picked-up",
                        1,
                        AlertKind.EMPTY_PARCEL,
                        Direction.INFLATE,
                        Severity.MEDIUM,
                        true,
                        false),
                EntityType.SHOP,
                hours(1),
                0.5,
                new SequenceBlock(List.of(paid, pickup), List.of("order_id")),
                "");
    }

    static KeyedOneInputStreamOperatorTestHarness<String, RoutedEvent, RiskAlert> harness(
            List<PatternSpec> specs) throws Exception {
        return harness(new PatternEngineOperator.Single(specs));
    }

    static KeyedOneInputStreamOperatorTestHarness<String, RoutedEvent, RiskAlert> harness(
            PatternEngineOperator.Single engine) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, RoutedEvent, RiskAlert> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        engine, RoutedEvent.keySelector(), Types.STRING);
        h.open();
        return h;
    }

    /** An engine that applies the events of every watermark a few per arriving event. */
    static PatternEngineOperator.Single spreading(List<PatternSpec> specs) {
        var engine = new PatternEngineOperator.Single(specs);
        engine.withDrainAtOnceUpTo(0);
        return engine;
    }

    static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, RoutedEvent, RiskAlert> h,
            List<PatternSpec> specs,
            PlatformEvent... events)
            throws Exception {
        EngineRouter router = new EngineRouter(specs);
        for (PlatformEvent p : events) {
            EnrichedEvent e = new EnrichedEvent(p, null);
            List<RoutedEvent> routed = new ArrayList<>();
            router.route(e, routed::add);
            for (RoutedEvent r : routed) {
                h.processElement(RoutedEventWireSerializerTest.overTheNetwork(r), r.ts);
            }
        }
    }

    static void feedEnriched(
            KeyedOneInputStreamOperatorTestHarness<String, RoutedEvent, RiskAlert> h,
            List<PatternSpec> specs,
            PlatformEvent... events)
            throws Exception {
        EngineRouter router = new EngineRouter(specs);
        for (EnrichedEvent e : io.brushguard.patterns.Fixtures.enrich(events)) {
            List<RoutedEvent> routed = new ArrayList<>();
            router.route(e, routed::add);
            for (RoutedEvent r : routed) {
                h.processElement(RoutedEventWireSerializerTest.overTheNetwork(r), r.ts);
            }
        }
    }

    /**
     * The engine decodes only the fields its definitions read ({@code StepIndex.projection}): a
     * time difference with another field of the record, one with the order's story, and a shared
     * field each reach it after the network. Each of the buyers but the first misses one of them.
     */
    @Test
    void seesEveryFieldItsDefinitionsReadAfterTheNetwork() throws Exception {
        Step created =
                new Step(
                        "created-by-new-account",
                        StreamType.ORDERS,
                        List.of(
                                Conditions.parse("status == CREATED", StreamType.ORDERS),
                                Conditions.parse(
                                        "event_time - buyer_registered_at < 7d",
                                        StreamType.ORDERS)),
                        false,
                        List.of(Field.ORDERS_DEVICE_ID));
        Step paid =
                new Step(
                        "paid-fast",
                        StreamType.ORDERS,
                        List.of(
                                Conditions.parse("status == PAID", StreamType.ORDERS),
                                Conditions.parse(
                                        "event_time - order.created_at < 10m", StreamType.ORDERS)),
                        false,
                        List.of(Field.ORDERS_DEVICE_ID));
        PatternSpec spec =
                new PatternSpec(
                        meta("test.new-account-pays-fast"),
                        EntityType.BUYER,
                        hours(1),
                        0.9,
                        new SequenceBlock(List.of(created, paid), List.of("device_id")),
                        "");
        List<PatternSpec> specs = List.of(spec);
        var h = harness(specs);
        long young = T0 - days(2);
        feedEnriched(
                h,
                specs,
                orderOn("o1", "alice", OrderStatus.CREATED, T0, "dev-a", young),
                orderOn("o1", "alice", OrderStatus.PAID, T0 + minutes(5), "dev-a", young),
                // an old account
                orderOn("o2", "bob", OrderStatus.CREATED, T0, "dev-b", T0 - days(400)),
                orderOn("o2", "bob", OrderStatus.PAID, T0 + minutes(5), "dev-b", T0 - days(400)),
                // paid 20 minutes after the order was created
                orderOn("o3", "carol", OrderStatus.CREATED, T0, "dev-c", young),
                orderOn("o3", "carol", OrderStatus.PAID, T0 + minutes(20), "dev-c", young),
                // paid from another device
                orderOn("o4", "dave", OrderStatus.CREATED, T0, "dev-d", young),
                orderOn("o4", "dave", OrderStatus.PAID, T0 + minutes(5), "dev-x", young));
        h.processWatermark(T0 + hours(3));
        List<RiskAlert> alerts = h.extractOutputValues();
        assertThat(alerts).extracting(RiskAlert::getEntityId).containsExactly("alice");
        assertThat(alerts.get(0).getOrderIds()).containsExactly("o1");
    }

    private static PlatformEvent orderOn(
            String orderId,
            String buyer,
            OrderStatus status,
            long at,
            String device,
            long registeredAt) {
        return PlatformEvent.of(
                io.brushguard.patterns.Fixtures.orderBuilder(orderId, buyer, "shop-1", status, at)
                        .setDeviceId(device)
                        .setBuyerRegisteredAt(java.time.Instant.ofEpochMilli(registeredAt))
                        .build());
    }

    @Test
    void distinctCountAlertsOnceWithTheCountedReviewsAndRegistersTheReviewers() throws Exception {
        List<PatternSpec> specs = List.of(lowRatings(3));
        var h = harness(specs);
        feed(
                h,
                specs,
                review("r1", "shop-1", "alice", 1, "o1", T0),
                review("r2", "shop-1", "alice", 2, "o2", T0 + minutes(5)),
                review("r3", "shop-1", "bob", 5, "o3", T0 + minutes(6)),
                review("r4", "shop-1", "bob", 1, "o4", T0 + minutes(10)),
                review("r5", "shop-2", "carol", 1, "o5", T0 + minutes(11)),
                review("r6", "shop-1", "carol", 2, "o6", T0 + minutes(20)));
        assertThat(h.extractOutputValues()).as("nothing before the watermark").isEmpty();
        h.processWatermark(T0 + hours(3));
        List<RiskAlert> alerts = h.extractOutputValues();
        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getRuleId()).isEqualTo("test.low-ratings");
        assertThat(a.getEntityType()).isEqualTo(EntityType.SHOP);
        assertThat(a.getEntityId()).isEqualTo("shop-1");
        // alice's second review replaces her first: distinct reviewers count once, newest kept.
        assertThat(a.getOrderIds()).containsExactly("o2", "o4", "o6");
        assertThat(a.getWindowStart().toEpochMilli()).isEqualTo(T0 + minutes(5));
        assertThat(a.getWindowEnd().toEpochMilli()).isEqualTo(T0 + minutes(20));
        assertThat(a.getEvidence().getFacts()).containsEntry("count", "3");
        assertThat(a.getEvidence().getIdentifiers())
                .containsEntry("alice", "REVIEWER")
                .containsEntry("bob", "REVIEWER")
                .containsEntry("carol", "REVIEWER");
        assertThat(a.getScore()).isEqualTo(0.9);
    }

    @Test
    void countsOnlyWithinTheWindow() throws Exception {
        List<PatternSpec> specs = List.of(lowRatings(3));
        var h = harness(specs);
        feed(
                h,
                specs,
                review("r1", "shop-1", "alice", 1, "o1", T0),
                review("r2", "shop-1", "bob", 1, "o2", T0 + minutes(30)),
                review("r3", "shop-1", "carol", 1, "o3", T0 + hours(1)));
        h.processWatermark(T0 + hours(5));
        assertThat(h.extractOutputValues()).as("alice's review is 1 h before carol's").isEmpty();
    }

    @Test
    void sequenceIsMatchedInEventTimeOrderWhateverTheArrivalOrder() throws Exception {
        List<PatternSpec> specs = List.of(createdThenPaid(10_000));
        var h = harness(specs);
        // paid arrives before created; both before the watermark.
        feed(
                h,
                specs,
                order("o1", "buyer-1", "shop-1", OrderStatus.PAID, T0 + 4_000),
                created("o1", "buyer-1", "shop-1", T0),
                created("o2", "buyer-1", "shop-1", T0 + 1_000),
                order("o3", "buyer-1", "shop-1", OrderStatus.PAID, T0 + 20_000));
        h.processWatermark(T0 + 60_000);
        List<RiskAlert> alerts = h.extractOutputValues();
        // Both created orders take the first paid after them, within 10 s; o3's payment is late.
        assertThat(alerts).hasSize(2);
        assertThat(alerts)
                .extracting(a -> a.getWindowStart().toEpochMilli())
                .containsExactlyInAnyOrder(T0, T0 + 1_000);
        assertThat(alerts).allSatisfy(a -> assertThat(a.getEntityId()).isEqualTo("buyer-1"));
        assertThat(alerts.get(0).getEvidence().getIdentifiers()).containsEntry("buyer-1", "BUYER");
    }

    /** Two subjects whose keys share a hash are matched apart. */
    @Test
    void subjectsWhoseKeysShareAHashAreMatchedApart() throws Exception {
        assertThat(RoutedEvent.key(EntityType.BUYER, "Aa").hashCode())
                .as("the two keys collide")
                .isEqualTo(RoutedEvent.key(EntityType.BUYER, "BB").hashCode());
        List<PatternSpec> specs = List.of(createdThenPaid(10_000));
        var h = harness(specs);
        feed(
                h,
                specs,
                created("o1", "Aa", "shop-1", T0),
                created("o2", "BB", "shop-1", T0 + 1_000),
                order("o3", "BB", "shop-1", OrderStatus.PAID, T0 + 2_000),
                created("o5", "buyer-3", "shop-1", T0 + 2_500),
                order("o4", "Aa", "shop-1", OrderStatus.PAID, T0 + 30_000),
                order("o6", "buyer-3", "shop-1", OrderStatus.PAID, T0 + 3_000));
        h.processWatermark(T0 + 60_000);
        // Aa's payment comes 30 s after its order; BB's order is not Aa's.
        assertThat(h.extractOutputValues())
                .extracting(a -> a.getEntityId() + ":" + String.join("+", a.getOrderIds()))
                .containsExactlyInAnyOrder("BB:o2+o3", "buyer-3:o5+o6");
    }

    @Test
    void absenceIsReportedWhenEventTimePassesTheDeadline() throws Exception {
        List<PatternSpec> specs = List.of(paidNotPickedUp());
        var h = harness(specs);
        // Enriched by the real correlation: a scan knows its order's shop only from the story.
        feedEnriched(
                h,
                specs,
                created("o9", "b9", "shop-1", T0 - minutes(5)),
                order("o1", "b1", "shop-1", OrderStatus.PAID, T0),
                order("o2", "b2", "shop-1", OrderStatus.PAID, T0 + minutes(1)),
                // o2 is picked up in time; a pickup of another order does not count for o1.
                scan("w2", "o2", ScanType.PICKED_UP, T0 + minutes(30)),
                scan("w9", "o9", ScanType.PICKED_UP, T0 + minutes(31)));
        h.processWatermark(T0 + minutes(59));
        assertThat(h.extractOutputValues()).as("before the deadline").isEmpty();
        h.processWatermark(T0 + hours(1));
        List<RiskAlert> alerts = h.extractOutputValues();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getOrderIds()).containsExactly("o1");
        assertThat(alerts.get(0).getWindowEnd().toEpochMilli()).isEqualTo(T0 + hours(1));
        assertThat(alerts.get(0).getEvidence().getFacts()).containsKey("absent");
        h.processWatermark(Long.MAX_VALUE);
        assertThat(h.extractOutputValues()).hasSize(1);
    }

    /**
     * One watermark that passes a deadline, then a completed sequence, then another deadline: every
     * alert comes out of it, and nothing is left, neither state nor timer.
     */
    @Test
    void oneWatermarkReleasesEveryAlertDueWithinIt() throws Exception {
        List<PatternSpec> specs = List.of(paidNotPickedUp(), createdThenPaid(10_000));
        var h = harness(specs);
        feed(
                h,
                specs,
                order("o1", "b1", "shop-1", OrderStatus.PAID, T0),
                created("o2", "b2", "shop-2", T0 + hours(2)),
                order("o3", "b2", "shop-2", OrderStatus.PAID, T0 + hours(2) + 1_000));
        h.processWatermark(T0 + hours(4));
        // o3's payment starts an absence of its own.
        assertThat(h.extractOutputValues())
                .extracting(a -> a.getRuleId() + ":" + String.join("+", a.getOrderIds()))
                .containsExactlyInAnyOrder(
                        "test.paid-not-picked-up:o1",
                        "test.created-then-paid:o2+o3",
                        "test.paid-not-picked-up:o3");
        h.snapshot(1, 1);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    /**
     * A watermark that passes hours at once (a backlog, a replay): subjects whose matches start and
     * expire within it never take room in the cache, so with more of them than it holds none is
     * written to the keyed backend. Were their states kept until the watermark's timers fired, the
     * cache (two keys here) would write the others to the backend, and they would be there still.
     */
    @Test
    void statesThatExpireWithinOneWatermarkNeverReachTheBackend() throws Exception {
        List<PatternSpec> specs = List.of(createdThenPaid(10_000));
        var engine = new PatternEngineOperator.Single(specs);
        engine.withCachedKeys(2);
        var h = harness(engine);
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // Each buyer's order is never paid: its started match expires 10 s later.
            events.add(created("o" + i, "buyer-" + i, "shop-1", T0 + minutes(i)));
        }
        feed(h, specs, events.toArray(PlatformEvent[]::new));
        h.processWatermark(T0 + hours(1));
        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(h.numKeyedStateEntries()).as("states in the keyed backend").isZero();
        h.snapshot(1, 1);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    /**
     * A watermark that releases more events than the engine applies at once is held back: its
     * events are applied a few for each event that arrives after it, and it goes on after the
     * alerts they make. With no event arriving, the rest is applied within {@code HOLD_MS}.
     */
    @Test
    void aWatermarkReleasingManyEventsGoesOnOnceTheyAreApplied() throws Exception {
        List<PatternSpec> specs = List.of(createdThenPaid(10_000));
        var h = harness(spreading(specs));
        feed(
                h,
                specs,
                created("o1", "b1", "shop-1", T0),
                order("o2", "b1", "shop-1", OrderStatus.PAID, T0 + 1_000));
        h.processWatermark(T0 + 5_000);
        assertThat(h.getOutput()).as("nothing applied yet").isEmpty();
        // Each event that arrives carries one released event on (two arrived before it).
        feed(h, specs, created("o3", "b2", "shop-1", T0 + 6_000));
        assertThat(h.getOutput()).isEmpty();
        feed(h, specs, created("o4", "b3", "shop-1", T0 + 7_000));
        assertThat(h.getOutput())
                .extracting(PatternEngineOperatorTest::describe)
                .containsExactly("alert b1:o1+o2", "watermark " + (T0 + 5_000));
        // Nothing arrives to carry the next one on: it is applied when the engine checks.
        h.processWatermark(T0 + 60_000);
        assertThat(h.getOutput()).hasSize(2);
        h.setProcessingTime(PatternEngineOperator.HOLD_MS);
        assertThat(h.getOutput())
                .extracting(PatternEngineOperatorTest::describe)
                .endsWith("watermark " + (T0 + 60_000));
        h.snapshot(1, 1);
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    /**
     * A checkpoint while a watermark is held back: its events are applied and their alerts leave
     * before the barrier ({@code prepareSnapshotPreBarrier}), and the snapshot, taken after, has
     * them applied; a restored engine does not apply them again.
     */
    @Test
    void aCheckpointAppliesTheEventsOfAHeldWatermarkBeforeTheBarrier() throws Exception {
        List<PatternSpec> specs = List.of(createdThenPaid(10_000));
        var h = harness(spreading(specs));
        feed(
                h,
                specs,
                created("o1", "b1", "shop-1", T0),
                order("o2", "b1", "shop-1", OrderStatus.PAID, T0 + 1_000),
                created("o3", "b2", "shop-1", T0 + 2_000));
        h.processWatermark(T0 + 2_500);
        assertThatThrownBy(() -> h.snapshot(1, 1))
                .as("a snapshot before the barrier's preparation")
                .hasRootCauseInstanceOf(IllegalStateException.class);
        h.prepareSnapshotPreBarrier(2);
        assertThat(h.getOutput())
                .extracting(PatternEngineOperatorTest::describe)
                .containsExactly("alert b1:o1+o2", "watermark " + (T0 + 2_500));
        OperatorSubtaskState snapshot = h.snapshot(2, 2);
        h.close();

        var restored = harness(specs, snapshot);
        feed(restored, specs, order("o4", "b2", "shop-1", OrderStatus.PAID, T0 + 3_000));
        restored.processWatermark(Long.MAX_VALUE);
        assertThat(restored.extractOutputValues())
                .extracting(a -> a.getEntityId() + ":" + String.join("+", a.getOrderIds()))
                .containsExactly("b2:o3+o4");
    }

    /** A late event while a watermark is held back comes after the events it released. */
    @Test
    void aLateEventIsAppliedAfterTheEventsOfAHeldWatermark() throws Exception {
        List<PatternSpec> specs = List.of(createdThenPaid(10_000));
        var h = harness(spreading(specs));
        feed(h, specs, created("o1", "b1", "shop-1", T0));
        h.processWatermark(T0 + 5_000);
        // Behind the watermark: o1 (released, not yet applied) goes first, then this payment.
        feed(h, specs, order("o2", "b1", "shop-1", OrderStatus.PAID, T0 + 4_000));
        assertThat(h.getOutput())
                .extracting(PatternEngineOperatorTest::describe)
                .containsExactly("watermark " + (T0 + 5_000), "alert b1:o1+o2");
    }

    private static String describe(Object element) {
        if (element instanceof org.apache.flink.streaming.api.watermark.Watermark w) {
            return "watermark " + w.getTimestamp();
        }
        RiskAlert a =
                (RiskAlert)
                        ((org.apache.flink.streaming.runtime.streamrecord.StreamRecord<?>) element)
                                .getValue();
        return "alert " + a.getEntityId() + ":" + String.join("+", a.getOrderIds());
    }

    static KeyedOneInputStreamOperatorTestHarness<String, RoutedEvent, RiskAlert> harness(
            List<PatternSpec> specs, OperatorSubtaskState restore) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new PatternEngineOperator.Single(specs),
                        RoutedEvent.keySelector(),
                        Types.STRING);
        h.initializeState(restore);
        h.open();
        return h;
    }

    @Test
    void bufferedEventsAndStateSurviveASnapshot() throws Exception {
        List<PatternSpec> specs = List.of(createdThenPaid(10_000));
        var h = harness(specs);
        feed(h, specs, created("o1", "buyer-1", "shop-1", T0));
        h.processWatermark(T0 + 500);
        feed(h, specs, created("o2", "buyer-1", "shop-1", T0 + 1_000));
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        var restored = harness(specs, snapshot);
        feed(restored, specs, order("o2", "buyer-1", "shop-1", OrderStatus.PAID, T0 + 2_000));
        restored.processWatermark(T0 + 60_000);
        assertThat(restored.extractOutputValues())
                .extracting(a -> a.getWindowStart().toEpochMilli())
                .containsExactlyInAnyOrder(T0, T0 + 1_000);
    }

    @Test
    void keysLeaveNoStateOnceTheirWindowsPassed() throws Exception {
        List<PatternSpec> specs = List.of(lowRatings(3), createdThenPaid(10_000));
        var h = harness(specs);
        feed(
                h,
                specs,
                review("r1", "shop-1", "alice", 1, "o1", T0),
                created("o2", "buyer-1", "shop-1", T0));
        h.processWatermark(T0 + 1_000);
        // States reach the keyed backend at checkpoints (hot keys stay in the engine's cache).
        h.snapshot(1, 1);
        assertThat(h.numKeyedStateEntries()).isEqualTo(2);
        h.processWatermark(T0 + hours(3));
        h.snapshot(2, 2);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.extractOutputValues()).isEmpty();
    }

    /**
     * A subject that falls silent loses its state at most a quarter window after its last started
     * match expired, not minutes later (with millions of subjects, what lingers fills the cache and
     * the backend).
     */
    @Test
    void aSilentSubjectsStateGoesWithinAQuarterWindowAfterItsLastStart() throws Exception {
        List<PatternSpec> specs = List.of(createdThenPaid(10_000));
        var h = harness(specs);
        // T0 is on a 10 s boundary: off it, a grid of W/2 or W would end later than W/4.
        feed(h, specs, created("o1", "buyer-1", "shop-1", T0 + 1_001));
        h.processWatermark(T0 + 1_001);
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
        // The start can match until T0 + 11,001; a quarter window later it is gone.
        h.processWatermark(T0 + 11_001 + 2_500);
        h.snapshot(1, 1);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        assertThat(h.extractOutputValues()).isEmpty();
    }

    /**
     * A subject whose clean-up finds it still in use has one timer, re-armed on the busy grid (five
     * minutes here): it does not fire every window while the subject is busy.
     */
    @Test
    void aBusySubjectsCleanUpWaitsForTheBusyGrid() throws Exception {
        List<PatternSpec> specs = List.of(createdThenPaid(10_000));
        var h = harness(specs);
        long last = T0 + 60_000;
        for (long t = T0; t <= last; t += 1_000) {
            feed(h, specs, created("o" + t, "buyer-1", "shop-1", t));
            h.processWatermark(t);
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
        }
        // Silent from T0 + 60 s: on the fine grid it would be gone by T0 + 72.5 s.
        h.processWatermark(last + 10_000 + 2_500);
        h.snapshot(1, 1);
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        h.processWatermark(last + 10_000 + 300_000);
        h.snapshot(2, 2);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    /**
     * Every A followed by the first B of the same user less than 10 s later, on random events with
     * ties, against a brute-force reading of the definition.
     */
    @Test
    void sequenceAgreesWithBruteForceOnRandomEvents() throws Exception {
        sequenceAgreesWithBruteForce(5_000);
    }

    /**
     * The same with one watermark for the whole stream: the matches do not depend on how far apart
     * the watermarks are, although one watermark then releases every event and every key's events
     * are applied together, then what expires of its state.
     */
    @Test
    void sequenceAgreesWithBruteForceUnderOneWatermarkForEverything() throws Exception {
        sequenceAgreesWithBruteForce(Long.MAX_VALUE / 2);
    }

    /**
     * The same with every watermark's events applied a few per event that arrives after it (as with
     * a watermark that releases many): the matches are the same.
     */
    @Test
    void sequenceAgreesWithBruteForceWhenWatermarksAreHeldBack() throws Exception {
        sequenceAgreesWithBruteForce(5_000, true);
        sequenceAgreesWithBruteForce(60_000, true);
    }

    private static void sequenceAgreesWithBruteForce(long watermarkEvery) throws Exception {
        sequenceAgreesWithBruteForce(watermarkEvery, false);
    }

    private static void sequenceAgreesWithBruteForce(long watermarkEvery, boolean spread)
            throws Exception {
        List<PatternSpec> specs = List.of(createdThenPaid(10_000));
        Random random = new Random(42);
        List<PlatformEvent> events = new ArrayList<>();
        long t = T0;
        for (int i = 0; i < 3_000; i++) {
            t += random.nextInt(3) * 1_000L;
            String buyer = "b" + random.nextInt(20);
            OrderStatus s = random.nextBoolean() ? OrderStatus.CREATED : OrderStatus.PAID;
            events.add(order("o" + i, buyer, "shop-1", s, t));
        }
        // Events of one instant are taken in the engine's fixed order (stream, order id, status),
        // not in arrival order, which a streaming run does not preserve.
        List<PlatformEvent> ordered = new ArrayList<>(events);
        ordered.sort(
                java.util.Comparator.comparingLong(PlatformEvent::eventTime)
                        .thenComparing(PlatformEvent::orderId)
                        .thenComparing(e -> e.order.getStatus()));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            PlatformEvent a = ordered.get(i);
            if (a.order.getStatus() != OrderStatus.CREATED) {
                continue;
            }
            for (int j = i + 1; j < ordered.size(); j++) {
                PlatformEvent b = ordered.get(j);
                if (b.order.getBuyerId().equals(a.order.getBuyerId())
                        && b.order.getStatus() == OrderStatus.PAID) {
                    if (b.eventTime() - a.eventTime() < 10_000) {
                        expected.add(
                                String.join(
                                        "+",
                                        new java.util.TreeSet<>(
                                                List.of(a.orderId(), b.orderId()))));
                    }
                    break;
                }
            }
        }
        var h = spread ? harness(spreading(specs)) : harness(specs);
        // Arrival shuffled between two watermarks, one every watermarkEvery ms.
        int from = 0;
        while (from < events.size()) {
            long limit = events.get(from).eventTime() + watermarkEvery;
            int to = from;
            while (to < events.size() && events.get(to).eventTime() < limit) {
                to++;
            }
            List<PlatformEvent> chunk = new ArrayList<>(events.subList(from, to));
            java.util.Collections.shuffle(chunk, random);
            feed(h, specs, chunk.toArray(PlatformEvent[]::new));
            h.processWatermark(limit - 1);
            from = to;
        }
        h.processWatermark(Long.MAX_VALUE);
        List<String> actual =
                h.extractOutputValues().stream()
                        .map(a -> String.join("+", a.getOrderIds()))
                        .toList();
        assertThat(expected).hasSizeGreaterThan(300);
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }
}
