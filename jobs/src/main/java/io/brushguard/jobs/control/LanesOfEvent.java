package io.brushguard.jobs.control;

import io.brushguard.patterns.engine.Lane;

import java.util.Arrays;

/**
 * The lanes of one event: the detectors that take it, grouped by the key each takes it under (most
 * detectors of a subject type share one key: the shop, the reviewer). Reused from event to event:
 * {@link #add} each detector that takes it, read the {@link #size} lanes, then {@link #clear}.
 */
final class LanesOfEvent {

    private String[] keys = new String[4];
    private long[] detectors = new long[4];
    private int size;

    /** The {@code detector}-th detector takes the event under {@code key}. */
    void add(String key, int detector) {
        for (int j = 0; j < size; j++) {
            if (keys[j].equals(key)) {
                detectors[j] |= 1L << detector;
                return;
            }
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            detectors = Arrays.copyOf(detectors, size * 2);
        }
        keys[size] = key;
        detectors[size] = 1L << detector;
        size++;
    }

    int size() {
        return size;
    }

    /** The {@code j}-th lane of {@code event}. */
    <IN> Lane<IN> lane(int j, IN event) {
        return Lane.of(keys[j], detectors[j], event);
    }

    void clear() {
        Arrays.fill(keys, 0, size, null);
        size = 0;
    }
}
