package io.brushguard.patterns.engine;

import io.brushguard.avro.EntityType;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A declarative pattern, read and checked: an analyst's definition the general pattern engine runs
 * ({@code docs/patterns.md}, "Writing a new pattern"). It needs no Java: its block says what to
 * match, its subject what to key by.
 *
 * @param meta id, version, kind, direction, severity, enabled and shadow, as for every definition
 * @param subject the alerts' subject, whose id keys the pattern's state
 * @param windowMs the event-time window of the count or the sequence, milliseconds, > 0
 * @param score the score of its alerts, 0..1: at least the gate's pass score (0.8 shipped) to alert
 *     on its own, below it to be a weak signal that combines with other rules' on one subject
 * @param description what it detects, for people; may be empty
 */
public record PatternSpec(
        RuleMeta meta,
        EntityType subject,
        long windowMs,
        double score,
        Block block,
        String description)
        implements Serializable {

    public PatternSpec {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(block, "block");
        if (windowMs <= 0) {
            throw new IllegalArgumentException("window must be > 0");
        }
        if (!(score > 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be > 0 and <= 1, got " + score);
        }
        description = description == null ? "" : description;
    }

    public String id() {
        return meta.ruleId();
    }

    /** The steps: the count's one step, or the sequence's. */
    public List<Step> steps() {
        return block instanceof CountBlock c ? List.of(c.match()) : ((SequenceBlock) block).steps();
    }

    /**
     * What the pattern's state means: its subject, its block type and its steps' streams and
     * conditions (and the distinct field, and the fields a sequence's steps share). Two versions
     * with the same shape interpret kept state the same way (only thresholds, window, score,
     * severity or flags differ), so a running job keeps the state across the change; any other
     * change starts the pattern with empty state.
     */
    public String stateShape() {
        StringBuilder b = new StringBuilder(subject.name());
        if (block instanceof CountBlock c) {
            b.append("|count|").append(c.distinct() == null ? "-" : c.distinct().name());
        } else {
            b.append("|sequence|").append(((SequenceBlock) block).same());
        }
        for (Step s : steps()) {
            b.append('|').append(s.stream()).append(s.absent() ? "!" : "");
            s.where().forEach(c -> b.append(';').append(c.text()));
        }
        return b.toString();
    }
}
