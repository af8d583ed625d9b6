package io.brushguard.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The run a repeated benchmark reports for a contender: the median of its runs. */
public final class Median {

    private Median() {}

    /**
     * The median of {@code runs} in the order {@code fastestFirst} gives; of an even number, the
     * slower of the middle two.
     *
     * @throws IllegalArgumentException when there is no run
     */
    public static <T> T run(List<T> runs, Comparator<T> fastestFirst) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no run");
        }
        List<T> sorted = new ArrayList<>(runs);
        sorted.sort(fastestFirst);
        return sorted.get(sorted.size() / 2);
    }
}
