package io.brushguard.patterns.engine;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.Fixtures;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On RocksDB the engine keeps hot keys' states on the heap between checkpoints. With a cache of a
 * few keys (evictions all the time), a checkpoint and a restore from it in the middle, it must find
 * exactly what it finds on the heap backend.
 */
class EngineOnRocksDbTest {

    private static final List<PatternSpec> SPECS =
            List.of(PatternEngineOperatorTest.createdThenPaid(10_000));

    private static List<PlatformEvent> events() {
        return events(5);
    }

    private static List<PlatformEvent> events(int buyers) {
        Random random = new Random(7);
        List<PlatformEvent> events = new ArrayList<>();
        long t = T0;
        for (int i = 0; i < 4_000; i++) {
            t += random.nextInt(3) * 1_000L;
            OrderStatus s = random.nextBoolean() ? OrderStatus.CREATED : OrderStatus.PAID;
            events.add(order("o" + i, "b" + random.nextInt(buyers), "shop-1", s, t));
        }
        return events;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, RoutedEvent, RiskAlert> harness(
            boolean rocksDb, int cachedKeys, OperatorSubtaskState restore) throws Exception {
        return harness(rocksDb, cachedKeys, PatternEngineOperator.STORED_KEYS_TRACKED, restore);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, RoutedEvent, RiskAlert> harness(
            boolean rocksDb, int cachedKeys, int storedKeysTracked, OperatorSubtaskState restore)
            throws Exception {
        return harness(rocksDb, cachedKeys, storedKeysTracked, 1, 1, 0, restore);
    }

    /**
     * Subtask {@code subtask} of {@code parallelism}; restored from {@code restore} if not null.
     */
    private static KeyedOneInputStreamOperatorTestHarness<String, RoutedEvent, RiskAlert> harness(
            boolean rocksDb,
            int cachedKeys,
            int storedKeysTracked,
            int maxParallelism,
            int parallelism,
            int subtask,
            OperatorSubtaskState restore)
            throws Exception {
        PatternEngineOperator.Single engine = new PatternEngineOperator.Single(SPECS);
        engine.withCachedKeys(cachedKeys).withStoredKeysTracked(storedKeysTracked);
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        engine,
                        RoutedEvent.keySelector(),
                        Types.STRING,
                        maxParallelism,
                        parallelism,
                        subtask);
        if (rocksDb) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    /**
     * The job's setting {@code brushguard.state-cache.keys} reaches the engine as a job parameter:
     * with 2, at most 2 of the 5 buyers stay cached; without it, the default holds them all.
     */
    @Test
    void theJobsCacheSettingSizesTheCache() throws Exception {
        // Counted with the last events' states still waiting for their clean-up.
        assertThat(cachedKeysAfterAllEvents("2")).isBetween(1, 2);
        assertThat(cachedKeysAfterAllEvents(null)).isGreaterThan(2);
    }

    private static int cachedKeysAfterAllEvents(String keysParameter) throws Exception {
        PatternEngineOperator.Single engine = new PatternEngineOperator.Single(SPECS);
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        engine, RoutedEvent.keySelector(), Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        Fixtures.stateCacheKeys(h.getExecutionConfig(), keysParameter);
        try {
            h.open();
            EngineRouter router = new EngineRouter(SPECS);
            long last = T0;
            for (PlatformEvent p : events()) {
                List<RoutedEvent> routed = new ArrayList<>();
                router.route(new EnrichedEvent(p, null), routed::add);
                for (RoutedEvent r : routed) {
                    h.processElement(RoutedEventWireSerializerTest.overTheNetwork(r), r.ts);
                }
                last = Math.max(last, p.eventTime());
            }
            h.processWatermark(new Watermark(last));
            return engine.cachedKeyCount();
        } finally {
            h.close();
        }
    }

    /**
     * A key's state that reached RocksDB at a checkpoint and was read back after an eviction must
     * be deleted there once its window has passed, even when it empties in the cache; a key whose
     * state lived and died in the cache is never written. After every window and a checkpoint,
     * RocksDB holds no engine state.
     */
    @Test
    void noStateIsLeftInRocksDbOnceEveryWindowHasPassed() throws Exception {
        var h = harness(true, 1, null);
        EngineRouter router = new EngineRouter(SPECS);
        long t = T0;
        feed(h, router, order("o1", "b1", "shop-1", OrderStatus.CREATED, t));
        h.snapshot(1, 1); // writes b1's pending A to RocksDB
        feed(h, router, order("o2", "b2", "shop-1", OrderStatus.CREATED, t + 100)); // evicts b1
        // b1's clean-up timer (a quarter window after its window ends) reads its state back
        // from RocksDB and empties it; b3 evicts it.
        feed(h, router, order("o3", "b3", "shop-1", OrderStatus.CREATED, t + HOUR));
        feed(h, router, order("o4", "b4", "shop-1", OrderStatus.CREATED, t + 2 * HOUR));
        h.snapshot(2, 2);
        assertThat(storedKeys(h)).containsExactly(RoutedEvent.key(EntityType.BUYER, "b4"));
        h.processWatermark(new Watermark(t + 3 * HOUR));
        h.snapshot(3, 3);

        assertThat(storedKeys(h)).isEmpty();
        h.close();
    }

    private static final long HOUR = 3_600_000;

    private static List<String> storedKeys(
            KeyedOneInputStreamOperatorTestHarness<String, RoutedEvent, RiskAlert> h) {
        try (var keys =
                h.getOperator()
                        .<String>getKeyedStateBackend()
                        .getKeys(PatternEngineOperator.STATE_NAME, VoidNamespace.INSTANCE)) {
            return keys.toList();
        }
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, RoutedEvent, RiskAlert> h,
            EngineRouter router,
            PlatformEvent p)
            throws Exception {
        List<RoutedEvent> routed = new ArrayList<>();
        router.route(new EnrichedEvent(p, null), routed::add);
        for (RoutedEvent r : routed) {
            h.processElement(RoutedEventWireSerializerTest.overTheNetwork(r), r.ts);
        }
        h.processWatermark(new Watermark(p.eventTime()));
    }

    /** Feeds the events a second at a time, with a checkpoint and restore halfway. */
    private static List<String> run(boolean rocksDb, int cachedKeys) throws Exception {
        return run(rocksDb, cachedKeys, PatternEngineOperator.STORED_KEYS_TRACKED);
    }

    private static List<String> run(boolean rocksDb, int cachedKeys, int storedKeysTracked)
            throws Exception {
        List<PlatformEvent> events = events();
        EngineRouter router = new EngineRouter(SPECS);
        var h = harness(rocksDb, cachedKeys, storedKeysTracked, null);
        List<String> found = new ArrayList<>();
        int half = events.size() / 2 + 1;
        long watermark = feed(List.of(h), router, events, 0, half, T0);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        collect(h, found);
        h.close();
        h = harness(rocksDb, cachedKeys, storedKeysTracked, snapshot);
        feed(List.of(h), router, events, half, events.size(), watermark);
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        collect(h, found);
        h.close();
        return found;
    }

    private static void collect(
            KeyedOneInputStreamOperatorTestHarness<String, RoutedEvent, RiskAlert> h,
            List<String> found) {
        h.extractOutputValues().forEach(a -> found.add(a.getAlertId()));
    }

    @Test
    void findsOnRocksDbWithASmallCacheWhatItFindsOnTheHeap() throws Exception {
        List<String> heap = run(false, PatternEngineOperator.CACHED_KEYS);
        assertThat(heap).hasSizeGreaterThan(300);
        assertThat(run(true, 3)).containsExactlyInAnyOrderElementsOf(heap);
        assertThat(run(true, 0)).containsExactlyInAnyOrderElementsOf(heap);
    }

    /**
     * Keys the backend holds no state for are not looked up: with their stored keys tracked (read
     * back at the restore), not tracked at all (keys found empty are remembered apart from the
     * cache), or tracked until there are too many, the engine finds what it finds on the heap.
     */
    @Test
    void findsTheSameWhetherOrNotItTracksTheStoredKeys() throws Exception {
        // Without a cache every event reads and writes RocksDB: nothing is tracked.
        List<String> uncached = run(true, 0);
        assertThat(uncached).hasSizeGreaterThan(300);
        assertThat(run(true, 2, 0)).containsExactlyInAnyOrderElementsOf(uncached);
        assertThat(run(true, 2, 2)).containsExactlyInAnyOrderElementsOf(uncached);
        assertThat(run(true, 2, 100)).containsExactlyInAnyOrderElementsOf(uncached);
    }

    /**
     * A key without state takes no room in the cache, and only keys whose states reached the
     * backend are tracked as stored; after a restore they are read back from the backend.
     */
    @Test
    void keysWithoutStateTakeNoRoomInTheCache() throws Exception {
        var h = harness(true, 10, null);
        EngineRouter router = new EngineRouter(SPECS);
        PatternEngineOperator engine = (PatternEngineOperator) h.getOperator();
        // Paid orders without a created one before: no state for b1, b2, b3.
        for (int i = 1; i <= 3; i++) {
            feed(h, router, order("p" + i, "b" + i, "shop-1", OrderStatus.PAID, T0 + i));
        }
        assertThat(engine.cachedKeyCount()).isZero();
        feed(h, router, order("c4", "b4", "shop-1", OrderStatus.CREATED, T0 + 10));
        assertThat(engine.cachedKeyCount()).isEqualTo(1);
        assertThat(engine.storedKeyCount()).isZero();
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        assertThat(engine.storedKeyCount()).isEqualTo(1);
        h.close();

        var restored = harness(true, 10, snapshot);
        PatternEngineOperator again = (PatternEngineOperator) restored.getOperator();
        assertThat(again.storedKeyCount()).isEqualTo(1);
        feed(restored, router, order("p5", "b4", "shop-1", OrderStatus.PAID, T0 + 20));
        assertThat(restored.extractOutputValues()).hasSize(1);
        restored.close();
    }

    private static final int MAX_PARALLELISM = 128;

    /**
     * Restored at parallelism 3 from a checkpoint of one subtask (small cache, stored keys
     * tracked), each subtask reads back the stored keys of its own key groups, and together they
     * find what one uninterrupted run without a cache finds.
     */
    @Test
    void aRestoreAtAnotherParallelismFindsWhatOneRunFinds() throws Exception {
        List<PlatformEvent> events = events(12);
        EngineRouter router = new EngineRouter(SPECS);
        var whole = rescalable(1, 0, 0, null);
        List<String> oneRun = new ArrayList<>();
        feed(List.of(whole), router, events, 0, events.size(), T0);
        whole.processWatermark(new Watermark(Long.MAX_VALUE));
        collect(whole, oneRun);
        whole.close();
        assertThat(oneRun).hasSizeGreaterThan(100);

        List<String> found = new ArrayList<>();
        var first = rescalable(1, 0, 5, null);
        int half = events.size() / 2;
        long watermark = feed(List.of(first), router, events, 0, half, T0);
        OperatorSubtaskState taken = first.snapshot(1, 1);
        int stored = ((PatternEngineOperator) first.getOperator()).storedKeyCount();
        assertThat(stored).isPositive();
        collect(first, found);
        first.close();

        List<KeyedOneInputStreamOperatorTestHarness<String, RoutedEvent, RiskAlert>> subtasks =
                new ArrayList<>();
        int storedAfter = 0;
        for (int sub = 0; sub < 3; sub++) {
            var h =
                    rescalable(
                            3,
                            sub,
                            5,
                            AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                    taken, MAX_PARALLELISM, 1, 3, sub));
            storedAfter += ((PatternEngineOperator) h.getOperator()).storedKeyCount();
            subtasks.add(h);
        }
        assertThat(storedAfter).isEqualTo(stored);
        feed(subtasks, router, events, half, events.size(), watermark);
        for (var h : subtasks) {
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            collect(h, found);
            h.close();
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(oneRun);
    }

    /**
     * Events {@code from} (inclusive) to {@code to}, each to the subtask owning its key, and to all
     * a watermark just behind each event that moves it past {@code watermark}; returns the last
     * watermark sent.
     */
    private static long feed(
            List<KeyedOneInputStreamOperatorTestHarness<String, RoutedEvent, RiskAlert>> subtasks,
            EngineRouter router,
            List<PlatformEvent> events,
            int from,
            int to,
            long watermark)
            throws Exception {
        for (int i = from; i < to; i++) {
            PlatformEvent p = events.get(i);
            List<RoutedEvent> routed = new ArrayList<>();
            router.route(new EnrichedEvent(p, null), routed::add);
            for (RoutedEvent r : routed) {
                int owner =
                        KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                r.key, MAX_PARALLELISM, subtasks.size());
                subtasks.get(owner)
                        .processElement(RoutedEventWireSerializerTest.overTheNetwork(r), r.ts);
            }
            if (p.eventTime() - 1 > watermark) {
                watermark = p.eventTime() - 1;
                for (var h : subtasks) {
                    h.processWatermark(new Watermark(watermark));
                }
            }
        }
        return watermark;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, RoutedEvent, RiskAlert>
            rescalable(int parallelism, int subtask, int cachedKeys, OperatorSubtaskState state)
                    throws Exception {
        return harness(
                true,
                cachedKeys,
                PatternEngineOperator.STORED_KEYS_TRACKED,
                MAX_PARALLELISM,
                parallelism,
                subtask,
                state);
    }
}
