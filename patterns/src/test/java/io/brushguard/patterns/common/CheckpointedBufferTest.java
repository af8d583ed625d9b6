package io.brushguard.patterns.common;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The buffer's checkpoint holds exactly the events waiting at it, in keyed state, written once
 * each: an event that waits through a checkpoint is written at it and deleted at the first one
 * after it is handed out; one that comes and goes between two checkpoints is never written. A
 * restore (on the heap and on RocksDB, also onto more subtasks) hands out what a run without the
 * restore would have.
 */
class CheckpointedBufferTest {

    private static final int MAX_PARALLELISM = 128;

    /** An event "key#n@time". */
    private static long timeOf(String v) {
        return Long.parseLong(v.substring(v.indexOf('@') + 1));
    }

    private static String keyOf(String v) {
        return v.substring(0, v.indexOf('#'));
    }

    /**
     * A keyed operator around the buffer: events wait, a watermark hands out what it passed (as
     * "value" records, in the buffer's order), each checkpoint's number of changes is noted.
     */
    static final class Buffering extends AbstractStreamOperator<String>
            implements OneInputStreamOperator<String, String> {
        final CheckpointedBuffer<String> buffer =
                new CheckpointedBuffer<>(CheckpointedBufferTest::timeOf);
        final List<Integer> changes = new ArrayList<>();
        private transient MapState<Long, String> state;
        private transient boolean restored;

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            restored = context.isRestored();
        }

        @Override
        public void open() throws Exception {
            super.open();
            state = getPartitionedState(new MapStateDescriptor<>("buf", Types.LONG, Types.STRING));
            if (restored) {
                buffer.restore(getKeyedStateBackend(), "buf", this, state);
            }
        }

        @Override
        public void processElement(StreamRecord<String> element) {
            buffer.add((String) getCurrentKey(), element.getValue());
        }

        @Override
        public void processWatermark(Watermark mark) throws Exception {
            List<CheckpointedBuffer.Entry<String>> out = new ArrayList<>();
            buffer.pollUpTo(mark.getTimestamp(), out);
            for (CheckpointedBuffer.Entry<String> e : out) {
                assertThat(e.key()).isEqualTo(keyOf(e.item()));
                assertThat(e.time()).isEqualTo(timeOf(e.item()));
                output.collect(new StreamRecord<>(e.item(), e.time()));
            }
            super.processWatermark(mark);
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            changes.add(buffer.checkpoint(this, state));
        }

