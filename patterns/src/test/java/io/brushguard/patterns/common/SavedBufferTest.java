package io.brushguard.patterns.common;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.runtime.TupleSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A saved buffer's store holds, after each snapshot, exactly the events that wait (a restore from
 * it hands them out in time order, each key group's in the order they were added), however many
 * checkpoints they waited through and whatever was handed out in between; each event is serialised
 * once at most (none that left before a checkpoint), and a chunk goes once the watermark has passed
 * all its events.
 */
class SavedBufferTest {

    /** Events: (time, sequence number), 12 bytes each serialised; key group = seq % GROUPS. */
    private static final int EVENT_BYTES = 12;

    private static final int GROUPS = 4;

    /** An in-memory store that counts what was written to it. */
    static final class FakeStore implements SavedBuffer.ChunkStore<Tuple2<Long, Integer>> {
        final Map<Integer, Map<Long, SavedBuffer.Chunk<Tuple2<Long, Integer>>>> chunks =
                new HashMap<>();
        final Map<Integer, Long> marks = new HashMap<>();
        long bytesPut;

        @Override
        public Map<Long, SavedBuffer.Chunk<Tuple2<Long, Integer>>> chunks(int group) {
            return new HashMap<>(chunks.getOrDefault(group, Map.of()));
        }

        @Override
        public long mark(int group) {
            return marks.getOrDefault(group, Long.MIN_VALUE);
        }

        @Override
        public void put(int group, long number, SavedBuffer.Chunk<Tuple2<Long, Integer>> c) {
            assertThat(chunks.computeIfAbsent(group, g -> new HashMap<>()).put(number, c))
                    .as("a chunk is stored once")
                    .isNull();
            bytesPut += c.byteSize();
        }

        @Override
        public void remove(int group, long number) {
            assertThat(chunks.get(group).remove(number)).isNotNull();
        }

        @Override
        public void setMark(int group, long mark) {
            marks.put(group, mark);
        }

        @Override
        public void clearMark(int group) {
            assertThat(marks.remove(group)).as("a mark is cleared once").isNotNull();
        }

        /** What a checkpoint taken now holds (chunks are immutable: the maps are copied). */
        FakeStore checkpoint() throws Exception {
            FakeStore copy = new FakeStore();
            SavedBuffer.ChunkSerializer<Tuple2<Long, Integer>> s =
                    new SavedBuffer.ChunkSerializer<>(serializer());
            for (var g : chunks.entrySet()) {
                for (var c : g.getValue().entrySet()) {
                    // Through the chunk serializer, as the state backend writes and reads them.
                    DataOutputSerializer out = new DataOutputSerializer(64);
                    s.serialize(s.copy(c.getValue()), out);
                    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
                    copy.chunks
                            .computeIfAbsent(g.getKey(), k -> new HashMap<>())
                            .put(c.getKey(), s.deserialize(in));
                }
            }
            copy.marks.putAll(marks);
            return copy;
        }

