package io.brushguard.patterns.common;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * A {@link TimeOrderedBuffer} whose checkpoints write each waiting event once, not once per
 * checkpoint it waits through.
 *
 * <p>An operator that orders its input from a live platform holds the allowed out-of-orderness of
 * it (two minutes by default): twelve checkpoints at the job's 10 s interval. Written whole into
 * operator state at each one, every waiting event was copied and serialised twelve times, and Flink
 * writes operator state to the checkpoint byte by byte ({@code BufferCheckpointBenchmark}). Here,
 * when a checkpoint comes, the events that came since the previous one and still wait are
 * serialised into one {@link Chunk} per key group, and each chunk goes into keyed state ({@link
 * ChunkStore}) once: on RocksDB an incremental checkpoint carries it once, in a large value under a
 * key of its own (not one small value per event). It is deleted once the watermark has passed all
 * its events. Events that come and go between two checkpoints (an operator whose input is already
 * in event-time order holds only the last watermark interval) are never serialised.
 *
 * <p>A chunk may hold events handed out since it was stored; each key group's store also holds the
 * time handed out up to (its mark), and a restore ({@link #attach}) keeps only the events after it
 * (and stores them again at the next snapshot, in this buffer's time and format). This needs what
 * both users guarantee: an event is added only after the time already handed out ({@link #add}
 * refuses others), and {@link #pollUpTo} hands out everything up to its mark.
 *
 * <p>Without a store (batch, or before {@link #attach}) it is a plain {@link TimeOrderedBuffer}.
 * Not thread-safe.
 *
 * @param <T> the buffered event, which knows its own time and key group
 */
public final class SavedBuffer<T> {

    /**
     * Where the chunks are kept: per key group, chunks by a number that grows with each snapshot,
     * and the mark.
     */
    public interface ChunkStore<T> {

        /** The chunks stored for key group {@code keyGroup}, in any order. */
        Map<Long, Chunk<T>> chunks(int keyGroup) throws Exception;

        /** The mark stored for {@code keyGroup}, or {@link Long#MIN_VALUE} if none. */
        long mark(int keyGroup) throws Exception;

        void put(int keyGroup, long number, Chunk<T> chunk) throws Exception;

        void remove(int keyGroup, long number) throws Exception;

        void setMark(int keyGroup, long mark) throws Exception;

        /** Deletes the mark of {@code keyGroup} (it has no chunks left). */
        void clearMark(int keyGroup) throws Exception;
    }

    /** Fresh events are checked for ones handed out already when they reach this many. */
    private static final int PRUNE_AT_LEAST = 1_024;

    private final TimeOrderedBuffer<T> waiting;
    private final ToLongFunction<T> timeOf;
    private final ToIntFunction<T> keyGroupOf;
    private final TypeSerializer<T> serializer;

    /** Added since the last snapshot (some perhaps handed out already). */
    private final Fresh<T> fresh = new Fresh<>();

    private int pruneAt = PRUNE_AT_LEAST;
    private long polledTo = Long.MIN_VALUE;

    private ChunkStore<T> store;

    /** Per key group: the stored chunks' numbers and latest times. */
    private final Map<Integer, Map<Long, Long>> stored = new HashMap<>();

    /** Per key group with stored chunks: the mark last stored. */
    private final Map<Integer, Long> marks = new HashMap<>();

    private long nextNumber;

    private volatile int storedChunks;

    /**
     * @param timeOf an event's time
     * @param keyGroupOf an event's key group
     * @param serializer the events' serializer in chunks (this buffer's own instance)
     */
    public SavedBuffer(
            ToLongFunction<T> timeOf, ToIntFunction<T> keyGroupOf, TypeSerializer<T> serializer) {
        this.timeOf = timeOf;
        this.keyGroupOf = keyGroupOf;
        this.waiting = new TimeOrderedBuffer<>(timeOf);
        this.serializer = serializer;
    }

    /** The key groups of the subtask {@code task} describes: those its keyed backend holds. */
    public static KeyGroupRange keyGroupsOf(TaskInfo task) {
        return KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                task.getMaxNumberOfParallelSubtasks(),
                task.getNumberOfParallelSubtasks(),
                task.getIndexOfThisSubtask());
    }

    /** The serializer of this buffer's chunks, for the state that holds them. */
    public ChunkSerializer<T> chunkSerializer() {
        return new ChunkSerializer<>(serializer);
    }

    /**
     * From now on snapshots go to {@code store}; first adds the waiting events of the chunks it
     * holds for {@code keyGroups} (a restore), in the order they were added, and deletes those
     * chunks (the events are stored again at the next snapshot).
     *
     * @return how many events were restored
     */
    public int attach(ChunkStore<T> store, Iterable<Integer> keyGroups) throws Exception {
        this.store = store;
        int restored = 0;
        for (int group : keyGroups) {
            Map<Long, Chunk<T>> chunks = store.chunks(group);
            if (chunks.isEmpty()) {
                continue;
            }
            long mark = store.mark(group);
            List<Long> numbers = new ArrayList<>(chunks.keySet());
            numbers.sort(null);
            for (long number : numbers) {
                Chunk<T> c = chunks.get(number);
                nextNumber = Math.max(nextNumber, number + 1);
                DataInputDeserializer in = new DataInputDeserializer(c.bytes);
                for (int i = 0; i < c.count; i++) {
                    T t = c.serializer.deserialize(in);
                    if (timeOf.applyAsLong(t) > mark) {
                        add(t);
                        restored++;
                    }
                }
                // Its waiting events go into the next snapshot's chunks, under this buffer's
                // time (which starts again) and in this buffer's format.
                store.remove(group, number);
            }
            store.clearMark(group);
        }
        return restored;
    }

    /**
     * Adds, once, the events of {@code groups} from {@code whole}, the union state in which a
     * savepoint taken before the chunks holds the whole buffer (only if {@code restored}), and
     * empties that state: from now on the chunks hold the buffer.
     */
    public void takeOver(ListState<T> whole, boolean restored, KeyGroupRange groups)
            throws Exception {
        if (restored) {
            for (T t : whole.get()) {
                if (groups.contains(keyGroupOf.applyAsInt(t))) {
                    add(t);
                }
            }
        }
        whole.clear();
    }

    /**
     * Adds an event after the time handed out so far.
     *
     * @throws IllegalStateException if {@link #pollUpTo} has handed out its time already
     */
    public void add(T item) {
        long time = timeOf.applyAsLong(item);
        if (time <= polledTo) {
            throw new IllegalStateException(
                    "event at " + time + " added after the buffer handed out up to " + polledTo);
        }
        waiting.add(item);
        fresh.add(item, time);
        if (fresh.size >= pruneAt) {
            // Amortised: an operator whose input comes in order hands most events out before
            // the next checkpoint, and those need not be kept for it.
            fresh.removeUpTo(polledTo);
            pruneAt = Math.max(PRUNE_AT_LEAST, 2 * fresh.size);
        }
    }

    /** Events waiting. */
    public int size() {
        return waiting.size();
    }

    public boolean isEmpty() {
        return waiting.isEmpty();
    }

    /**
     * See {@link TimeOrderedBuffer#pollUpTo}; from now on events up to {@code mark} are refused.
     * Call it at every watermark, the buffer empty or not ({@code out} is not touched then): stored
     * chunks are deleted once the time handed out passes them.
     */
    public int pollUpTo(long mark, List<T> out) {
        polledTo = Math.max(polledTo, mark);
        return waiting.isEmpty() ? 0 : waiting.pollUpTo(mark, out);
    }

    /**
     * Forgets the waiting events and the time handed out (a batch run's end of key); not for a
     * buffer with a store.
     */
    public void clear() {
        if (store != null) {
            throw new IllegalStateException("a buffer with a store is not cleared");
        }
        waiting.clear();
        fresh.clear();
        pruneAt = PRUNE_AT_LEAST;
        polledTo = Long.MIN_VALUE;
    }

    /**
     * Brings the store up to date for a checkpoint (call it before the keyed backend takes its
     * snapshot): deletes the chunks whose events are all handed out, stores the events added since
     * the last snapshot that still wait, one chunk per key group, and the marks. Without a store,
     * nothing.
     */
    public void snapshot() throws Exception {
        if (store == null) {
            return;
        }
        for (Iterator<Map.Entry<Integer, Map<Long, Long>>> groups = stored.entrySet().iterator();
                groups.hasNext(); ) {
            Map.Entry<Integer, Map<Long, Long>> g = groups.next();
            long mark = polledTo;
            for (Iterator<Map.Entry<Long, Long>> it = g.getValue().entrySet().iterator();
                    it.hasNext(); ) {
                Map.Entry<Long, Long> c = it.next();
                if (c.getValue() <= mark) {
                    store.remove(g.getKey(), c.getKey());
                    it.remove();
                    storedChunks--;
                }
            }
            if (g.getValue().isEmpty()) {
                groups.remove();
                if (marks.remove(g.getKey()) != null) {
                    store.clearMark(g.getKey());
                }
            }
        }
        Map<Integer, List<T>> byGroup = new HashMap<>();
        fresh.removeUpTo(polledTo);
        for (int i = 0; i < fresh.size; i++) {
            T t = fresh.item(i);
            byGroup.computeIfAbsent(keyGroupOf.applyAsInt(t), g -> new ArrayList<>()).add(t);
        }
        fresh.clear();
        pruneAt = PRUNE_AT_LEAST;
        long number = nextNumber++;
        DataOutputSerializer out = new DataOutputSerializer(16 * 1024);
        for (Map.Entry<Integer, List<T>> g : byGroup.entrySet()) {
            out.clear();
            long maxTime = Long.MIN_VALUE;
            for (T t : g.getValue()) {
                serializer.serialize(t, out);
                maxTime = Math.max(maxTime, timeOf.applyAsLong(t));
            }
            store.put(
                    g.getKey(),
                    number,
                    new Chunk<>(maxTime, g.getValue().size(), out.getCopyOfBuffer(), serializer));
            stored.computeIfAbsent(g.getKey(), k -> new HashMap<>()).put(number, maxTime);
            storedChunks++;
        }
        for (int group : stored.keySet()) {
            Long written = marks.get(group);
            if (written == null || written != polledTo) {
                store.setMark(group, polledTo);
                marks.put(group, polledTo);
            }
        }
    }

    /** How many chunks are stored (a gauge may read it from another thread). */
    public int storedChunks() {
        return storedChunks;
    }

    /**
     * Serialised events as the store holds them: the latest event time in it, how many events and
     * their bytes, and the serializer that reads them. Immutable.
     */
    public static final class Chunk<T> {
        final long maxTime;
        final int count;
        final byte[] bytes;
        final TypeSerializer<T> serializer;

        Chunk(long maxTime, int count, byte[] bytes, TypeSerializer<T> serializer) {
            this.maxTime = maxTime;
            this.count = count;
            this.bytes = bytes;
            this.serializer = serializer;
        }

        /** How many events it holds, handed out or not. */
        public int count() {
            return count;
        }

        /** Its serialised size. */
        public int byteSize() {
            return bytes.length;
        }
    }

    /**
     * A chunk in state: the latest time, the count, the bytes. Chunks never change, so a copy is
     * the chunk itself. Its snapshot holds the events' serializer's own: a restore reads a chunk
     * with the serializer that wrote it, and when the events' format changes (a migration), a chunk
     * of the former format is written again in the new one.
     */
    public static final class ChunkSerializer<T> extends TypeSerializer<Chunk<T>> {

        private static final long serialVersionUID = 1L;

        private final TypeSerializer<T> events;

        public ChunkSerializer(TypeSerializer<T> events) {
            this.events = Objects.requireNonNull(events);
        }

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public TypeSerializer<Chunk<T>> duplicate() {
            TypeSerializer<T> d = events.duplicate();
            return d == events ? this : new ChunkSerializer<>(d);
        }

        @Override
        public Chunk<T> createInstance() {
            return null;
        }

        @Override
        public Chunk<T> copy(Chunk<T> from) {
            return from;
        }

        @Override
        public Chunk<T> copy(Chunk<T> from, Chunk<T> reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(Chunk<T> c, DataOutputView out) throws IOException {
            byte[] bytes = c.bytes;
            if (c.serializer != events && !c.serializer.equals(events)) {
                // Read with a former format (a migration): written again in this one.
                DataInputDeserializer in = new DataInputDeserializer(bytes);
                DataOutputSerializer again = new DataOutputSerializer(bytes.length + 64);
                for (int i = 0; i < c.count; i++) {
                    events.serialize(c.serializer.deserialize(in), again);
                }
                bytes = again.getCopyOfBuffer();
            }
            out.writeLong(c.maxTime);
            out.writeInt(c.count);
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        @Override
        public Chunk<T> deserialize(DataInputView in) throws IOException {
            long maxTime = in.readLong();
            int count = in.readInt();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            return new Chunk<>(maxTime, count, bytes, events);
        }

        @Override
        public Chunk<T> deserialize(Chunk<T> reuse, DataInputView in) throws IOException {
            return deserialize(in);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            serialize(deserialize(source), target);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ChunkSerializer<?> that && events.equals(that.events);
        }

        @Override
        public int hashCode() {
            return events.hashCode();
        }

        @Override
        public TypeSerializerSnapshot<Chunk<T>> snapshotConfiguration() {
            return new Snapshot<>(this);
        }

        /** Format version 1, with the events' serializer's own snapshot. */
        public static final class Snapshot<T>
                extends CompositeTypeSerializerSnapshot<Chunk<T>, ChunkSerializer<T>> {

            public Snapshot() {}

            Snapshot(ChunkSerializer<T> serializer) {
                super(serializer);
            }

            @Override
            protected int getCurrentOuterSnapshotVersion() {
                return 1;
            }

            @Override
            protected TypeSerializer<?>[] getNestedSerializers(ChunkSerializer<T> outer) {
                return new TypeSerializer<?>[] {outer.events};
            }

            @Override
            @SuppressWarnings("unchecked")
            protected ChunkSerializer<T> createOuterSerializerWithNestedSerializers(
                    TypeSerializer<?>[] nested) {
                return new ChunkSerializer<>((TypeSerializer<T>) nested[0]);
            }
        }
    }

    /**
     * Events with their times beside them, so that dropping the ones handed out reads one array of
     * times instead of every event (cold in memory by then: on the micro workload that pass took a
     * twentieth of the engine's task).
     */
    private static final class Fresh<T> {
        private Object[] items = new Object[PRUNE_AT_LEAST];
        private long[] times = new long[PRUNE_AT_LEAST];
        int size;

        void add(T item, long time) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
                times = Arrays.copyOf(times, size * 2);
            }
            items[size] = item;
            times[size++] = time;
        }

        @SuppressWarnings("unchecked")
        T item(int i) {
            return (T) items[i];
        }

        /** Drops the events at or before {@code mark}, keeping the others in order. */
        void removeUpTo(long mark) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (times[i] > mark) {
                    items[kept] = items[i];
                    times[kept++] = times[i];
                }
            }
            Arrays.fill(items, kept, size, null);
            size = kept;
        }

        void clear() {
            Arrays.fill(items, 0, size, null);
            size = 0;
            if (items.length > 1 << 20) {
                // A burst left large arrays: start small again.
                items = new Object[PRUNE_AT_LEAST];
                times = new long[PRUNE_AT_LEAST];
            }
        }
    }
}
