package io.brushguard.patterns.common;

import org.apache.flink.api.common.state.ValueState;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The clean-up every sliding-window detector does on its coalesced clean-up timers: evict what has
 * left the window, drop the window once it is empty, and drop incident markers that have closed, so
 * that a quiet key keeps no state.
 */
public final class WindowState {

    private WindowState() {}

    /**
     * Drops the entries of {@code window} older than {@code now - windowMs}; clears the state when
     * none is left, else writes the rest back. Returns whether the window is now empty.
     */
    public static <T> boolean evict(
            ValueState<List<T>> window, ToLongFunction<T> at, long now, long windowMs)
            throws Exception {
        List<T> entries = window.value();
        if (entries == null) {
            return false;
        }
        entries.removeIf(e -> at.applyAsLong(e) < now - windowMs);
        if (entries.isEmpty()) {
            window.clear();
            return true;
        }
        window.update(entries);
        return false;
    }

    /**
     * Clears {@code incident}, and the markers that belong to it, once it has closed (its end is
     * before {@code now}).
     */
    public static void clearIfClosed(
            long now, ValueState<Long> incident, ValueState<?>... belongingToIt) throws Exception {
        Long until = incident.value();
        if (until != null && until < now) {
            incident.clear();
            for (ValueState<?> marker : belongingToIt) {
                marker.clear();
            }
        }
    }
}
