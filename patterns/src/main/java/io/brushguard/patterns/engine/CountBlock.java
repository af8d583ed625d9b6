package io.brushguard.patterns.engine;

import java.util.Objects;

/**
 * A count over a sliding event-time window, per subject: the pattern matches when at least {@code
 * min} events of {@code match} (or, with {@code distinct}, events with at least {@code min}
 * distinct values of that field) fall within the window ending at the newest of them.
 *
 * @param distinct null to count events; else the field whose distinct values are counted (events
 *     without a value do not count)
 */
public record CountBlock(Step match, Field distinct, int min) implements Block {

    public CountBlock {
        Objects.requireNonNull(match, "match");
        if (min < 1) {
            throw new IllegalArgumentException("min must be >= 1, got " + min);
        }
    }
}
