package io.brushguard.patterns.definition;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.engine.CatalogResolver;
import io.brushguard.patterns.engine.CatalogUpdate;
import io.brushguard.patterns.engine.DeployedDefinition;
import io.brushguard.patterns.engine.PatternSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a running job runs: the definitions it started with (shipped, or {@code --patterns}) with
 * the changes deployed since laid over them ({@link CatalogUpdate}).
 *
 * <p>A deployed entry replaces the start definition of its id when its version is at least the
 * start one's; a start definition of a higher version (the job restarted with a newer file) wins
 * over an older deployed one. A built-in rule's deployed entry only switches it on or off and in or
 * out of shadow mode; its parameters are the start ones. Deterministic: every operator of the job,
 * and every restart, resolves one update the same way.
 */
public final class LiveCatalog implements CatalogResolver {

    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, RuleMeta> startMetas = new LinkedHashMap<>();
    private final LinkedHashMap<String, PatternSpec> startDeclarative = new LinkedHashMap<>();
    private final LinkedHashMap<String, Object> startRules = new LinkedHashMap<>();

    public LiveCatalog(DetectionRules start) {
        for (RuleMeta m : start.metas()) {
            startMetas.put(m.ruleId(), m);
        }
        // The built-in rules' records, by id: each family is a record of rule records.
        for (Record family :
                List.<Record>of(start.brushing(), start.emptyParcel(), start.maliciousReview())) {
            for (java.lang.reflect.RecordComponent c : family.getClass().getRecordComponents()) {
                try {
                    Object rule = c.getAccessor().invoke(family);
                    Object meta = rule.getClass().getMethod("meta").invoke(rule);
                    if (meta instanceof RuleMeta m) {
                        startRules.put(m.ruleId(), rule);
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read the rule " + c.getName(), e);
                }
            }
        }
        for (PatternSpec p : start.declarative()) {
            startDeclarative.put(p.id(), p);
        }
    }

    /** One rule as the running job has it. */
    public record Entry(
            RuleMeta meta,
            PatternSpec declarative,
            boolean builtIn,
            boolean deployed,
            String by,
            long at) {}

    /** Whether {@code id} is a built-in (Java) rule of this job. */
    public boolean isBuiltIn(String id) {
        return startMetas.containsKey(id) && !startDeclarative.containsKey(id);
    }

    /**
     * The rule record a built-in rule's detector runs under {@code update} (the start one or the
     * deployed version's); null for an id that is not a built-in rule.
     */
    public Object runningBuiltIn(CatalogUpdate update, String id) {
        Object start = startRules.get(id);
        return start == null ? null : builtInRule(update, id, start);
    }

    /** The rule the job started with, or null. */
    public RuleMeta startMeta(String id) {
        return startMetas.get(id);
    }

    /** Every rule the running job has (disabled ones too, removed ones not), by id. */
    public Map<String, Entry> entries(CatalogUpdate update) {
        TreeMap<String, Entry> out = new TreeMap<>();
        startMetas.forEach(
                (id, m) ->
                        out.put(
                                id,
                                new Entry(
                                        m, startDeclarative.get(id), isBuiltIn(id), false, "", 0)));
        for (DeployedDefinition d : update.deployed()) {
            RuleMeta start = startMetas.get(d.id());
            if (start != null && d.version() < start.version()) {
                continue;
            }
            if (d.builtIn()) {
                if (start == null || !isBuiltIn(d.id())) {
                    continue;
                }
                RuleMeta meta = start;
                if (!d.yaml().isEmpty()) {
                    Definition deployed = parseDefinition(d);
                    if (deployed == null || deployed.meta() == null) {
                        continue;
                    }
                    meta = deployed.meta();
                }
                out.put(
                        d.id(),
                        new Entry(
                                flags(meta, d.enabled(), d.shadow()),
                                null,
                                true,
                                true,
                                d.by(),
                                d.at()));
            } else if (d.removed()) {
                out.remove(d.id());
            } else if (d.yaml().isEmpty()) {
                // Switches of a pattern the job started with, at its start version.
                PatternSpec spec = startDeclarative.get(d.id());
                if (spec == null || spec.meta().version() != d.version()) {
                    continue;
                }
                spec = withFlags(spec, d.enabled(), d.shadow());
                out.put(d.id(), new Entry(spec.meta(), spec, false, true, d.by(), d.at()));
            } else {
                PatternSpec spec = parse(d);
                if (spec == null) {
                    continue;
                }
                spec = withFlags(spec, d.enabled(), d.shadow());
                out.put(d.id(), new Entry(spec.meta(), spec, false, true, d.by(), d.at()));
            }
        }
        return out;
    }

    private static PatternSpec withFlags(PatternSpec spec, boolean enabled, boolean shadow) {
        return new PatternSpec(
                flags(spec.meta(), enabled, shadow),
                spec.subject(),
                spec.windowMs(),
                spec.score(),
                spec.block(),
                spec.description());
    }

    @Override
    public List<PatternSpec> resolve(CatalogUpdate update) {
        List<PatternSpec> out = new ArrayList<>();
        for (Entry e : entries(update).values()) {
            if (e.declarative() != null) {
                out.add(e.declarative());
            }
        }
        return out;
    }

    /**
     * The rule record a built-in rule's detector runs under {@code update}: the deployed version's
     * (its file read by the running code) when one is deployed at or above the start version, else
     * {@code startRule}.
     */
    public Object builtInRule(CatalogUpdate update, String id, Object startRule) {
        RuleMeta start = startMetas.get(id);
        for (DeployedDefinition d : update.deployed()) {
            if (d.id().equals(id)
                    && d.builtIn()
                    && !d.yaml().isEmpty()
                    && (start == null || d.version() >= start.version())) {
                Definition deployed = parseDefinition(d);
                if (deployed != null && deployed.rule() != null) {
                    return deployed.rule();
                }
            }
        }
        return startRule;
    }

    private static Definition parseDefinition(DeployedDefinition d) {
        PatternDefinitions.Result r = PatternDefinitions.parse(d.yaml(), d.id() + ".yaml");
        return r.ok() && r.definitions().size() == 1 ? r.definitions().get(0) : null;
    }

    /**
     * A deployed file's pattern, read by the running code; null if it no longer reads (the control
     * operator checked it when it was deployed, so only a code change can make it unreadable).
     */
    public static PatternSpec parse(DeployedDefinition d) {
        PatternDefinitions.Result r = PatternDefinitions.parse(d.yaml(), d.id() + ".yaml");
        if (!r.ok() || r.definitions().size() != 1) {
            return null;
        }
        return r.definitions().get(0).rule() instanceof PatternSpec p ? p : null;
    }

    static RuleMeta flags(RuleMeta m, boolean enabled, boolean shadow) {
        return new RuleMeta(
                m.ruleId(), m.version(), m.kind(), m.direction(), m.severity(), enabled, shadow);
    }
}
