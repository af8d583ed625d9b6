package io.brushguard.patterns.engine;

import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.StreamType;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One step of a pattern: an event of {@code stream} meeting every condition of {@code where}.
 *
 * @param name the step's name, for evidence
 * @param absent true for the last step of a sequence that must <em>not</em> happen within the
 *     window (absence); false otherwise
 * @param same the fields that must hold the same value on every step of a sequence (resolved on
 *     this step's stream, in the order the sequence names them); empty for none and for a count
 */
public record Step(
        String name, StreamType stream, List<Condition> where, boolean absent, List<Field> same)
        implements Serializable {

    public Step {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stream, "stream");
        where = List.copyOf(where);
        same = List.copyOf(same);
    }

    /** Whether {@code e} is this step's event. */
    public boolean matches(EnrichedEvent e) {
        if (e.event.stream() != stream) {
            return false;
        }
        for (Condition c : where) {
            if (!c.test(e)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The values of {@link #same} on {@code e}, joined, or null when one is missing (such an event
     * cannot take part in a sequence that requires them).
     */
    public String sameValue(EnrichedEvent e) {
        if (same.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (Field f : same) {
            Object v = f.read(e);
            if (v == null) {
                return null;
            }
            if (b.length() > 0) {
                b.append('\u001f');
            }
            b.append(v);
        }
        return b.toString();
    }
}
