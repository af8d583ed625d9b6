package io.brushguard.patterns.common;

import java.util.HashSet;
import java.util.Map;
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

    /**
     * Notes that {@code value} was seen with {@code owner}; whether it was seen before with another
     * owner. Null values are ignored. With one map per kind of value, one pass over a window finds
     * whether any value is shared by two owners (a device by two reviewers, say), without comparing
     * pairs.
     */
    public static boolean sharedWithAnother(
            Map<String, String> firstOwner, String value, String owner) {
        if (value == null) {
            return false;
        }
        String first = firstOwner.putIfAbsent(value, owner);
        return first != null && !first.equals(owner);
    }
}
