package io.brushguard.patterns.common;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.KeyContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * A keyed operator's input waiting for the watermark ({@link TimeOrderedBuffer}), checkpointed
 * incrementally in the operator's keyed state: each checkpoint writes the events that came since
 * the last one and are still waiting, and deletes those that had been written and have been handed
 * out since. An event that comes and goes between two checkpoints is never written.
 *
 * <p>Why not operator state: a live platform's buffers hold at least the allowed out-of-orderness
 * of their input (two minutes by default). Written whole into operator (union) state at every
 * checkpoint, each waiting event would be serialised again at every checkpoint it waits through
 * (twelve times with two minutes and checkpoints every 10 s), by every buffering operator, all of
 * it outside the incremental checkpoint of RocksDB; and on restore every subtask would read every
 * subtask's buffer. In keyed state each event is written once and deleted once, RocksDB's
 * incremental checkpoint uploads only what changed, and a restore reads each subtask's own key
 * groups.
 *
 * <p>The keyed state is a map per key from the event's sequence number (its arrival order in the
 * subtask) to the event; the event gives its own time. A restore puts the events back in arrival
 * order, so events of one time keep it. Not thread-safe; the operator calls it from its task
 * thread.
 *
 * @param <T> the buffered event, which knows its own time
 */
public final class CheckpointedBuffer<T> {

    /** A waiting event, its key and its arrival number. */
    public static final class Entry<T> {
        final String key;
        final long time;
        final long seq;
        final T item;

        Entry(String key, long time, long seq, T item) {
            this.key = key;
            this.time = time;
            this.seq = seq;
            this.item = item;
        }

        public String key() {
            return key;
        }

        public long time() {
            return time;
        }

        public T item() {
            return item;
        }
    }

    /** A written event handed out since the last checkpoint: its entry is to be deleted. */
    private record Written(String key, long seq) {}

    private final ToLongFunction<T> timeOf;
    private final TimeOrderedBuffer<Entry<T>> buffer = new TimeOrderedBuffer<>(e -> e.time);
    private final ArrayList<Written> handedOut = new ArrayList<>();
    private long nextSeq;

    /** Entries numbered below this that still wait were written at the last checkpoint. */
    private long writtenBelow;

    public CheckpointedBuffer(ToLongFunction<T> timeOf) {
        this.timeOf = timeOf;
    }

    /** Adds an event of {@code key}. */
    public void add(String key, T item) {
        buffer.add(new Entry<>(key, timeOf.applyAsLong(item), nextSeq++, item));
    }

    /** Events waiting. */
    public int size() {
        return buffer.size();
    }

    public boolean isEmpty() {
        return buffer.isEmpty();
    }

    /**
     * Removes every event at or before {@code mark} and appends them to {@code out} in event-time
     * order (events of one time in arrival order).
     *
     * @return how many were appended
     */
    public int pollUpTo(long mark, List<Entry<T>> out) {
        int from = out.size();
        int taken = buffer.pollUpTo(mark, out);
        if (writtenBelow > 0) {
            for (int i = from, n = out.size(); i < n; i++) {
                Entry<T> e = out.get(i);
                if (e.seq < writtenBelow) {
                    handedOut.add(new Written(e.key, e.seq));
                }
            }
        }
        return taken;
    }

    /**
     * Brings {@code state} up to date for a checkpoint: deletes the entries of events handed out
     * since the last call, writes those added since and still waiting. Call it from the operator's
     * {@code snapshotState}, which runs before the keyed backend's snapshot. The current key is
     * left as it was.
     *
     * @return how many entries were written and deleted
     */
    public int checkpoint(KeyContext keys, MapState<Long, T> state) throws Exception {
        ArrayList<Entry<T>> added = new ArrayList<>();
        long since = writtenBelow;
        buffer.forEach(
                e -> {
                    if (e.seq >= since) {
                        added.add(e);
                    }
                });
        int changes = handedOut.size() + added.size();
        if (changes == 0) {
            writtenBelow = nextSeq;
            return 0;
        }
        Object current = keys.getCurrentKey();
        for (Written w : handedOut) {
            keys.setCurrentKey(w.key);
            state.remove(w.seq);
        }
        handedOut.clear();
        handedOut.trimToSize();
        for (Entry<T> e : added) {
            keys.setCurrentKey(e.key);
            state.put(e.seq, e.item);
        }
        writtenBelow = nextSeq;
        if (current != null) {
            keys.setCurrentKey(current);
        }
        return changes;
    }

    /**
     * Adds the events that {@code state} (named {@code stateName}) holds for this subtask's keys,
     * in their arrival order, as written: to be called once after a restore, before any other event
     * is added.
     *
     * @return how many were restored
     */
    public int restore(
            KeyedStateBackend<?> backend,
            String stateName,
            KeyContext keys,
            MapState<Long, T> state)
            throws Exception {
        if (nextSeq != 0) {
            throw new IllegalStateException("restore before any event is added");
        }
        List<Object> held;
        try (Stream<?> k = backend.getKeys(stateName, VoidNamespace.INSTANCE)) {
            held = new ArrayList<>(k.toList());
        }
        ArrayList<Entry<T>> restored = new ArrayList<>();
        Object current = keys.getCurrentKey();
        for (Object key : held) {
            keys.setCurrentKey(key);
            for (Map.Entry<Long, T> e : state.entries()) {
                T item = e.getValue();
                restored.add(new Entry<>((String) key, timeOf.applyAsLong(item), e.getKey(), item));
            }
        }
        if (current != null) {
            keys.setCurrentKey(current);
        }
        restored.sort(Comparator.comparingLong(e -> e.seq));
        for (Entry<T> e : restored) {
            buffer.add(e);
        }
        if (!restored.isEmpty()) {
            nextSeq = restored.get(restored.size() - 1).seq + 1;
            writtenBelow = nextSeq;
        }
        return restored.size();
    }
}
