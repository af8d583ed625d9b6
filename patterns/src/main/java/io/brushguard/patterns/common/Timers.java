package io.brushguard.patterns.common;

/** Timer arithmetic shared by detectors. */
public final class Timers {

    private Timers() {}

    /**
     * Rounds {@code ts} up to a multiple of {@code granularityMs}, so that the clean-up timers of
     * many events of one key coalesce into one (Flink keeps one timer per key and timestamp).
     */
    public static long coalesce(long ts, long granularityMs) {
        long rem = Math.floorMod(ts, granularityMs);
        return rem == 0 ? ts : ts + (granularityMs - rem);
    }
}
