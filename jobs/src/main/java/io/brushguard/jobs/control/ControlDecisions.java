package io.brushguard.jobs.control;

import io.brushguard.jobs.control.PatternChange.Action;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.definition.Definition;
import io.brushguard.patterns.definition.DefinitionError;
import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.definition.PatternDefinitions;
import io.brushguard.patterns.engine.CatalogUpdate;
import io.brushguard.patterns.engine.DeployedDefinition;
import io.brushguard.patterns.engine.PatternSpec;
import io.brushguard.patterns.review.LowRatingBurstRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The control operator's judgement of one {@link PatternChange}, without Flink: the catalog after
 * it (or none, when nothing changes) and the answer for the status topic. A change that is not
 * valid is rejected with its reason and changes nothing; the job goes on with what it ran.
 */
public final class ControlDecisions {

    private ControlDecisions() {}

    /** The catalog after the change (null: unchanged) and the answer. */
    public record Decision(CatalogUpdate next, PatternStatus status) {}

    /** Longest id and author name a change may carry. */
    static final int MAX_NAME = 200;

    public static Decision decide(
            PatternChange c, CatalogUpdate current, LiveCatalog catalog, long now) {
        try {
            return judge(c, current, catalog, now);
        } catch (RuntimeException e) {
            // Whatever a message holds, the job answers and goes on.
            return reject(
                    c,
                    current,
                    catalog,
                    "cannot apply: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    now);
        }
    }

    private static Decision judge(
            PatternChange c, CatalogUpdate current, LiveCatalog catalog, long now) {
        if (c.action() == null) {
            // Not a change at all (the control topic's deserializer put its reason here).
            return new Decision(
                    null,
                    new PatternStatus(
                            c.requestId(),
                            null,
                            c.id(),
                            PatternStatus.REJECTED,
                            c.definition(),
                            current.revision(),
                            now,
                            List.of()));
        }
        if (c.action() == Action.REPORT) {
            return answer(c, current, catalog, null, PatternStatus.REPORT, null, now);
        }
        if (c.id() == null || c.id().isBlank()) {
            return reject(c, current, catalog, "a " + c.action().word() + " needs an id", now);
        }
        if (c.id().length() > MAX_NAME || (c.by() != null && c.by().length() > MAX_NAME)) {
            return reject(
                    c,
                    current,
                    catalog,
                    "id and by must be at most " + MAX_NAME + " characters",
                    now);
        }
        Map<String, LiveCatalog.Entry> running = catalog.entries(current);
        switch (c.action()) {
            case DEPLOY:
                return deploy(c, current, catalog, running, now);
            case REMOVE:
                {
                    LiveCatalog.Entry e = running.get(c.id());
                    if (e == null) {
                        return reject(c, current, catalog, unknown(c.id(), running), now);
                    }
                    if (e.builtIn()) {
                        return reject(
                                c,
                                current,
                                catalog,
                                c.id() + " is a built-in rule and cannot be removed; disable it",
                                now);
                    }
                    return apply(
                            c,
                            current,
                            catalog,
                            new DeployedDefinition(
                                    c.id(),
                                    e.meta().version(),
                                    "",
                                    false,
                                    true,
                                    false,
                                    false,
                                    c.by(),
                                    now),
                            now);
                }
            default:
                return switches(c, current, catalog, running, now);
        }
    }

    private static Decision deploy(
            PatternChange c,
            CatalogUpdate current,
            LiveCatalog catalog,
            Map<String, LiveCatalog.Entry> running,
            long now) {
        if (c.definition() == null || c.definition().isBlank()) {
            return reject(c, current, catalog, "a deploy needs the definition's text", now);
        }
        String file = c.file() == null || c.file().isBlank() ? c.id() + ".yaml" : c.file();
        PatternDefinitions.Result read = PatternDefinitions.parse(c.definition(), file);
        if (!read.ok()) {
            return reject(
                    c,
                    current,
                    catalog,
                    read.errors().stream()
                            .map(DefinitionError::toString)
                            .collect(Collectors.joining("; ")),
                    now);
        }
        Definition d = read.definitions().get(0);
        if (!d.id().equals(c.id())) {
            return reject(
                    c,
                    current,
                    catalog,
                    "the change is for '" + c.id() + "' but the definition is '" + d.id() + "'",
                    now);
        }
        if (d.meta() == null) {
            return reject(
                    c,
                    current,
                    catalog,
                    d.id()
                            + " holds settings, which change when the job restarts from a"
                            + " savepoint with the file (brushguard run --patterns)",
                    now);
        }
        boolean builtIn = !(d.rule() instanceof PatternSpec);
        if (builtIn && catalog.startMeta(c.id()) != null && !catalog.startMeta(c.id()).enabled()) {
            return reject(
                    c,
                    current,
                    catalog,
                    c.id()
                            + " was disabled when the job started, so its detector is not in the"
                            + " job; restart it from a savepoint with the rule enabled",
                    now);
        }
        RuleMeta spec = d.meta();
        int highest = highestVersion(c.id(), current, catalog);
        int version = spec.version();
        if (version < highest) {
            return reject(
                    c,
                    current,
                    catalog,
                    "version "
                            + version
                            + " of "
                            + c.id()
                            + " is lower than version "
                            + highest
                            + ", already deployed or started with; raise version",
                    now);
        }
        if (version == highest) {
            LiveCatalog.Entry runningEntry = running.get(c.id());
            boolean same =
                    runningEntry != null
                            && (builtIn
                                    ? d.rule().equals(catalog.runningBuiltIn(current, c.id()))
                                    : sameSpec((PatternSpec) d.rule(), runningEntry.declarative()));
            if (same
                    && runningEntry.meta().enabled() == d.meta().enabled()
                    && runningEntry.meta().shadow() == d.meta().shadow()) {
                return answer(c, current, catalog, null, PatternStatus.UNCHANGED, null, now);
            }
            return reject(
                    c,
                    current,
                    catalog,
                    runningEntry == null
                            ? "version "
                                    + version
                                    + " of "
                                    + c.id()
                                    + " was deployed and removed; raise version"
                            : same
                                    ? "version "
                                            + version
                                            + " of "
                                            + c.id()
                                            + " is running and differs only in enabled or shadow; use"
                                            + " patterns enable, disable, shadow or unshadow"
                                    : "version "
                                            + version
                                            + " of "
                                            + c.id()
                                            + " is already running with another definition; raise"
                                            + " version",
                    now);
        }
        if (builtIn) {
            String restart = needsRestart(d.rule(), catalog.runningBuiltIn(current, c.id()));
            if (restart != null) {
                return reject(c, current, catalog, restart, now);
            }
        }
        return apply(
                c,
                current,
                catalog,
                new DeployedDefinition(
                        c.id(),
                        version,
                        c.definition(),
                        builtIn,
                        false,
                        spec.enabled(),
                        spec.shadow(),
                        c.by(),
                        now),
                now);
    }

    private static Decision switches(
            PatternChange c,
            CatalogUpdate current,
            LiveCatalog catalog,
            Map<String, LiveCatalog.Entry> running,
            long now) {
        LiveCatalog.Entry e = running.get(c.id());
        if (e == null) {
            return reject(c, current, catalog, unknown(c.id(), running), now);
        }
        RuleMeta m = e.meta();
        if (e.builtIn() && c.action() == Action.ENABLE && !catalog.startMeta(c.id()).enabled()) {
            return reject(
                    c,
                    current,
                    catalog,
                    c.id()
                            + " was disabled when the job started, so its detector is not in the"
                            + " job; restart it from a savepoint with the rule enabled",
                    now);
        }
        boolean enabled = m.enabled();
        boolean shadow = m.shadow();
        switch (c.action()) {
            case DISABLE -> enabled = false;
            case ENABLE -> enabled = true;
            case SHADOW -> shadow = true;
            case UNSHADOW -> shadow = false;
            default -> throw new IllegalArgumentException(c.action().toString());
        }
        if (enabled == m.enabled() && shadow == m.shadow()) {
            return answer(c, current, catalog, null, PatternStatus.UNCHANGED, null, now);
        }
        DeployedDefinition previous = deployed(c.id(), current);
        String yaml = previous != null && !previous.removed() ? previous.yaml() : "";
        return apply(
                c,
                current,
                catalog,
                new DeployedDefinition(
                        c.id(),
                        m.version(),
                        yaml,
                        e.builtIn(),
                        false,
                        enabled,
                        shadow,
                        c.by(),
                        now),
                now);
    }

    private static Decision apply(
            PatternChange c,
            CatalogUpdate current,
            LiveCatalog catalog,
            DeployedDefinition entry,
            long now) {
        List<DeployedDefinition> list = new ArrayList<>();
        for (DeployedDefinition d : current.deployed()) {
            if (!d.id().equals(entry.id())) {
                list.add(d);
            }
        }
        list.add(entry);
        CatalogUpdate next = new CatalogUpdate(current.revision() + 1, list);
        return answer(c, next, catalog, next, PatternStatus.APPLIED, null, now);
    }

    private static Decision reject(
            PatternChange c, CatalogUpdate current, LiveCatalog catalog, String reason, long now) {
        return answer(c, current, catalog, null, PatternStatus.REJECTED, reason, now);
    }

    private static Decision answer(
            PatternChange c,
            CatalogUpdate shown,
            LiveCatalog catalog,
            CatalogUpdate next,
            String outcome,
            String reason,
            long now) {
        List<PatternStatus.Rule> rules = new ArrayList<>();
        for (LiveCatalog.Entry e : catalog.entries(shown).values()) {
            RuleMeta m = e.meta();
            rules.add(
                    new PatternStatus.Rule(
                            m.ruleId(),
                            m.version(),
                            e.builtIn() ? "built-in" : "declarative",
                            m.kind().name(),
                            e.declarative() == null ? null : e.declarative().subject().name(),
                            m.enabled(),
                            m.shadow(),
                            e.deployed() ? "deployed" : "start",
                            e.deployed() ? e.by() : null,
                            e.deployed() ? e.at() : null));
        }
        return new Decision(
                next,
                new PatternStatus(
                        c.requestId(),
                        c.action().word(),
                        c.id(),
                        outcome,
                        reason,
                        shown.revision(),
                        now,
                        rules));
    }

    /** Equal definitions, flags aside (enabled and shadow are switched, not versioned). */
    private static boolean sameSpec(PatternSpec a, PatternSpec b) {
        return b != null
                && a.subject() == b.subject()
                && a.windowMs() == b.windowMs()
                && a.score() == b.score()
                && a.block().equals(b.block())
                && a.description().equals(b.description())
                && a.meta().version() == b.meta().version()
                && a.meta().kind() == b.meta().kind()
                && a.meta().direction() == b.meta().direction()
                && a.meta().severity() == b.meta().severity();
    }

    /**
     * Why a new version of a built-in rule cannot run on the running job, or null. The low-rating
     * rules' {@code customer-memory} is the time-to-live of their detector's state, fixed when the
     * state is first created: it changes only on a restart.
     */
    private static String needsRestart(Object next, Object running) {
        if (next instanceof LowRatingBurstRule n
                && running instanceof LowRatingBurstRule r
                && !n.customerMemory().equals(r.customerMemory())) {
            return n.meta().ruleId()
                    + ": customer-memory is the time-to-live of the detector's state and changes"
                    + " only when the job restarts from a savepoint with the file (brushguard run"
                    + " --patterns); deploy the other changes with the running customer-memory ("
                    + r.customerMemory()
                    + ")";
        }
        return null;
    }

    private static int highestVersion(String id, CatalogUpdate current, LiveCatalog catalog) {
        int v = 0;
        RuleMeta start = catalog.startMeta(id);
        if (start != null) {
            v = start.version();
        }
        DeployedDefinition d = deployed(id, current);
        if (d != null) {
            v = Math.max(v, d.version());
        }
        return v;
    }

    private static DeployedDefinition deployed(String id, CatalogUpdate current) {
        for (DeployedDefinition d : current.deployed()) {
            if (d.id().equals(id)) {
                return d;
            }
        }
        return null;
    }

    private static String unknown(String id, Map<String, LiveCatalog.Entry> running) {
        return "unknown rule '" + id + "'; the job runs: " + String.join(", ", running.keySet());
    }
}
