package io.brushguard.patterns.common;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/** Counting distinct values only as far as a decision needs. */
public final class Distinct {

    private Distinct() {}

    /**
     * Whether {@code items} have at least {@code min} distinct {@code key} values. Stops counting
     * as soon as it knows: a window detector asks on every event, and a busy key's window is long.
     */
    public static <T> boolean atLeast(Iterable<T> items, Function<T, ?> key, int min) {
        if (min <= 0) {
            return true;
        }
        Set<Object> seen = new HashSet<>();
        for (T item : items) {
            if (seen.add(key.apply(item)) && seen.size() >= min) {
                return true;
            }
        }
        return false;
    }
}
