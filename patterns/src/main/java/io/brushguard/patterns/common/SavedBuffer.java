package io.brushguard.patterns.common;

import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A {@link TimeOrderedBuffer} whose checkpoints serialise each waiting event once, not once per
 * checkpoint it waits through.
 *
 * <p>An operator that orders its input from a live platform holds the allowed out-of-orderness of
 * it (two minutes by default): twelve checkpoints at the job's 10 s interval. Written whole into
 * operator state at each one, every waiting event was copied and serialised twelve times, in many
 * small writes (75 to 100 µs per event, {@code BufferCheckpointBenchmark}). Here the events that
 * came since the previous checkpoint and still wait are serialised together into one {@link Chunk}
 * when a checkpoint comes; the chunk's bytes go into every later checkpoint as they are (one write,
 * no copy) until the watermark has passed all its events, then it is dropped. Events that come and
 * go between two checkpoints (an operator whose input is already in event-time order holds only the
 * last watermark interval) are never serialised.
 *
 * <p>A chunk may hold events handed out since it was made; each snapshot names the time handed out
 * up to (its {@link Chunk#mark}), and {@link #restore} keeps only the events after it. This needs
 * what both users guarantee: an event is added only after the time already handed out ({@link #add}
 * refuses others), and {@link #pollUpTo} hands out everything up to its mark.
 *
 * <p>Operator state is not incremental: a snapshot still writes the bytes of every waiting event,
 * only no longer serialises them again. Not thread-safe; the chunks a snapshot returns are
 * immutable, so the checkpoint's asynchronous part may write them while the buffer goes on.
 *
 * @param <T> the buffered event, which knows its own time
 */
public final class SavedBuffer<T> {

    /** Fresh events are checked for ones handed out already when they reach this many. */
    private static final int PRUNE_AT_LEAST = 1_024;

    private final TimeOrderedBuffer<T> waiting;
    private final ToLongFunction<T> timeOf;
    private final TypeSerializer<T> serializer;
    private final ChunkSerializer<T> chunkSerializer;

    /** Added since the last snapshot (some perhaps handed out already). */
    private final ArrayList<T> fresh = new ArrayList<>();

    private int pruneAt = PRUNE_AT_LEAST;

    /** The chunks of earlier snapshots that still hold waiting events, oldest first. */
    private final ArrayList<Chunk<T>> saved = new ArrayList<>();

    private long polledTo = Long.MIN_VALUE;

    /**
     * @param timeOf an event's time
     * @param serializer the events' serializer in snapshots (this buffer's own instance)
     */
    public SavedBuffer(ToLongFunction<T> timeOf, TypeSerializer<T> serializer) {
        this.timeOf = timeOf;
        this.waiting = new TimeOrderedBuffer<>(timeOf);
        this.serializer = serializer;
        this.chunkSerializer = new ChunkSerializer<>(serializer);
    }

    /** The serializer of this buffer's chunks, for the operator state that holds them. */
    public ChunkSerializer<T> chunkSerializer() {
        return chunkSerializer;
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
        fresh.add(item);
        if (fresh.size() >= pruneAt) {
            // Amortised: an operator whose input comes in order hands most events out before
            // the next checkpoint, and those need not be kept for it.
            long mark = polledTo;
            fresh.removeIf(t -> timeOf.applyAsLong(t) <= mark);
            pruneAt = Math.max(PRUNE_AT_LEAST, 2 * fresh.size());
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
     * Call it at every watermark, the buffer empty or not ({@code out} is not touched then): old
     * chunks are dropped once the time handed out passes them.
     */
    public int pollUpTo(long mark, List<T> out) {
        polledTo = Math.max(polledTo, mark);
        return waiting.isEmpty() ? 0 : waiting.pollUpTo(mark, out);
    }

    /**
     * Forgets everything, waiting or saved, and the time handed out (a batch run's end of key,
     * where no checkpoint is taken).
     */
    public void clear() {
        waiting.clear();
        fresh.clear();
        saved.clear();
        pruneAt = PRUNE_AT_LEAST;
        polledTo = Long.MIN_VALUE;
    }

    /**
     * What a checkpoint holds of this buffer: the chunks with waiting events, the events added
     * since the last snapshot serialised into a new one. For the checkpoint's synchronous part.
     */
    public List<Chunk<T>> snapshot() throws IOException {
        long mark = polledTo;
        saved.removeIf(c -> c.maxTime <= mark);
        int count = 0;
        long maxTime = Long.MIN_VALUE;
        DataOutputSerializer out = null;
        for (T t : fresh) {
            long time = timeOf.applyAsLong(t);
            if (time > mark) {
                if (out == null) {
                    out = new DataOutputSerializer(64 * 1024);
                }
                serializer.serialize(t, out);
                count++;
                maxTime = Math.max(maxTime, time);
            }
        }
        fresh.clear();
        pruneAt = PRUNE_AT_LEAST;
        if (out != null) {
            saved.add(new Chunk<>(mark, maxTime, count, out.getCopyOfBuffer(), serializer));
        }
        List<Chunk<T>> all = new ArrayList<>(saved.size());
        for (Chunk<T> c : saved) {
            all.add(c.withMark(mark));
        }
        return all;
    }

    /**
     * Adds the events of restored chunks that were still waiting when they were taken, those {@code
     * mine} accepts (this subtask's key groups), in the order they were added. They are serialised
     * again at the next snapshot (with this buffer's serializer).
     *
     * @return how many were added
     */
    public int restore(Iterable<Chunk<T>> chunks, Predicate<T> mine) throws IOException {
        int added = 0;
        for (Chunk<T> c : chunks) {
            DataInputDeserializer in = new DataInputDeserializer(c.bytes);
            for (int i = 0; i < c.count; i++) {
                T t = c.serializer.deserialize(in);
                if (timeOf.applyAsLong(t) > c.mark && mine.test(t)) {
                    add(t);
                    added++;
                }
            }
        }
        return added;
    }

    /**
     * Serialised events as a snapshot holds them: the time handed out up to when it was taken
     * ({@code mark}; events at or before it had left the buffer), the latest event time in it, how
     * many events and their bytes, and the serializer that reads them. Immutable.
     */
    public static final class Chunk<T> {
        final long mark;
        final long maxTime;
        final int count;
        final byte[] bytes;
        final TypeSerializer<T> serializer;

        Chunk(long mark, long maxTime, int count, byte[] bytes, TypeSerializer<T> serializer) {
            this.mark = mark;
            this.maxTime = maxTime;
            this.count = count;
            this.bytes = bytes;
            this.serializer = serializer;
        }

        Chunk<T> withMark(long newMark) {
            return newMark == mark ? this : new Chunk<>(newMark, maxTime, count, bytes, serializer);
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
     * A chunk in operator state: the mark, the latest time, the count, the bytes. Chunks never
     * change, so a copy is the chunk itself (the checkpoint's synchronous part copies nothing). The
     * snapshot holds the events' serializer's own, so a restore reads them with the serializer that
     * wrote them.
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
            out.writeLong(c.mark);
            out.writeLong(c.maxTime);
            out.writeInt(c.count);
            out.writeInt(c.bytes.length);
            out.write(c.bytes);
        }

        @Override
        public Chunk<T> deserialize(DataInputView in) throws IOException {
            long mark = in.readLong();
            long maxTime = in.readLong();
            int count = in.readInt();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            return new Chunk<>(mark, maxTime, count, bytes, events);
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
}