        int stored() {
            return chunks.values().stream().mapToInt(Map::size).sum();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeSerializer<Tuple2<Long, Integer>> serializer() {
        return new TupleSerializer<>(
                (Class) Tuple2.class,
                new TypeSerializer<?>[] {LongSerializer.INSTANCE, IntSerializer.INSTANCE});
    }

    private static SavedBuffer<Tuple2<Long, Integer>> buffer() {
        return new SavedBuffer<>(t -> t.f0, t -> t.f1 % GROUPS, serializer());
    }

    private static SavedBuffer<Tuple2<Long, Integer>> attached(FakeStore store) throws Exception {
        SavedBuffer<Tuple2<Long, Integer>> b = buffer();
        b.attach(store, IntStream.range(0, GROUPS).boxed().toList());
        return b;
    }

    private static Tuple2<Long, Integer> ev(long time, int seq) {
        return Tuple2.of(time, seq);
    }

    /** What a restore from {@code checkpoint} holds, in the order it hands it out. */
    private static List<Tuple2<Long, Integer>> restored(FakeStore checkpoint) throws Exception {
        SavedBuffer<Tuple2<Long, Integer>> b = attached(checkpoint.checkpoint());
        List<Tuple2<Long, Integer>> out = new ArrayList<>();
        b.pollUpTo(Long.MAX_VALUE, out);
        return out;
    }

    @Test
    void restoresWhatWaitedAcrossCheckpointsAndNothingHandedOut() throws Exception {
        FakeStore store = new FakeStore();
        SavedBuffer<Tuple2<Long, Integer>> b = attached(store);
        List<Tuple2<Long, Integer>> out = new ArrayList<>();
        b.add(ev(30, 0));
        b.add(ev(10, 4));
        b.add(ev(20, 1));
        b.snapshot();
        // Key groups 0 (events 0 and 4) and 1 (event 1): one chunk each.
        assertThat(store.stored()).isEqualTo(2);
        assertThat(restored(store)).extracting(t -> t.f1).containsExactly(4, 1, 0);

        b.pollUpTo(15, out);
        assertThat(out).extracting(t -> t.f1).containsExactly(4);
        b.add(ev(16, 2));
        b.add(ev(40, 3));
        b.snapshot();
        assertThat(store.stored()).isEqualTo(4);
        assertThat(store.bytesPut).isEqualTo(5 * EVENT_BYTES);
        assertThat(restored(store)).extracting(t -> t.f1).containsExactly(2, 1, 0, 3);

        out.clear();
        b.pollUpTo(30, out);
        assertThat(out).extracting(t -> t.f1).containsExactly(2, 1, 0);
        b.snapshot();
        // Only event 3's chunk holds a waiting event; nothing was written again.
        assertThat(store.stored()).isEqualTo(1);
        assertThat(b.storedChunks()).isEqualTo(1);
        assertThat(store.bytesPut).isEqualTo(5 * EVENT_BYTES);
        assertThat(restored(store)).extracting(t -> t.f1).containsExactly(3);

        out.clear();
        b.pollUpTo(40, out);
        b.snapshot();
        assertThat(store.stored()).isZero();
        // No chunks, no marks: the store keeps nothing for a buffer that holds nothing.
        assertThat(store.marks).isEmpty();
        assertThat(restored(store)).isEmpty();
    }

    @Test
    void eventsThatLeaveBetweenCheckpointsAreNeverSerialised() throws Exception {
        FakeStore store = new FakeStore();
        SavedBuffer<Tuple2<Long, Integer>> b = attached(store);
        List<Tuple2<Long, Integer>> out = new ArrayList<>();
        // An operator whose input comes in order: each watermark hands out nearly all.
        for (int i = 0; i < 10_000; i++) {
            b.add(ev(i, i));
            if (i % 10 == 9) {
                b.pollUpTo(i - 2, out);
            }
        }
        b.snapshot();
        assertThat(store.bytesPut).isEqualTo(2 * EVENT_BYTES);
        assertThat(restored(store)).extracting(t -> t.f1).containsExactly(9_998, 9_999);
    }

    /**
     * Random late arrivals, watermarks and checkpoints; after every checkpoint a restore holds
     * exactly what waited, each key group's events in the order they came; over the whole run each
     * event's bytes were written once at most, and no chunk stays whose events are all handed out.
     */
    @Test
    void agreesWithWhatWaitsAndSerialisesEachEventOnceOnRandomRuns() throws Exception {
        Random random = new Random(42);
        for (int run = 0; run < 20; run++) {
            FakeStore store = new FakeStore();
            SavedBuffer<Tuple2<Long, Integer>> b = attached(store);
            TimeOrderedBuffer<Tuple2<Long, Integer>> reference = new TimeOrderedBuffer<>(t -> t.f0);
            Set<Integer> waitedThroughACheckpoint = new HashSet<>();
            long maxTime = 0;
            long mark = Long.MIN_VALUE;
            int lateness = 1 + random.nextInt(3_000);
            for (int i = 0; i < 5_000; i++) {
                long time = Math.max(mark + 1, i * 10L - random.nextInt(lateness));
                maxTime = Math.max(maxTime, time);
                b.add(ev(time, i));
                reference.add(ev(time, i));
                if (random.nextInt(20) == 0) {
                    mark = Math.max(mark, maxTime - random.nextInt(2 * lateness));
                    List<Tuple2<Long, Integer>> out = new ArrayList<>();
                    List<Tuple2<Long, Integer>> expected = new ArrayList<>();
                    b.pollUpTo(mark, out);
                    reference.pollUpTo(mark, expected);
                    assertThat(out).isEqualTo(expected);
                }
                if (random.nextInt(200) == 0) {
                    b.snapshot();
                    assertThat(b.storedChunks()).isEqualTo(store.stored());
                    List<Tuple2<Long, Integer>> waiting = reference.toList();
                    assertThat(byGroup(restored(store))).isEqualTo(byGroup(waiting));
                    waiting.forEach(t -> waitedThroughACheckpoint.add(t.f1));
                    for (var g : store.chunks.values()) {
                        for (var c : g.values()) {
                            assertThat(c.maxTime).isGreaterThan(mark);
                        }
                    }
                }
            }
            assertThat(store.bytesPut)
                    .isEqualTo((long) waitedThroughACheckpoint.size() * EVENT_BYTES);
        }
    }

    /** Each key group's events, in order. */
    private static Map<Integer, List<Tuple2<Long, Integer>>> byGroup(
            List<Tuple2<Long, Integer>> events) {
        Map<Integer, List<Tuple2<Long, Integer>>> groups = new TreeMap<>();
        for (Tuple2<Long, Integer> t : events) {
            groups.computeIfAbsent(t.f1 % GROUPS, g -> new ArrayList<>()).add(t);
        }
        return groups;
    }

    @Test
    void aRestoreTakesItsKeyGroupsAndStoresTheirEventsAgainInItsOwnTime() throws Exception {
        FakeStore store = new FakeStore();
        SavedBuffer<Tuple2<Long, Integer>> before = attached(store);
        for (int i = 0; i < 12; i++) {
            before.add(ev(100 + i, i));
        }
        before.snapshot();
        before.pollUpTo(101, new ArrayList<>());
        before.snapshot();
        FakeStore checkpoint = store.checkpoint();

        // Rescaled: this subtask has key groups 0 and 2 (events 0, 4, 8 and 2, 6, 10).
        SavedBuffer<Tuple2<Long, Integer>> even = buffer();
        assertThat(even.attach(checkpoint, List.of(0, 2))).isEqualTo(5);
        assertThat(even.size()).isEqualTo(5);
        // Its groups' chunks are deleted; their events wait for the next snapshot.
        assertThat(checkpoint.chunks.get(0)).isEmpty();
        assertThat(checkpoint.chunks.get(2)).isEmpty();
        assertThat(checkpoint.chunks.get(1)).hasSize(1);
        assertThat(checkpoint.marks).containsOnlyKeys(1, 3);
        even.snapshot();
        assertThat(checkpoint.chunks.get(0)).hasSize(1);
        // Stored under this buffer's time (nothing handed out yet): the restored mark is gone.
        assertThat(checkpoint.marks.get(0)).isEqualTo(Long.MIN_VALUE);
        SavedBuffer<Tuple2<Long, Integer>> again = buffer();
        again.attach(checkpoint.checkpoint(), List.of(0, 2));
        List<Tuple2<Long, Integer>> out = new ArrayList<>();
        again.pollUpTo(Long.MAX_VALUE, out);
        assertThat(out).extracting(t -> t.f1).containsExactly(2, 4, 6, 8, 10);
    }

    @Test
    void refusesAnEventAtOrBeforeTheTimeHandedOut() throws Exception {
        SavedBuffer<Tuple2<Long, Integer>> b = buffer();
        b.pollUpTo(50, new ArrayList<>());
        assertThatThrownBy(() -> b.add(ev(50, 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("handed out up to 50");
        b.add(ev(51, 1));
        // Without a store (batch) it starts again from the start of time when cleared.
        b.clear();
        b.add(ev(50, 2));
        assertThat(b.size()).isEqualTo(1);
        SavedBuffer<Tuple2<Long, Integer>> withStore = attached(new FakeStore());
        assertThatThrownBy(withStore::clear).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theEmptyBufferStillMovesItsTimeAndDropsChunks() throws Exception {
        FakeStore store = new FakeStore();
        SavedBuffer<Tuple2<Long, Integer>> b = attached(store);
        b.add(ev(10, 0));
        b.snapshot();
        assertThat(store.stored()).isEqualTo(1);
        b.pollUpTo(10, new ArrayList<>());
        assertThat(b.isEmpty()).isTrue();
        b.pollUpTo(20, List.of());
        b.snapshot();
        assertThat(store.stored()).isZero();
    }

    @Test
    void theChunkSerializersSnapshotRestoresItWithTheEventsSerializer() throws Exception {
        SavedBuffer.ChunkSerializer<Tuple2<Long, Integer>> s =
                new SavedBuffer.ChunkSerializer<>(serializer());
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, s.snapshotConfiguration());
        TypeSerializerSnapshot<SavedBuffer.Chunk<Tuple2<Long, Integer>>> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isEqualTo(s);
        TypeSerializerSchemaCompatibility<SavedBuffer.Chunk<Tuple2<Long, Integer>>> compat =
                s.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(compat.isCompatibleAsIs()).isTrue();
    }
}
