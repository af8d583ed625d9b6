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

    /**
     * Whether a timer firing at {@code ts} can be a clean-up timer coalesced with {@code
     * granularityMs}. {@link EventTimeOrderedFunction} also fires a timer at every buffered event's
     * timestamp; clean-up work (a state read) is skipped for those.
     */
    public static boolean isCleanupTime(long ts, long granularityMs) {
        return Math.floorMod(ts, granularityMs) == 0;
    }
}
