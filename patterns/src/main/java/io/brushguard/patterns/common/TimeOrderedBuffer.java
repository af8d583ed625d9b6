package io.brushguard.patterns.common;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Events waiting for the watermark, kept in slices of event time so that handing over the ones a
 * watermark passed costs in proportion to them, not to everything that waits.
 *
 * <p>An operator that orders its input by event time holds every event until the watermark passes
 * it: on a live platform, at least the allowed out-of-orderness (two minutes by default) of its
 * input, and more while one input partition lags behind the others. Scanning all of that at each
 * watermark (five times a second) and sorting what is ready made the detectors' work grow with the
 * depth of the buffer. Here an event goes into the slice of its time ({@link #SLICE_MS} wide); a
 * watermark takes the slices before it whole and the part of the slice it falls in (found by binary
 * search). A slice is sorted when it is first taken from, and only if its events came out of order;
 * again only if more came out of order after that.
 *
 * <p>{@link #pollUpTo} hands out events in event-time order; events of the same time keep the order
 * they were added in. Not thread-safe.
 *
 * @param <T> the buffered event, which knows its own time
 */
public final class TimeOrderedBuffer<T> {

    /** The event time one slice covers. */
    static final long SLICE_MS = 10_000;

    /** A partly taken slice is compacted once this many taken events lead it. */
    private static final int COMPACT_AT = 4_096;

    private final ToLongFunction<T> timeOf;
    private final Comparator<T> byTime;
    private final TreeMap<Long, Slice<T>> slices = new TreeMap<>();
    private long lastIndex;
    private Slice<T> last;
    private int size;

    private static final class Slice<T> {
        final ArrayList<T> items = new ArrayList<>();
        int head;
        long maxTime = Long.MIN_VALUE;
        boolean sorted = true;
    }

    public TimeOrderedBuffer(ToLongFunction<T> timeOf) {
        this.timeOf = timeOf;
        this.byTime = Comparator.comparingLong(timeOf);
    }

    /** Adds an event. */
    public void add(T item) {
        long time = timeOf.applyAsLong(item);
        long index = Math.floorDiv(time, SLICE_MS);
        if (last == null || index != lastIndex) {
            last = slices.computeIfAbsent(index, i -> new Slice<>());
            lastIndex = index;
        }
        if (time < last.maxTime) {
            last.sorted = false;
        } else {
            last.maxTime = time;
        }
        last.items.add(item);
        size++;
    }

    /** Events waiting. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Removes every event at or before {@code mark} and appends them to {@code out} in event-time
     * order (events of one time in the order added).
     *
     * @return how many were appended
     */
    public int pollUpTo(long mark, List<T> out) {
        int taken = 0;
        long markIndex = Math.floorDiv(mark, SLICE_MS);
        while (!slices.isEmpty()) {
            Map.Entry<Long, Slice<T>> first = slices.firstEntry();
            if (first.getKey() > markIndex) {
                break;
            }
            Slice<T> s = first.getValue();
            sort(s);
            int end = s.items.size();
            int upTo = s.maxTime <= mark ? end : firstAfter(s, mark);
            out.addAll(s.items.subList(s.head, upTo));
            taken += upTo - s.head;
            if (upTo < end) {
                // The mark falls inside this slice: every later slice is after it too.
                s.head = upTo;
                if (s.head >= COMPACT_AT && s.head * 2 >= end) {
                    s.items.subList(0, s.head).clear();
                    s.head = 0;
                }
                break;
            }
            slices.pollFirstEntry();
            if (s == last) {
                last = null;
            }
        }
        size -= taken;
        return taken;
    }

    /** Every waiting event, in the order {@link #pollUpTo} would hand them out; nothing removed. */
    public List<T> toList() {
        List<T> all = new ArrayList<>(size);
        for (Slice<T> s : slices.values()) {
            sort(s);
            all.addAll(s.items.subList(s.head, s.items.size()));
        }
        return all;
    }

    /** Removes every waiting event. */
    public void clear() {
        slices.clear();
        last = null;
        size = 0;
    }

    private void sort(Slice<T> s) {
        if (!s.sorted) {
            // Stable: events of one time keep the order they were added in.
            s.items.subList(s.head, s.items.size()).sort(byTime);
            s.sorted = true;
        }
    }

    /** The position of the first event after {@code mark} in the sorted, untaken part of s. */
    private int firstAfter(Slice<T> s, long mark) {
        int lo = s.head;
        int hi = s.items.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timeOf.applyAsLong(s.items.get(mid)) <= mark) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
