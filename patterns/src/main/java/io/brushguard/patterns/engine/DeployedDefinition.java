package io.brushguard.patterns.engine;

import java.io.Serializable;
import java.util.Objects;

/**
 * A definition as deployed to a running job through the control topic: the file's text, or the
 * removal of an id. The running job keeps these, not parsed objects, so that what it restores from
 * a checkpoint is what an analyst wrote, read by the running code.
 *
 * @param yaml the definition file's text; empty for a removal
 * @param removed true when the id was removed (at {@code version})
 * @param by who deployed it (the deploying command's user), for people
 * @param at when it was applied, epoch milliseconds (processing time), for people
 */
public record DeployedDefinition(
        String id, int version, String yaml, boolean removed, String by, long at)
        implements Serializable {

    public DeployedDefinition {
        Objects.requireNonNull(id, "id");
        yaml = yaml == null ? "" : yaml;
        by = by == null ? "" : by;
    }
}
