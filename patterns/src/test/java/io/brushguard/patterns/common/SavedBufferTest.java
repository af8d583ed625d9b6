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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A saved buffer restores exactly the events that waited when the snapshot was taken, in the order
 * they were added, however many checkpoints they waited through and whatever was handed out in
 * between; each event is serialised once at most (none that left before a checkpoint), and chunks
 * go once the watermark has passed all their events.
 */
class SavedBufferTest {

    /** Events: (time, sequence number), 12 bytes each serialised. */
    private static final int EVENT_BYTES = 12;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeSerializer<Tuple2<Long, Integer>> serializer() {
        return new TupleSerializer<>(
                (Class) Tuple2.class,
                new TypeSerializer<?>[] {LongSerializer.INSTANCE, IntSerializer.INSTANCE});
    }

    private static SavedBuffer<Tuple2<Long, Integer>> buffer() {
        return new SavedBuffer<>(t -> t.f0, serializer());
    }

    private static Tuple2<Long, Integer> ev(long time, int seq) {
        return Tuple2.of(time, seq);
    }

    /** What a restore from {@code chunks} holds, in the order it hands it out. */
    private static List<Tuple2<Long, Integer>> restored(
            List<SavedBuffer.Chunk<Tuple2<Long, Integer>>> chunks) throws Exception {
        SavedBuffer<Tuple2<Long, Integer>> b = buffer();
        b.restore(viaState(chunks), t -> true);
        List<Tuple2<Long, Integer>> out = new ArrayList<>();
        b.pollUpTo(Long.MAX_VALUE, out);
        return out;
    }

