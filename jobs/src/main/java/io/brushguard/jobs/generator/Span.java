package io.brushguard.jobs.generator;

/** The event-time span of a set of events, grown one event at a time. */
final class Span {

    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    void include(long t) {
        min = Math.min(min, t);
        max = Math.max(max, t);
    }

    boolean isEmpty() {
        return min > max;
    }

    long start() {
        return min;
    }

    long end() {
        return max;
    }
}
