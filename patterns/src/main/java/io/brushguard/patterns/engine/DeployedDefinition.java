package io.brushguard.patterns.engine;

import java.io.Serializable;
import java.util.Objects;

/**
 * A rule as changed on a running job through the control topic: a declarative pattern's file text
 * (deployed, or removed), or a built-in rule's switches. The running job keeps these, not parsed
 * objects, so that what it restores from a checkpoint is what an analyst wrote, read by the running
 * code.
 *
 * @param version the definition's version: the deployed file's; for a built-in rule, the version
 *     the job started with
 * @param yaml a declarative pattern's file text; empty for a built-in rule
 * @param builtIn true for one of the shipped Java rules (only its switches change live)
 * @param removed true when a declarative pattern was removed
 * @param enabled the rule runs (false: disabled live)
 * @param shadow its alerts go to the shadow output only
 * @param by who made the change (the command's user), for people
 * @param at when the job accepted it, epoch milliseconds (processing time), for people
 */
public record DeployedDefinition(
        String id,
        int version,
        String yaml,
        boolean builtIn,
        boolean removed,
        boolean enabled,
        boolean shadow,
        String by,
        long at)
        implements Serializable {

    public DeployedDefinition {
        Objects.requireNonNull(id, "id");
        yaml = yaml == null ? "" : yaml;
        by = by == null ? "" : by;
    }
}
