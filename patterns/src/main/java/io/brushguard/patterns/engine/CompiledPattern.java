package io.brushguard.patterns.engine;

import io.brushguard.patterns.correlation.EnrichedEvent;

import java.util.List;

/** A pattern as the engine runs it: its spec and what is derived from it once. */
final class CompiledPattern {

    /**
     * A subject's clean-up timer falls on a grid of a quarter of the window (at least this), after
     * its newest started match can no longer complete: its state goes at most a quarter window
     * later. What lingers longer is held by the engine's cache and, beyond it, written to and read
     * back from the backend: with a grid of five minutes, a 10 s pattern over millions of subjects
     * kept each subject's state up to thirty times as long as it could match. A subject's timer is
     * not moved while pending; it re-arms when it fires.
     */
    static final long MIN_CLEANUP_GRID_MS = 1_000;

    /**
     * The grid of a clean-up timer re-armed because the one that fired found the subject still in
     * use (at least the window): a busy subject's timer fires at most every five minutes, not every
     * window. Busy subjects are few; the many that fall silent after an event or two go on the fine
     * grid.
     */
    static final long MIN_BUSY_GRID_MS = 300_000;

    final PatternSpec spec;
    final String ruleId;
    final int shape;
    final long window;
    final CountBlock count;
    final List<Step> steps;
    final boolean absentLast;
    final long grid;
    final long busyGrid;
    final EngineAlerts.Texts texts;

    CompiledPattern(PatternSpec spec) {
        this.spec = spec;
        this.ruleId = spec.id();
        this.shape = spec.stateShape().hashCode();
        this.window = spec.windowMs();
        this.count = spec.block() instanceof CountBlock c ? c : null;
        this.steps = spec.steps();
        this.absentLast = count == null && ((SequenceBlock) spec.block()).endsWithAbsence();
        this.grid = Math.max(window / 4, MIN_CLEANUP_GRID_MS);
        this.busyGrid = Math.max(window, MIN_BUSY_GRID_MS);
        this.texts = new EngineAlerts.Texts(spec);
    }

    /** Whether {@code e} is an event of one of the steps: one that may change state. */
    boolean concerns(EnrichedEvent e) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).matches(e)) {
                return true;
            }
        }
        return false;
    }
}
