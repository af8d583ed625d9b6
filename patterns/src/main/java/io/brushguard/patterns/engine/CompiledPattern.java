package io.brushguard.patterns.engine;

import io.brushguard.patterns.correlation.EnrichedEvent;

import java.util.List;

/** A pattern as the engine runs it: its spec and what is derived from it once. */
final class CompiledPattern {

    /** Cleanup timers fall on this grid at least, so that a busy key re-arms them rarely. */
    static final long MIN_CLEANUP_GRID_MS = 300_000;

    final PatternSpec spec;
    final String ruleId;
    final int shape;
    final long window;
    final CountBlock count;
    final List<Step> steps;
    final boolean absentLast;
    final long grid;
    final EngineAlerts.Texts texts;

    CompiledPattern(PatternSpec spec) {
        this.spec = spec;
        this.ruleId = spec.id();
        this.shape = spec.stateShape().hashCode();
        this.window = spec.windowMs();
        this.count = spec.block() instanceof CountBlock c ? c : null;
        this.steps = spec.steps();
        this.absentLast = count == null && ((SequenceBlock) spec.block()).endsWithAbsence();
        this.grid = Math.max(window, MIN_CLEANUP_GRID_MS);
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
