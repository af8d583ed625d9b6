package io.brushguard.patterns.common;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.Evidence;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.TimelineEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Builds a {@link RiskAlert} with a deterministic id and a readable, ordered timeline.
 *
 * <p>Every personal identifier written into the summary, a fact or a timeline entry must be
 * registered with {@link #identify} (a personal subject registers itself), so that the regulator
 * feed can pseudonymise it ({@code Evidence.identifiers}). Registration never affects the alert id.
 *
 * <p>A builder builds one alert: the alert takes over its lists and maps.
 */
public final class AlertBuilder {

    private static final Comparator<TimelineEntry> TIMELINE_ORDER =
            Comparator.comparing(TimelineEntry::getAt)
                    .thenComparing(TimelineEntry::getStream)
                    .thenComparing(e -> e.getOrderId() == null ? "" : e.getOrderId())
                    .thenComparing(TimelineEntry::getWhat);

    private final RuleMeta rule;
    private EntityType entityType;
    private String entityId;
    private long windowStart;
    private long windowEnd;
    private final List<String> orderIds = new ArrayList<>(4);
    private String summary = "";
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final List<TimelineEntry> timeline = new ArrayList<>(4);
    private final Map<String, String> identifiers = new LinkedHashMap<>(4);
    private double score;
    private boolean built;

    private AlertBuilder(RuleMeta rule) {
        this.rule = rule;
    }

    public static AlertBuilder forRule(RuleMeta rule) {
        return new AlertBuilder(rule);
    }

    /** The subject; a personal one (not a shop or carrier) is registered as an identifier. */
    public AlertBuilder subject(EntityType type, String id) {
        this.entityType = type;
        this.entityId = id;
        return identify(IdentifierType.of(type), id);
    }

    /**
     * Registers a personal identifier the evidence names. Null-safe: a null type or a null or empty
     * value is ignored. A value registered twice keeps its first type (one account may be a buyer
     * and a reviewer; its pseudonym is the same either way).
     */
    public AlertBuilder identify(IdentifierType type, String value) {
        if (type != null && value != null && !value.isEmpty()) {
            identifiers.putIfAbsent(value, type.name());
        }
        return this;
    }

    /** Registers every value of {@code values} as {@code type}; see {@link #identify}. */
    public AlertBuilder identify(IdentifierType type, Iterable<String> values) {
        if (values != null) {
            for (String value : values) {
                identify(type, value);
            }
        }
        return this;
    }

    /**
     * Registers identifiers as a step or signal carries them (value to {@link IdentifierType}
     * name); null-safe.
     */
    public AlertBuilder identify(Map<String, String> named) {
        if (named != null) {
            named.forEach((value, type) -> identify(IdentifierType.valueOf(type), value));
        }
        return this;
    }

    public AlertBuilder window(long start, long end) {
        this.windowStart = start;
        this.windowEnd = end;
        return this;
    }

    public AlertBuilder orders(Iterable<String> ids) {
        for (String id : ids) {
            if (id != null) {
                orderIds.add(id);
            }
        }
        return this;
    }

    public AlertBuilder summary(String text) {
        this.summary = text;
        return this;
    }

    public AlertBuilder fact(String name, Object value) {
        facts.put(name, String.valueOf(value));
        return this;
    }

    public AlertBuilder timeline(long at, String stream, String orderId, String what) {
        timeline.add(new TimelineEntry(Instant.ofEpochMilli(at), stream, orderId, what));
        return this;
    }

    /** A timeline entry and the personal identifiers its text names (value to type name). */
    public AlertBuilder timeline(
            long at, String stream, String orderId, String what, Map<String, String> named) {
        return timeline(at, stream, orderId, what).identify(named);
    }

    public AlertBuilder score(double value) {
        this.score = Math.max(0.0, Math.min(1.0, value));
        return this;
    }

    /**
     * The alert, stamped with {@code detectedAt} (processing time of emission): its order ids
     * sorted and distinct, its timeline in time order, its identifiers sorted. Once per builder.
     */
    public RiskAlert build(long detectedAt) {
        if (built) {
            throw new IllegalStateException("an AlertBuilder builds one alert");
        }
        built = true;
        Objects.requireNonNull(entityType, "the alert's subject is not set");
        Objects.requireNonNull(entityId, "the alert's subject id is not set");
        Objects.requireNonNull(summary, "the alert's summary is null");
        timeline.sort(TIMELINE_ORDER);
        AlertIds.sortDistinct(orderIds);
        String id =
                AlertIds.ofSortedDistinct(
                        rule.ruleId(),
                        rule.version(),
                        entityType.name(),
                        entityId,
                        windowStart,
                        orderIds);
        return new RiskAlert(
                id,
                rule.kind().name(),
                rule.direction(),
                rule.ruleId(),
                rule.version(),
                rule.severity(),
                entityType,
                entityId,
                Instant.ofEpochMilli(windowStart),
                Instant.ofEpochMilli(windowEnd),
                orderIds,
                new Evidence(summary, facts, timeline, sorted(identifiers)),
                score,
                Instant.ofEpochMilli(detectedAt));
    }

    /** {@code map} in key order (itself when it has fewer than two entries). */
    private static Map<String, String> sorted(Map<String, String> map) {
        return map.size() < 2 ? map : new LinkedHashMap<>(new TreeMap<>(map));
    }
}
