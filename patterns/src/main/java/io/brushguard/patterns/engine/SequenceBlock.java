package io.brushguard.patterns.engine;

import java.util.List;

/**
 * A sequence of steps per subject, within the window: every event of the first step starts a match,
 * which takes, for each following step in turn, the first event of that step after the previous
 * one, provided it is less than the window after the first step's event. Several started matches
 * may complete on the same event. With {@code same}, every step's values of those fields must equal
 * the first step's (one order, one device).
 *
 * <p>When the last step is {@code absent}, the pattern matches when the steps before it matched and
 * no event of the last step followed within the window of the first: it is reported when event time
 * passes the window's end.
 */
public record SequenceBlock(List<Step> steps, List<String> same) implements Block {

    public SequenceBlock {
        steps = List.copyOf(steps);
        same = List.copyOf(same);
        if (steps.size() < 2) {
            throw new IllegalArgumentException("a sequence has at least 2 steps");
        }
        for (int i = 0; i < steps.size() - 1; i++) {
            if (steps.get(i).absent()) {
                throw new IllegalArgumentException("only the last step may be absent");
            }
        }
    }

    /** Whether the last step is one that must not happen. */
    public boolean endsWithAbsence() {
        return steps.get(steps.size() - 1).absent();
    }
}
