package io.brushguard.patterns.common;

import io.brushguard.patterns.Fixtures;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link OrderedProcessOperator} keeps an ordered function's input in its own buffer until the
 * watermark; the function must see exactly what it sees under Flink's keyed process operator, where
 * it buffers in keyed state: per key, the same events at the same times, the same timers in the
 * same place among them, the same state, across a checkpoint and a restore in the middle.
 */
class FunctionHostTest {

    /**
     * Writes down, per key, everything it is handed: the events of each timestamp, its own timers
     * (one 7 ms after each timestamp, one on a 100 ms grid; event times are multiples of 10), and a
     * running count kept in keyed state (cleared at 25). Flink's operator also calls {@code
     * onTimerAfterEvents} at each event's own time (the timer that releases the events from keyed
     * state), which the host has no need for: every detector ignores those calls, and so does this
     * function.
     */
    static final class Recorder extends EventTimeOrderedFunction<String, String, String> {
        private transient ValueState<Integer> seen;
        private transient MapState<Long, Integer> perBucket;

        Recorder() {
            super(Types.STRING);
        }

        @Override
        protected void openState() {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.INT));
            perBucket =
                    getRuntimeContext()
                            .getMapState(
                                    new MapStateDescriptor<>("per-bucket", Types.LONG, Types.INT));
        }

        /** The per-bucket counts in bucket order. */
        private String buckets() throws Exception {
            java.util.TreeMap<Long, Integer> sorted = new java.util.TreeMap<>();
            for (java.util.Map.Entry<Long, Integer> e : perBucket.entries()) {
                sorted.put(e.getKey(), e.getValue());
            }
            return sorted.toString();
        }

        @Override
        protected long eventTime(String value) {
            return Long.parseLong(value.substring(value.indexOf('@') + 1));
        }

        @Override
        protected void onEvents(long ts, List<String> events, Context ctx, Collector<String> out)
                throws Exception {
            int n = (seen.value() == null ? 0 : seen.value()) + events.size();
            if (n >= 25) {
                // Starts the count again: a value state cleared, as detectors clear theirs.
                seen.clear();
            } else {
                seen.update(n);
            }
            Integer inBucket = perBucket.get(ts / 100);
            perBucket.put(ts / 100, (inBucket == null ? 0 : inBucket) + events.size());
            if (n % 40 == 0) {
                perBucket.clear();
            }
            out.collect(
                    ctx.getCurrentKey()
                            + " events "
                            + events
                            + " at "
                            + ts
                            + " seen "
                            + n
                            + " buckets "
                            + buckets());
            ctx.timerService().registerEventTimeTimer(ts + 7);
            // A clean-up timer on a coarse grid, as detectors register: mostly a repeat.
            ctx.timerService().registerEventTimeTimer((ts / 100) * 100 + 107);
        }

        @Override
        protected void onTimerAfterEvents(long ts, OnTimerContext ctx, Collector<String> out)
                throws Exception {
            if (ts % 10 == 7) {
                // Forget buckets more than 3 back, through the iterator.
                var it = perBucket.iterator();
                while (it.hasNext()) {
                    if (it.next().getKey() < ts / 100 - 3) {
                        it.remove();
                    }
                }
                out.collect(
                        ctx.getCurrentKey()
                                + " timer "
                                + ts
                                + " seen "
                                + seen.value()
                                + " buckets "
                                + buckets());
            }
        }
    }

    /** Events of 5 keys at times 0, 10, .. 2990 (two per time), shuffled 20 events at a time. */
    private static List<String> events(long seed) {
        Random random = new Random(seed);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            long ts = (i / 2) * 10L;
            events.add("k" + random.nextInt(5) + "#" + i + "@" + ts);
        }
        for (int i = 0; i + 20 <= events.size(); i += 20) {
            Collections.shuffle(events.subList(i, i + 20), random);
        }
        return events;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
            OneInputStreamOperator<String, String> op, boolean rocksDb, OperatorSubtaskState state)
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        op, v -> v.substring(0, v.indexOf('#')), Types.STRING);
        if (rocksDb) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        if (state != null) {
            h.initializeState(state);
        }
        h.open();
        return h;
    }

    /**
     * Runs the events through fresh operators from {@code make}, a watermark 95 ms behind after
     * every 10 events, a checkpoint and a restore into a new operator after event {@code
     * restoreAt}; the output per key, in order.
     */
    private static Map<String, List<String>> run(
            java.util.function.Supplier<OneInputStreamOperator<String, String>> make,
            List<String> events,
            boolean rocksDb,
            int restoreAt)
            throws Exception {
        return run(make, make, events, rocksDb, restoreAt);
    }

    /** As above, with the operator before the restore made by {@code first}. */
    private static Map<String, List<String>> run(
            java.util.function.Supplier<OneInputStreamOperator<String, String>> first,
            java.util.function.Supplier<OneInputStreamOperator<String, String>> make,
            List<String> events,
            boolean rocksDb,
            int restoreAt)
            throws Exception {
        List<String> out = new ArrayList<>();
        var h = harness(first.get(), rocksDb, null);
        long maxTs = Long.MIN_VALUE;
        for (int i = 0; i < events.size(); i++) {
            String e = events.get(i);
            long ts = timeOf(e);
            maxTs = Math.max(maxTs, ts);
            h.processElement(new StreamRecord<>(e, ts));
            if (i % 10 == 9) {
                h.processWatermark(new Watermark(maxTs - 95));
            }
            if (i == restoreAt) {
                OperatorSubtaskState snapshot = h.snapshot(1, 1);
                collect(h, out);
                h.close();
                h = harness(make.get(), rocksDb, snapshot);
            }
        }
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        collect(h, out);
        h.close();
        return byKey(out);
    }

    /** The output lines per key, in order. */
    private static Map<String, List<String>> byKey(List<String> out) {
        Map<String, List<String>> byKey = new TreeMap<>();
        for (String line : out) {
            byKey.computeIfAbsent(line.substring(0, line.indexOf(' ')), k -> new ArrayList<>())
                    .add(line);
        }
        return byKey;
    }

    /** An event's time: what follows its '@'. */
    private static long timeOf(String event) {
        return Long.parseLong(event.substring(event.indexOf('@') + 1));
    }

    private static void collect(
            KeyedOneInputStreamOperatorTestHarness<String, String, String> h, List<String> out) {
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                out.add((String) r.getValue());
            }
        }
        h.getOutput().clear();
    }

    /**
     * On RocksDB the function's value states are cached ({@link StateCache}): with room for all 5
     * keys, for 2 (keys leave the cache and are written back all the time), and none.
     */
    @Test
    void theFunctionSeesWhatFlinksKeyedOperatorShowsItAcrossARestore() throws Exception {
        for (int cachedKeys : new int[] {StateCache.DEFAULT_KEYS, 2, 0}) {
            for (boolean rocksDb : new boolean[] {false, true}) {
                sameAsFlink(rocksDb, cachedKeys);
            }
        }
    }

    private static void sameAsFlink(boolean rocksDb, int cachedKeys) throws Exception {
        {
            for (long seed = 1; seed <= 3; seed++) {
                List<String> events = events(seed);
                int restoreAt = 100 * (int) seed + 55;
                Map<String, List<String>> flink =
                        run(() -> new KeyedProcessOperator<>(new Recorder()), events, rocksDb, -1);
                Map<String, List<String>> ordered =
                        run(
                                () ->
                                        new OrderedProcessOperator<>(new Recorder(), Types.STRING)
                                                .withCachedKeys(cachedKeys),
                                events,
                                rocksDb,
                                restoreAt);
                assertThat(ordered)
                        .as("rocksDb=%s cached=%s seed=%s", rocksDb, cachedKeys, seed)
                        .isEqualTo(flink);
                // Every event arrives exactly once.
                int total =
                        flink.values().stream()
                                .flatMap(List::stream)
                                .filter(l -> l.contains(" events "))
                                .mapToInt(l -> l.split("#", -1).length - 1)
                                .sum();
                assertThat(total).isEqualTo(events.size());
            }
        }
    }

    /**
     * The job's setting {@code brushguard.state-cache.keys} reaches the operator as a job
     * parameter: with 2, the 5 keys' 2 states take at most 4 cache slots; without it, the default
     * holds them all. A bad value is refused with the parameter's name.
     */
    @Test
    void theJobsCacheSettingSizesTheCache() throws Exception {
        assertThat(cachedAfterAllEvents("2")).isBetween(1L, 4L);
        assertThat(cachedAfterAllEvents(null)).isGreaterThan(4L);
        assertThatThrownBy(() -> cachedAfterAllEvents("-1"))
                .hasStackTraceContaining("brushguard.state-cache.keys must be a whole number >= 0");
    }

    private static long cachedAfterAllEvents(String keysParameter) throws Exception {
        OrderedProcessOperator<String, String> op =
                new OrderedProcessOperator<>(new Recorder(), Types.STRING);
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        op, v -> v.substring(0, v.indexOf('#')), Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        Fixtures.stateCacheKeys(h.getExecutionConfig(), keysParameter);
        try {
            h.open();
            long maxTs = 0;
            for (String e : events(4)) {
                long ts = timeOf(e);
                maxTs = Math.max(maxTs, ts);
                h.processElement(new StreamRecord<>(e, ts));
            }
            h.processWatermark(new Watermark(maxTs));
            return op.cachedStateValues();
        } finally {
            h.close();
        }
    }

    /**
     * A savepoint of the function on Flink's operator (its events waiting in keyed state, their
     * timers registered) restores onto the host, which takes those events over.
     */
    @Test
    void eventsTheFunctionBufferedItselfAreTakenOverAfterARestore() throws Exception {
        for (boolean rocksDb : new boolean[] {false, true}) {
            List<String> events = events(9);
            Map<String, List<String>> flink =
                    run(() -> new KeyedProcessOperator<>(new Recorder()), events, rocksDb, -1);
            Map<String, List<String>> upgraded =
                    run(
                            () -> new KeyedProcessOperator<>(new Recorder()),
                            () -> new OrderedProcessOperator<>(new Recorder(), Types.STRING),
                            events,
                            rocksDb,
                            305);
            assertThat(upgraded).as("rocksDb=%s", rocksDb).isEqualTo(flink);
        }
    }

    @Test
    void bufferedEventsGoToKeyedStateAtACheckpointAndComeBackOnRestore() throws Exception {
        var h = harness(new OrderedProcessOperator<>(new Recorder(), Types.STRING), false, null);
        h.processElement(new StreamRecord<>("k1#0@100", 100));
        h.processElement(new StreamRecord<>("k2#1@100", 100));
        h.processWatermark(new Watermark(50));
        assertThat(h.getOutput()).hasSize(1); // the watermark only
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        assertThat(snapshot.getManagedKeyedState()).isNotEmpty();
        h.close();

        var restored =
                harness(
                        new OrderedProcessOperator<>(new Recorder(), Types.STRING),
                        false,
                        snapshot);
        restored.processWatermark(new Watermark(100));
        List<String> lines = new ArrayList<>();
        collect(restored, lines);
        assertThat(lines)
                .containsExactly(
                        "k1 events [k1#0@100] at 100 seen 1 buckets {1=1}",
                        "k2 events [k2#1@100] at 100 seen 1 buckets {1=1}");
        restored.close();
    }

    /**
     * Events wait through several checkpoints (their chunks kept, later ones added, old ones
     * deleted); the job is restored from one of them at another parallelism: each subtask hands out
     * exactly the waiting events of its keys, so together they go on as one uninterrupted run.
     */
    @Test
    void aRestoreAtAnotherParallelismGoesOnAsOneRun() throws Exception {
        for (boolean rocksDb : new boolean[] {false, true}) {
            List<String> events = events(11);
            Map<String, List<String>> flink =
                    run(() -> new KeyedProcessOperator<>(new Recorder()), events, rocksDb, -1);
            List<String> out = new ArrayList<>();
            var h = rescalable(1, 0, rocksDb, null);
            long maxTs = Long.MIN_VALUE;
            OperatorSubtaskState taken = null;
            int restoreAt = 437;
            for (int i = 0; i <= restoreAt; i++) {
                String e = events.get(i);
                long ts = timeOf(e);
                maxTs = Math.max(maxTs, ts);
                h.processElement(new StreamRecord<>(e, ts));
                if (i % 10 == 9) {
                    h.processWatermark(new Watermark(maxTs - 95));
                }
                if (i % 50 == 49 || i == restoreAt) {
                    taken = h.snapshot(i, i);
                }
            }
            collect(h, out);
            h.close();
            List<KeyedOneInputStreamOperatorTestHarness<String, String, String>> subtasks =
                    new ArrayList<>();
            for (int sub = 0; sub < 3; sub++) {
                subtasks.add(
                        rescalable(
                                3,
                                sub,
                                rocksDb,
                                AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                        taken, MAX_PARALLELISM, 1, 3, sub)));
            }
            for (int i = restoreAt + 1; i < events.size(); i++) {
                String e = events.get(i);
                long ts = timeOf(e);
                maxTs = Math.max(maxTs, ts);
                String key = e.substring(0, e.indexOf('#'));
                int owner =
                        KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                key, MAX_PARALLELISM, 3);
                subtasks.get(owner).processElement(new StreamRecord<>(e, ts));
                if (i % 10 == 9) {
                    for (var sub : subtasks) {
                        sub.processWatermark(new Watermark(maxTs - 95));
                    }
                }
            }
            for (var sub : subtasks) {
                sub.processWatermark(new Watermark(Long.MAX_VALUE));
                collect(sub, out);
                sub.close();
            }
            assertThat(byKey(out)).as("rocksDb=%s", rocksDb).isEqualTo(flink);
        }
    }

    private static final int MAX_PARALLELISM = 128;

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> rescalable(
            int parallelism, int subtask, boolean rocksDb, OperatorSubtaskState state)
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new OrderedProcessOperator<>(new Recorder(), Types.STRING),
                        v -> v.substring(0, v.indexOf('#')),
                        Types.STRING,
                        MAX_PARALLELISM,
                        parallelism,
                        subtask);
        if (rocksDb) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        if (state != null) {
            h.initializeState(state);
        }
        h.open();
        return h;
    }

    /**
     * The operator sets no key as a buffered event arrives ({@link FunctionHost#keyOnArrival}): an
     * event behind the watermark, handed on at once, is under its own key all the same, not under
     * the key of whatever ran last.
     */
    @Test
    void anEventBehindTheWatermarkIsHandedOnUnderItsOwnKey() throws Exception {
        for (boolean rocksDb : new boolean[] {false, true}) {
            var h =
                    harness(
                            new OrderedProcessOperator<>(new Recorder(), Types.STRING),
                            rocksDb,
                            null);
            h.processElement(new StreamRecord<>("k1#0@100", 100));
            // k1's event and timers run: the current key is k1 after it.
            h.processWatermark(new Watermark(200));
            h.processElement(new StreamRecord<>("k3#1@300", 300));
            h.processElement(new StreamRecord<>("k2#2@150", 150));
            List<String> out = new ArrayList<>();
            collect(h, out);
            h.close();

            assertThat(out)
                    .as("rocksDb=" + rocksDb)
                    .contains("k1 events [k1#0@100] at 100 seen 1 buckets {1=1}")
                    .anyMatch(l -> l.startsWith("k2 events [k2#2@150] at 150 seen 1"))
                    .noneMatch(l -> l.startsWith("k1 events [k2"))
                    .noneMatch(l -> l.contains("k3#1"));
        }
    }
}
