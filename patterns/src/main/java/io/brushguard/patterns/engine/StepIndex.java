package io.brushguard.patterns.engine;

import io.brushguard.avro.EntityType;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.StreamType;
import io.brushguard.patterns.serde.EventProjection;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running patterns of one subject type, and which of them an event may concern, without asking
 * every pattern: a step with a condition {@code field == value} on a text or enum field is indexed
 * by that field and value, so an event looks up the patterns its own values select (one lookup per
 * indexed field), and only the steps without such a condition are checked one by one. With many
 * definitions that each select their events by a value (a category, an item, a status), an event
 * costs a few lookups instead of a check of every definition. The candidates are then checked in
 * full; their order is the patterns' order, so processing stays deterministic.
 */
final class StepIndex {

    /** Patterns by position, as an ascending list of positions and the patterns themselves. */
    private record Selection(List<Integer> positions, List<CompiledPattern> patterns) {}

    private final List<CompiledPattern> patterns;
    private final EventProjection projection;
    private final Map<StreamType, Selection> scan = new EnumMap<>(StreamType.class);
    private final Map<StreamType, Map<Field, Map<Object, Selection>>> byValue =
            new EnumMap<>(StreamType.class);

    StepIndex(List<CompiledPattern> patterns) {
        this.patterns = List.copyOf(patterns);
        this.projection = projection(patterns);
        Map<StreamType, List<Integer>> scanned = new EnumMap<>(StreamType.class);
        Map<StreamType, Map<Field, Map<Object, List<Integer>>>> valued =
                new EnumMap<>(StreamType.class);
        for (int i = 0; i < patterns.size(); i++) {
            for (Step s : patterns.get(i).steps) {
                Condition key = key(s);
                List<Integer> list =
                        key == null
                                ? scanned.computeIfAbsent(s.stream(), k -> new ArrayList<>())
                                : valued.computeIfAbsent(s.stream(), k -> new LinkedHashMap<>())
                                        .computeIfAbsent(key.left(), k -> new HashMap<>())
                                        .computeIfAbsent(
                                                key.values().get(0), k -> new ArrayList<>());
                if (list.isEmpty() || list.get(list.size() - 1) != i) {
                    list.add(i);
                }
            }
        }
        scanned.forEach((stream, list) -> scan.put(stream, selection(list)));
        valued.forEach(
                (stream, fields) -> {
                    Map<Field, Map<Object, Selection>> f = new LinkedHashMap<>();
                    fields.forEach(
                            (field, values) -> {
                                Map<Object, Selection> v = new HashMap<>();
                                values.forEach((value, list) -> v.put(value, selection(list)));
                                f.put(field, v);
                            });
                    byValue.put(stream, f);
                });
    }

    /** The enabled patterns of {@code specs}, indexed per subject type. */
    static Map<EntityType, StepIndex> bySubject(List<PatternSpec> specs) {
        Map<EntityType, List<CompiledPattern>> grouped = new EnumMap<>(EntityType.class);
        for (PatternSpec s : specs) {
            if (s.meta().enabled()) {
                grouped.computeIfAbsent(s.subject(), k -> new ArrayList<>())
                        .add(new CompiledPattern(s));
            }
        }
        Map<EntityType, StepIndex> out = new EnumMap<>(EntityType.class);
        grouped.forEach((subject, list) -> out.put(subject, new StepIndex(list)));
        return out;
    }

    /** Every pattern of the subject type, in order. */
    List<CompiledPattern> patterns() {
        return patterns;
    }

    /**
     * The fields of an event these patterns and this index read, with those every decode in the
     * engine builds ({@link RoutedEvent#ORDERING}): an event decoded with them is all they see.
     */
    EventProjection projection() {
        return projection;
    }

    private static EventProjection projection(List<CompiledPattern> patterns) {
        EventProjection.Builder b = EventProjection.builder().add(RoutedEvent.ORDERING);
        for (CompiledPattern c : patterns) {
            for (Step s : c.steps) {
                for (Condition cond : s.where()) {
                    project(b, cond.left());
                    project(b, cond.minus());
                }
                s.same().forEach(f -> project(b, f));
            }
            if (c.count != null) {
                project(b, c.count.distinct());
            }
        }
        return b.build();
    }

    /** Adds field {@code f} (none if null): its record's field, or the whole order story. */
    static void project(EventProjection.Builder b, Field f) {
        if (f == null) {
            return;
        }
        if (f.stream == null) {
            b.context();
        } else {
            b.field(f.stream, f.fieldName);
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

    /**
     * The patterns {@code e} may concern, in the patterns' order (a superset; check each). When one
     * list answers, it is returned as built, with no allocation per event.
     */
    List<CompiledPattern> candidates(EnrichedEvent e) {
        StreamType stream = e.event.stream();
        Selection found = scan.get(stream);
        Map<Field, Map<Object, Selection>> fields = byValue.get(stream);
        if (fields != null) {
            for (Map.Entry<Field, Map<Object, Selection>> f : fields.entrySet()) {
                Object v = f.getKey().read(e);
                Selection hit = v == null ? null : f.getValue().get(v);
                if (hit != null) {
                    found = found == null ? hit : merge(found, hit);
                }
            }
        }
        return found == null ? List.of() : found.patterns();
    }

    private Selection selection(List<Integer> positions) {
        List<CompiledPattern> selected = new ArrayList<>(positions.size());
        for (int i : positions) {
            selected.add(patterns.get(i));
        }
        return new Selection(List.copyOf(positions), List.copyOf(selected));
    }

    /** Two selections as one, in position order, without repeats. */
    private Selection merge(Selection a, Selection b) {
        List<Integer> x = a.positions();
        List<Integer> y = b.positions();
        List<Integer> out = new ArrayList<>(x.size() + y.size());
        int i = 0;
        int j = 0;
        while (i < x.size() || j < y.size()) {
            int next =
                    j == y.size() || (i < x.size() && x.get(i) <= y.get(j))
                            ? x.get(i++)
                            : y.get(j++);
            if (out.isEmpty() || out.get(out.size() - 1) != next) {
                out.add(next);
            }
        }
        return selection(out);
    }
}