    /** The chunks written and read back as operator state does, with the chunk serializer. */
    private static List<SavedBuffer.Chunk<Tuple2<Long, Integer>>> viaState(
            List<SavedBuffer.Chunk<Tuple2<Long, Integer>>> chunks) throws Exception {
        SavedBuffer.ChunkSerializer<Tuple2<Long, Integer>> s =
                new SavedBuffer.ChunkSerializer<>(serializer());
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (SavedBuffer.Chunk<Tuple2<Long, Integer>> c : chunks) {
            s.serialize(s.copy(c), out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<SavedBuffer.Chunk<Tuple2<Long, Integer>>> back = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            back.add(s.deserialize(in));
        }
        assertThat(in.available()).isZero();
        return back;
    }

    @Test
    void restoresWhatWaitedAcrossCheckpointsAndNothingHandedOut() throws Exception {
        SavedBuffer<Tuple2<Long, Integer>> b = buffer();
        List<Tuple2<Long, Integer>> out = new ArrayList<>();
        b.add(ev(30, 0));
        b.add(ev(10, 1));
        b.add(ev(20, 2));
        var first = b.snapshot();
        assertThat(first).hasSize(1);
        assertThat(restored(first)).extracting(t -> t.f1).containsExactly(1, 2, 0);

        b.pollUpTo(15, out);
        assertThat(out).extracting(t -> t.f1).containsExactly(1);
        b.add(ev(16, 3));
        b.add(ev(40, 4));
        var second = b.snapshot();
        // The first chunk again (its event at 10 is handed out), and one for the two new events.
        assertThat(second).hasSize(2);
        assertThat(second.get(0).bytes).isSameAs(first.get(0).bytes);
        assertThat(restored(second)).extracting(t -> t.f1).containsExactly(3, 2, 0, 4);

        out.clear();
        b.pollUpTo(30, out);
        assertThat(out).extracting(t -> t.f1).containsExactly(3, 2, 0);
        var third = b.snapshot();
        // Every event of the first chunk is handed out: it goes.
        assertThat(third).hasSize(1);
        assertThat(third.get(0).bytes).isSameAs(second.get(1).bytes);
        assertThat(restored(third)).extracting(t -> t.f1).containsExactly(4);

        out.clear();
        b.pollUpTo(40, out);
        assertThat(b.snapshot()).isEmpty();
        assertThat(restored(b.snapshot())).isEmpty();
    }

    @Test
    void eventsThatLeaveBetweenCheckpointsAreNeverSerialised() throws Exception {
        SavedBuffer<Tuple2<Long, Integer>> b = buffer();
        List<Tuple2<Long, Integer>> out = new ArrayList<>();
        // An operator whose input comes in order: each watermark hands out nearly all.
        for (int i = 0; i < 10_000; i++) {
            b.add(ev(i, i));
            if (i % 10 == 9) {
                b.pollUpTo(i - 2, out);
            }
        }
        var chunks = b.snapshot();
        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).count()).isEqualTo(2);
        assertThat(chunks.get(0).byteSize()).isEqualTo(2 * EVENT_BYTES);
        assertThat(restored(chunks)).extracting(t -> t.f1).containsExactly(9_998, 9_999);
    }

    /**
     * Random late arrivals, watermarks and checkpoints; after every checkpoint a restore holds
     * exactly what waited, in order; over the whole run each event's bytes were written once at
     * most.
     */
    @Test
    void agreesWithWhatWaitsAndSerialisesEachEventOnceOnRandomRuns() throws Exception {
        Random random = new Random(42);
        for (int run = 0; run < 20; run++) {
            SavedBuffer<Tuple2<Long, Integer>> b = buffer();
            TimeOrderedBuffer<Tuple2<Long, Integer>> reference = new TimeOrderedBuffer<>(t -> t.f0);
            Map<byte[], Boolean> seenBytes = new IdentityHashMap<>();
            long serialisedBytes = 0;
            int waitedThroughACheckpoint = 0;
            Set<Integer> counted = new java.util.HashSet<>();
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
                    var chunks = b.snapshot();
                    List<Tuple2<Long, Integer>> waiting = reference.toList();
                    assertThat(restored(chunks)).isEqualTo(waiting);
                    for (Tuple2<Long, Integer> t : waiting) {
                        if (counted.add(t.f1)) {
                            waitedThroughACheckpoint++;
                        }
                    }
                    for (SavedBuffer.Chunk<Tuple2<Long, Integer>> c : chunks) {
                        if (seenBytes.put(c.bytes, true) == null) {
                            serialisedBytes += c.byteSize();
                        }
                        assertThat(c.maxTime).isGreaterThan(mark);
                    }
                }
            }
            assertThat(serialisedBytes).isEqualTo((long) waitedThroughACheckpoint * EVENT_BYTES);
        }
    }

    @Test
    void aRestoreKeepsTheEventsOfThisSubtaskAndSnapshotsThemAgain() throws Exception {
        SavedBuffer<Tuple2<Long, Integer>> before = buffer();
        for (int i = 0; i < 10; i++) {
            before.add(ev(100 + i, i));
        }
        before.pollUpTo(101, new ArrayList<>());
        var chunks = before.snapshot();

        SavedBuffer<Tuple2<Long, Integer>> even = buffer();
        assertThat(even.restore(viaState(chunks), t -> t.f1 % 2 == 0)).isEqualTo(4);
        assertThat(even.size()).isEqualTo(4);
        // Its own snapshot holds them (the restored chunks are another subtask's too).
        assertThat(restored(even.snapshot())).extracting(t -> t.f1).containsExactly(2, 4, 6, 8);
    }

    @Test
    void refusesAnEventAtOrBeforeTheTimeHandedOut() {
        SavedBuffer<Tuple2<Long, Integer>> b = buffer();
        b.pollUpTo(50, new ArrayList<>());
        assertThatThrownBy(() -> b.add(ev(50, 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("handed out up to 50");
        b.add(ev(51, 1));
        b.clear();
        b.add(ev(50, 2));
        assertThat(b.size()).isEqualTo(1);
    }

    @Test
    void theEmptyBufferStillMovesItsTimeAndDropsChunks() throws Exception {
        SavedBuffer<Tuple2<Long, Integer>> b = buffer();
        b.add(ev(10, 0));
        assertThat(b.snapshot()).hasSize(1);
        List<Tuple2<Long, Integer>> out = new ArrayList<>();
        b.pollUpTo(10, out);
        assertThat(b.isEmpty()).isTrue();
        b.pollUpTo(20, Collections.emptyList());
        assertThat(b.snapshot()).isEmpty();
    }

    @Test
    void theChunkSerializersSnapshotRestoresItWithTheEventsSerializer() throws Exception {
        SavedBuffer.ChunkSerializer<Tuple2<Long, Integer>> s =
                new SavedBuffer.ChunkSerializer<>(serializer());
        TypeSerializerSnapshot<SavedBuffer.Chunk<Tuple2<Long, Integer>>> snap =
                s.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snap);
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
