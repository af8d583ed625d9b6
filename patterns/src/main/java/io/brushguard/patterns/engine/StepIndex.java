package io.brushguard.patterns.engine;

import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.StreamType;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which patterns an event may concern, without asking every pattern: a step with a condition {@code
 * field == value} on a text or enum field is indexed by that field and value, so an event looks up
 * the patterns its own values select (one lookup per indexed field), and only the steps without
 * such a condition are checked one by one. With many definitions that each select their events by a
 * value (a category, an item, a status), an event costs a few lookups instead of a check of every
 * definition. The candidates are then checked in full; their order is the patterns' order, so
 * processing stays deterministic.
 */
final class StepIndex {

    private final List<CompiledPattern> patterns;
    private final Map<StreamType, List<Integer>> scan = new EnumMap<>(StreamType.class);
    private final Map<StreamType, Map<Field, Map<Object, List<Integer>>>> byValue =
            new EnumMap<>(StreamType.class);

    StepIndex(List<CompiledPattern> patterns) {
        this.patterns = patterns;
        for (int i = 0; i < patterns.size(); i++) {
            for (Step s : patterns.get(i).steps) {
                Condition key = key(s);
                if (key == null) {
                    add(scan.computeIfAbsent(s.stream(), k -> new ArrayList<>()), i);
                } else {
                    add(
                            byValue.computeIfAbsent(s.stream(), k -> new LinkedHashMap<>())
                                    .computeIfAbsent(key.left(), k -> new HashMap<>())
                                    .computeIfAbsent(key.values().get(0), k -> new ArrayList<>()),
                            i);
                }
            }
        }
    }

    /**
     * The step's {@code field == value} condition to index it by, or null: one on a text field
     * (ids, categories: many values, so few patterns per value) before one on an enum (a status:
     * few values, shared by many patterns).
     */
    private static Condition key(Step s) {
        Condition onEnum = null;
        for (Condition c : s.where()) {
            if (c.op() == Condition.Op.EQ && c.minus() == null && c.values().size() == 1) {
                if (c.left().type == ValueType.TEXT) {
                    return c;
                }
                if (c.left().type == ValueType.ENUM && onEnum == null) {
                    onEnum = c;
                }
            }
        }
        return onEnum;
    }

    private static void add(List<Integer> list, int i) {
        if (list.isEmpty() || list.get(list.size() - 1) != i) {
            list.add(i);
        }
    }

    /** The patterns {@code e} may concern, in the patterns' order (a superset; check each). */
    List<CompiledPattern> candidates(EnrichedEvent e) {
        StreamType stream = e.event.stream();
        List<Integer> scanned = scan.get(stream);
        Map<Field, Map<Object, List<Integer>>> fields = byValue.get(stream);
        if (fields == null) {
            return scanned == null ? List.of() : select(scanned);
        }
        List<Integer> hits = null;
        for (Map.Entry<Field, Map<Object, List<Integer>>> f : fields.entrySet()) {
            Object v = f.getKey().read(e);
            List<Integer> found = v == null ? null : f.getValue().get(v);
            if (found != null) {
                hits = hits == null ? found : merge(hits, found);
            }
        }
        if (hits == null) {
            return scanned == null ? List.of() : select(scanned);
        }
        return select(scanned == null ? hits : merge(scanned, hits));
    }

    private List<CompiledPattern> select(List<Integer> indexes) {
        List<CompiledPattern> out = new ArrayList<>(indexes.size());
        for (int i : indexes) {
            out.add(patterns.get(i));
        }
        return out;
    }

    /** Two ascending lists of indexes as one, without repeats. */
    private static List<Integer> merge(List<Integer> a, List<Integer> b) {
        List<Integer> out = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            int next;
            if (j == b.size() || (i < a.size() && a.get(i) <= b.get(j))) {
                next = a.get(i++);
            } else {
                next = b.get(j++);
            }
            if (out.isEmpty() || out.get(out.size() - 1) != next) {
                out.add(next);
            }
        }
        return out;
    }
}
