package io.brushguard.jobs.generator;

import java.util.HashSet;
import java.util.Set;

/**
 * Unique, random-looking identifiers.
 *
 * <p>Random rather than sequential on purpose: episodes are injected after the background, so
 * sequential ids would let a detector (or a test) tell fraud from background by id alone.
 */
final class Ids {

    private final Rand rand;
    private final Set<String> used = new HashSet<>();

    Ids(Rand rand) {
        this.rand = rand;
    }

    /** {@code prefix} followed by {@code n} decimal digits, unique across all ids issued here. */
    String digits(String prefix, int n) {
        while (true) {
            String id = prefix + rand.digits(n);
            if (used.add(id)) {
                return id;
            }
        }
    }

    /** {@code prefix} followed by {@code n} hex digits, unique across all ids issued here. */
    String hex(String prefix, int n) {
        while (true) {
            String id = prefix + rand.hex(n);
            if (used.add(id)) {
                return id;
            }
        }
    }
}