        /** The entries in keyed state, per key (keys without any left out). */
        Map<String, List<String>> stored() throws Exception {
            Map<String, List<String>> byKey = new TreeMap<>();
            List<Object> keys;
            try (var k = getKeyedStateBackend().getKeys("buf", VoidNamespace.INSTANCE)) {
                keys = new ArrayList<>(k.toList());
            }
            Object current = getCurrentKey();
            for (Object key : keys) {
                setCurrentKey(key);
                for (String v : state.values()) {
                    byKey.computeIfAbsent((String) key, x -> new ArrayList<>()).add(v);
                }
            }
            if (current != null) {
                setCurrentKey(current);
            }
            byKey.values().forEach(l -> l.sort(Comparator.naturalOrder()));
            return byKey;
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
            Buffering op, boolean rocksDb, OperatorSubtaskState state, int parallelism, int index)
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        op,
                        CheckpointedBufferTest::keyOf,
                        Types.STRING,
                        MAX_PARALLELISM,
                        parallelism,
                        index);
        if (rocksDb) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        if (state != null) {
            h.initializeState(state);
        }
        h.open();
        return h;
    }

    private static List<String> drain(KeyedOneInputStreamOperatorTestHarness<?, ?, String> h) {
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                out.add((String) r.getValue());
            }
        }
        h.getOutput().clear();
        return out;
    }

    @Test
    void writesWhatWaitsThroughACheckpointOnceAndDeletesItOnce() throws Exception {
        for (boolean rocksDb : new boolean[] {false, true}) {
            Buffering op = new Buffering();
            var h = harness(op, rocksDb, null, 1, 0);
            h.processElement(new StreamRecord<>("k1#0@100", 100));
            h.processElement(new StreamRecord<>("k2#1@100", 100));
            h.processElement(new StreamRecord<>("k1#2@300", 300));
            h.processWatermark(new Watermark(50));
            h.snapshot(1, 1);
            assertThat(op.changes).containsExactly(3);
            assertThat(op.stored())
                    .isEqualTo(
                            Map.of(
                                    "k1",
                                    List.of("k1#0@100", "k1#2@300"),
                                    "k2",
                                    List.of("k2#1@100")));

            // Comes and goes between two checkpoints: never written.
            h.processElement(new StreamRecord<>("k3#3@140", 140));
            h.processWatermark(new Watermark(150));
            assertThat(drain(h)).containsExactly("k1#0@100", "k2#1@100", "k3#3@140");
            h.processElement(new StreamRecord<>("k4#4@400", 400));
            OperatorSubtaskState second = h.snapshot(2, 2);
            // Two deletes and one write.
            assertThat(op.changes).containsExactly(3, 3);
            assertThat(op.stored())
                    .isEqualTo(Map.of("k1", List.of("k1#2@300"), "k4", List.of("k4#4@400")));
            // Nothing changed: nothing written.
            h.snapshot(3, 3);
            assertThat(op.changes).containsExactly(3, 3, 0);
            h.close();

            Buffering restored = new Buffering();
            var r = harness(restored, rocksDb, second, 1, 0);
            assertThat(restored.buffer.size()).isEqualTo(2);
            // Events after the restore come after the restored ones of the same time.
            r.processElement(new StreamRecord<>("k1#5@300", 300));
            r.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(drain(r)).containsExactly("k1#2@300", "k1#5@300", "k4#4@400");
            r.snapshot(4, 4);
            // The two restored entries deleted; the event after the restore never written.
            assertThat(restored.changes).containsExactly(2);
            assertThat(restored.stored()).isEmpty();
            r.close();
        }
    }

    /**
     * Random events over 20 keys, out of order within 400 ms; watermarks 300 ms behind; checkpoints
     * (some restored into a fresh operator, the last onto three subtasks) at random: what comes
     * out, and in what order per key, is what a run without checkpoints hands out; the keyed state
     * at each checkpoint holds exactly the waiting events.
     */
    @Test
    void restoresHandOutWhatAnUninterruptedRunWouldOnTheHeapAndOnRocksDb() throws Exception {
        for (boolean rocksDb : new boolean[] {false, true}) {
            for (long seed = 1; seed <= 3; seed++) {
                Random random = new Random(seed);
                List<String> events = new ArrayList<>();
                for (int i = 0; i < 600; i++) {
                    long t = 10L * i + random.nextInt(400);
                    events.add("k" + random.nextInt(20) + "#" + i + "@" + t);
                }
                Map<String, List<String>> plain = byKey(run(events, rocksDb, seed, false));
                Map<String, List<String>> withRestores = byKey(run(events, rocksDb, seed, true));
                assertThat(withRestores).as("rocksDb=%s seed=%s", rocksDb, seed).isEqualTo(plain);
                assertThat(plain.values().stream().mapToInt(List::size).sum()).isEqualTo(600);
            }
        }
    }

    private static List<String> run(
            List<String> events, boolean rocksDb, long seed, boolean restores) throws Exception {
        // The same watermarks in both runs; the checkpoints drawn apart.
        Random marks = new Random(seed);
        Random random = new Random(seed + 1000);
        List<String> out = new ArrayList<>();
        Buffering op = new Buffering();
        var h = harness(op, rocksDb, null, 1, 0);
        long maxTs = Long.MIN_VALUE;
        long checkpoint = 0;
        for (int i = 0; i < events.size(); i++) {
            String e = events.get(i);
            maxTs = Math.max(maxTs, timeOf(e));
            h.processElement(new StreamRecord<>(e, timeOf(e)));
            if (marks.nextInt(7) == 0) {
                h.processWatermark(new Watermark(maxTs - 300));
            }
            if (restores && random.nextInt(40) == 0) {
                checkpoint++;
                OperatorSubtaskState state = h.snapshot(checkpoint, checkpoint);
                assertThat(op.stored().values().stream().mapToInt(List::size).sum())
                        .isEqualTo(op.buffer.size());
                if (random.nextBoolean()) {
                    out.addAll(drain(h));
                    h.close();
                    op = new Buffering();
                    h = harness(op, rocksDb, state, 1, 0);
                }
            }
        }
        out.addAll(drain(h));
        if (!restores) {
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            out.addAll(drain(h));
            h.close();
            return out;
        }
        // The rest on three subtasks: each takes over the events of its key groups.
        OperatorSubtaskState last = h.snapshot(checkpoint + 1, checkpoint + 1);
        int waiting = op.buffer.size();
        h.close();
        int restored = 0;
        for (int index = 0; index < 3; index++) {
            OperatorSubtaskState part =
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(
                            last, MAX_PARALLELISM, 1, 3, index);
            Buffering sub = new Buffering();
            var s = harness(sub, rocksDb, part, 3, index);
            restored += sub.buffer.size();
            s.processWatermark(new Watermark(Long.MAX_VALUE));
            out.addAll(drain(s));
            s.close();
        }
        assertThat(restored).isEqualTo(waiting);
        return out;
    }

    private static Map<String, List<String>> byKey(List<String> out) {
        Map<String, List<String>> byKey = new TreeMap<>();
        for (String v : out) {
            byKey.computeIfAbsent(keyOf(v), k -> new ArrayList<>()).add(v);
        }
        return byKey;
    }
}
