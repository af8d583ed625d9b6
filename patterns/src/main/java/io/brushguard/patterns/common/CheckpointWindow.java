package io.brushguard.patterns.common;

/**
 * When the state caches' idle write-back ({@link StateCache#writeBackIdle}) writes: only in the
 * last stretch before the next checkpoint is due, as the time between the operator's last two
 * checkpoints predicts it. A key written back early in the interval is likely to change again
 * before the checkpoint and be written twice; one written back just before it is likely not. The
 * stretch is {@link #PASSES} write-back intervals, at most half the checkpoint interval. After the
 * first checkpoint, whose time Flink draws at random, the job's configured interval predicts the
 * second; when the operator cannot see that, the window stays shut until two checkpoints have been
 * seen. When a checkpoint is later than predicted the window stays open until it comes.
 */
final class CheckpointWindow {

    /** How many write-back intervals before the predicted checkpoint the window opens. */
    static final int PASSES = 4;

    private final long period;
    private long last = Long.MIN_VALUE;
    private long gap = -1;

    private final long configured;

    /**
     * @param periodMs the idle write-back's interval (above 0)
     * @param checkpointsMs the job's checkpoint interval, 0 or less when not known
     */
    CheckpointWindow(long periodMs, long checkpointsMs) {
        if (periodMs <= 0) {
            throw new IllegalArgumentException("interval must be > 0, got " + periodMs);
        }
        this.period = periodMs;
        this.configured = checkpointsMs;
    }

    /** The operator took a checkpoint (or savepoint) at processing time {@code now}. */
    void checkpointed(long now) {
        if (last != Long.MIN_VALUE) {
            if (now > last) {
                gap = now - last;
            }
        } else if (configured > 0) {
            gap = configured;
        }
        last = now;
    }

    /** Whether a write-back at processing time {@code now} falls in the window. */
    boolean open(long now) {
        if (gap <= 0) {
            return false;
        }
        long lead = Math.min(PASSES * period, gap / 2);
        return now >= last + gap - lead;
    }
}
