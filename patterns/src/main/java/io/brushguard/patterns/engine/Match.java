package io.brushguard.patterns.engine;

import java.util.List;

/**
 * What a pattern found for one subject: the counted events of a count, or the one started match of
 * a sequence (with {@code absence} true when it is reported because its last step did not happen).
 *
 * @param compiled the pattern as the engine runs it, with its texts for alerts
 * @param end the event time the match completed at: the last counted or matched event, or the
 *     window's end for an absence
 */
public record Match(
        CompiledPattern compiled,
        String subjectId,
        List<KeyState.Mark> marks,
        long end,
        boolean absence) {

    /** The pattern's definition. */
    public PatternSpec spec() {
        return compiled.spec;
    }
}
