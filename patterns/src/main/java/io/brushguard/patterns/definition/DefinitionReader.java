package io.brushguard.patterns.definition;

import io.brushguard.avro.Direction;
import io.brushguard.avro.EntityType;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.definition.YamlTree.Field;
import io.brushguard.patterns.definition.YamlTree.ListNode;
import io.brushguard.patterns.definition.YamlTree.MapNode;
import io.brushguard.patterns.definition.YamlTree.Node;
import io.brushguard.patterns.definition.YamlTree.Scalar;
import io.brushguard.patterns.engine.Block;
import io.brushguard.patterns.engine.Condition;
import io.brushguard.patterns.engine.Conditions;
import io.brushguard.patterns.engine.CountBlock;
import io.brushguard.patterns.engine.PatternSpec;
import io.brushguard.patterns.engine.SequenceBlock;
import io.brushguard.patterns.engine.Step;
import io.brushguard.patterns.model.AlertKind;
import io.brushguard.patterns.model.StreamType;

import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one definition file into its rule record and reports everything wrong with it, each error
 * with its line. Thresholds are checked by the rule record's own constructor; its message is mapped
 * to the line of the parameter it names. A file with {@code count:} or {@code sequence:} is a
 * declarative pattern instead, with an id of its own, read into a {@link PatternSpec}; its
 * conditions are checked by {@link Conditions#parse}, each error at the line of its list item.
 */
final class DefinitionReader {

    private static final List<String> DETECTOR_FIELDS =
            List.of(
                    "id",
                    "version",
                    "description",
                    "kind",
                    "direction",
                    "subject",
                    "severity",
                    "enabled",
                    "shadow",
                    "window",
                    "params");
    private static final Set<String> OPTIONAL = Set.of("description", "shadow");

    /** The fields of a declarative pattern, in the order messages list them. */
    private static final List<String> PATTERN_FIELDS =
            List.of(
                    "id",
                    "version",
                    "description",
                    "kind",
                    "direction",
                    "subject",
                    "severity",
                    "enabled",
                    "shadow",
                    "window",
                    "score",
                    "count",
                    "sequence");

    private static final Set<String> PATTERN_OPTIONAL =
            Set.of("description", "shadow", "score", "count", "sequence");

    private static final Pattern PATTERN_ID = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");
    private static final Pattern STEP_NAME = Pattern.compile("[a-z0-9-]+");

    /** The score of a declarative pattern's alerts when its file states none. */
    static final double DEFAULT_SCORE = 0.9;

    private final String file;
    private final List<DefinitionError> errors = new ArrayList<>();
    private RuleMeta meta;

    private DefinitionReader(String file) {
        this.file = file;
    }

    /**
     * The definition in {@code in}, or null when it has errors, which are added to {@code errors}
     * sorted by line.
     *
     * @param file the file as errors name it
     * @param fileName the file's own name, which must be the id's ({@code <id>.yaml})
     * @param fallback rules by id whose values stand in for a value missing, in error or out of
     *     range, so that the constructor can check the other values too (empty: stop at the first)
     */
    static Definition read(
            Reader in,
            String file,
            String fileName,
            Map<String, Object> fallback,
            List<DefinitionError> errors)
            throws IOException {
        DefinitionReader reader = new DefinitionReader(file);
        Definition definition = reader.read(in, fileName, fallback);
        List<DefinitionError> found = reader.refusedFirst();
        errors.addAll(found);
        return found.isEmpty() ? definition : null;
    }

    /**
     * The errors by line. A value refused by the parser (a tag, an alias) is not read as anything,
     * so only that refusal is reported on its line.
     */
    private List<DefinitionError> refusedFirst() {
        Set<Integer> refused = new HashSet<>();
        errors.stream()
                .filter(e -> e.reason().startsWith(YamlTree.REFUSED))
                .forEach(e -> refused.add(e.line()));
        List<DefinitionError> out =
                new ArrayList<>(
                        errors.stream()
                                .filter(
                                        e ->
                                                !refused.contains(e.line())
                                                        || e.reason().startsWith(YamlTree.REFUSED))
                                .toList());
        Collections.sort(out);
        return out;
    }

    private Definition read(Reader in, String fileName, Map<String, Object> fallback)
            throws IOException {
        Node root = YamlTree.parse(in, file, errors);
        if (root == null) {
            return null;
        }
        if (!(root instanceof MapNode map)) {
            error(root, "a definition is a mapping of fields (id: ..., params: ...)");
            return null;
        }
        Map<String, Field> fields = fields(map);
        if (fields.containsKey("count") || fields.containsKey("sequence")) {
            return readPattern(map, fields, fileName);
        }
        Field idField = fields.get("id");
        String id = idField == null ? null : string(idField);
        Catalog.Entry entry = null;
        if (idField == null) {
            error(map, "missing required field 'id'");
        } else if (id != null) {
            entry = Catalog.find(id).orElse(null);
            if (entry == null) {
                error(
                        idField,
                        "unknown id '"
                                + id
                                + "'; known: "
                                + Catalog.ENTRIES.stream()
                                        .map(Catalog.Entry::id)
                                        .collect(Collectors.joining(", ")));
            } else if (!fileName.equals(id + ".yaml") && !fileName.equals(id + ".yml")) {
                error(
                        idField,
                        "id '"
                                + id
                                + "' does not match the file name '"
                                + fileName
                                + "'; name the file "
                                + id
                                + ".yaml");
            }
        }
        if (entry == null) {
            // Check the rest as the definition the file name says, to report every error at once.
            entry = Catalog.find(fileName.replaceFirst("\\.ya?ml$", "")).orElse(null);
            if (entry == null) {
                return null;
            }
        }
        Object rule = bind(entry, map, fields, fallback.get(entry.id()));
        return rule == null
                ? null
                : new Definition(
                        entry.id(),
                        file,
                        idField == null ? map.line() : idField.line(),
                        meta,
                        rule);
    }

    /**
     * A declarative pattern ({@code count:} or {@code sequence:}): a new rule with an id of its
     * own, read into its {@link PatternSpec}.
     */
    private Definition readPattern(MapNode map, Map<String, Field> fields, String fileName) {
        Field idField = fields.get("id");
        String id = idField == null ? null : string(idField);
        if (idField == null) {
            error(map, "missing required field 'id'");
        } else if (id != null) {
            if (Catalog.find(id).isPresent()) {
                error(
                        idField,
                        "id '"
                                + id
                                + "' is a shipped definition's; a new pattern (count or sequence)"
                                + " needs an id of its own, and a shipped rule is tuned with"
                                + " params");
            } else if (!PATTERN_ID.matcher(id).matches()) {
                error(
                        idField,
                        "id '"
                                + id
                                + "': use lower-case letters and digits, in words joined by '.'"
                                + " or '-' (such as shop.review-bomb)");
            } else if (!fileName.equals(id + ".yaml") && !fileName.equals(id + ".yml")) {
                error(
                        idField,
                        "id '"
                                + id
                                + "' does not match the file name '"
                                + fileName
                                + "'; name the file "
                                + id
                                + ".yaml");
            }
        }
        Field count = fields.get("count");
        Field sequence = fields.get("sequence");
        if (count != null && sequence != null) {
            Field first = count.line() <= sequence.line() ? count : sequence;
            Field second = first == count ? sequence : count;
            error(
                    second,
                    "a pattern has one block, count or sequence, not both ("
                            + first.name()
                            + " at line "
                            + first.line()
                            + ")");
        }
        Field params = fields.get("params");
        if (params != null) {
            error(
                    params,
                    "params: a new pattern has count or sequence, not params (params tune a"
                            + " shipped rule)");
        }
        fields.values().stream()
                .filter(f -> !PATTERN_FIELDS.contains(f.name()) && !f.name().equals("params"))
                .forEach(
                        f ->
                                error(
                                        f,
                                        "unknown field '"
                                                + f.name()
                                                + "'; allowed: "
                                                + String.join(", ", PATTERN_FIELDS)));
        PATTERN_FIELDS.stream()
                .filter(f -> !f.equals("id")) // reported above
                .filter(f -> !PATTERN_OPTIONAL.contains(f) && !fields.containsKey(f))
                .forEach(f -> error(map, "missing required field '" + f + "'"));
        String description = ifPresent(fields.get("description"), this::string);

        RuleMeta patternMeta = patternMeta(id, fields);
        EntityType subject = ifPresent(fields.get("subject"), this::patternSubject);
        Long windowMs = ifPresent(fields.get("window"), this::window);
        Double score =
                fields.containsKey("score")
                        ? score(fields.get("score"))
                        : Double.valueOf(DEFAULT_SCORE);
        Block countBlock = count == null ? null : countBlock(count);
        Block sequenceBlock = sequence == null ? null : sequenceBlock(sequence);
        Block block = countBlock != null ? countBlock : sequenceBlock;
        if (!errors.isEmpty()
                || patternMeta == null
                || subject == null
                || windowMs == null
                || score == null
                || block == null) {
            return null;
        }
        PatternSpec spec =
                new PatternSpec(patternMeta, subject, windowMs, score, block, description);
        return new Definition(id, file, idField.line(), patternMeta, spec);
    }

    /** A declarative pattern's meta: any kind and direction, as the file states them. */
    private RuleMeta patternMeta(String id, Map<String, Field> fields) {
        return meta(
                id,
                fields,
                f -> enumValue(f, f.value(), AlertKind.class),
                f -> enumValue(f, f.value(), Direction.class));
    }

    /**
     * A meta from version, kind, direction, severity, enabled and shadow, each checked and reported
     * at its line; null when one is missing or wrong. {@code kind} and {@code direction} read those
     * two fields (a built-in rule's must be the ones its code reports).
     */
    private RuleMeta meta(
            String id,
            Map<String, Field> fields,
            Function<Field, AlertKind> kindOf,
            Function<Field, Direction> directionOf) {
        Integer version = ifPresent(fields.get("version"), this::integer);
        if (version != null && version < 1) {
            error(fields.get("version"), "version must be >= 1, got " + version);
            version = null;
        }
        AlertKind kind = ifPresent(fields.get("kind"), kindOf);
        Direction direction = ifPresent(fields.get("direction"), directionOf);
        Severity severity =
                ifPresent(fields.get("severity"), f -> enumValue(f, f.value(), Severity.class));
        Boolean enabled = ifPresent(fields.get("enabled"), this::bool);
        Boolean shadow = fields.containsKey("shadow") ? bool(fields.get("shadow")) : Boolean.FALSE;
        if (id == null
                || version == null
                || kind == null
                || direction == null
                || severity == null
                || enabled == null
                || shadow == null) {
            return null;
        }
        return new RuleMeta(id, version, kind, direction, severity, enabled, shadow);
    }

    /** The subject of a declarative pattern: a subject of alerts, not an order or a waybill. */
    private EntityType patternSubject(Field f) {
        Subject subject = enumValue(f, f.value(), Subject.class);
        if (subject == Subject.ORDER || subject == Subject.WAYBILL) {
            error(
                    f,
                    "subject: a new pattern keys by a subject of alerts, one of "
                            + Arrays.stream(EntityType.values())
                                    .map(Enum::name)
                                    .collect(Collectors.joining(", "))
                            + "; "
                            + subject
                            + " is only for shipped rules that judge one "
                            + subject.name().toLowerCase(java.util.Locale.ROOT)
                            + " at a time");
            return null;
        }
        return subject == null ? null : EntityType.valueOf(subject.name());
    }

    /** A window in milliseconds, > 0. */
    private Long window(Field f) {
        Duration d = duration(f);
        if (d == null) {
            return null;
        }
        if (d.isNegative() || d.isZero()) {
            error(f, "window must be > 0, got " + ((Scalar) f.value()).text());
            return null;
        }
        if (d.compareTo(Duration.ofMillis(1)) < 0) {
            error(f, "window must be at least 1 ms, got " + ((Scalar) f.value()).text());
            return null;
        }
        try {
            return d.toMillis();
        } catch (ArithmeticException e) {
            error(f, "window: " + ((Scalar) f.value()).text() + " is too long");
            return null;
        }
    }

    private Double score(Field f) {
        Double score = number(f);
        if (score != null && !(score > 0 && score <= 1)) {
            error(f, "score must be > 0 and <= 1, got " + ((Scalar) f.value()).text());
            return null;
        }
        return score;
    }

    /** {@code count: {stream, where, distinct, min}}. */
    private CountBlock countBlock(Field count) {
        if (!(count.value() instanceof MapNode m)) {
            return wrongType(count, "a mapping of stream, where, distinct and min");
        }
        Map<String, Field> f = fields(m);
        List<String> allowed = List.of("stream", "where", "distinct", "min");
        checkFields(count, f, allowed, Set.of("where", "distinct"), "count");
        StreamType stream = ifPresent(f.get("stream"), this::stream);
        List<Condition> where = stream == null ? null : conditions(f.get("where"), stream);
        io.brushguard.patterns.engine.Field distinct = null;
        boolean distinctOk = true;
        if (f.containsKey("distinct") && stream != null) {
            distinct = eventField(f.get("distinct"), f.get("distinct").value(), stream);
            distinctOk = distinct != null;
        }
        Integer min = ifPresent(f.get("min"), this::integer);
        if (min != null && min < 1) {
            error(f.get("min"), "min must be >= 1, got " + min);
            min = null;
        }
        if (stream == null || where == null || !distinctOk || min == null) {
            return null;
        }
        return new CountBlock(new Step("match", stream, where, false, List.of()), distinct, min);
    }

    /** {@code sequence: {same, steps}}. */
    private SequenceBlock sequenceBlock(Field sequence) {
        if (!(sequence.value() instanceof MapNode m)) {
            return wrongType(sequence, "a mapping of same and steps");
        }
        Map<String, Field> f = fields(m);
        checkFields(sequence, f, List.of("same", "steps"), Set.of("same"), "sequence");
        Field stepsField = f.get("steps");
        if (stepsField == null) {
            return null;
        }
        if (!(stepsField.value() instanceof ListNode list)) {
            return wrongType(stepsField, "a list of steps (name, stream, where, absent)");
        }
        if (list.items().size() < 2) {
            error(stepsField, "steps: a sequence has at least 2 steps, got " + list.items().size());
        }
        int before = errors.size();
        List<StepDraft> drafts = new ArrayList<>();
        Map<String, Node> names = new LinkedHashMap<>();
        for (int i = 0; i < list.items().size(); i++) {
            drafts.add(step(list.items().get(i), i == list.items().size() - 1, names));
        }
        List<String> same = same(f.get("same"), drafts);
        if (errors.size() > before || same == null || list.items().size() < 2) {
            return null;
        }
        List<Step> steps = new ArrayList<>();
        for (StepDraft d : drafts) {
            List<io.brushguard.patterns.engine.Field> sameFields =
                    same.stream()
                            .map(n -> io.brushguard.patterns.engine.Field.of(d.stream(), n))
                            .toList();
            steps.add(new Step(d.name(), d.stream(), d.where(), d.absent(), sameFields));
        }
        return new SequenceBlock(steps, same);
    }

    /** A step as read, before the fields it shares with the others are resolved. */
    private record StepDraft(
            String name, StreamType stream, List<Condition> where, boolean absent, Node at) {}

    /** One step of a sequence, or null after its errors. */
    private StepDraft step(Node item, boolean last, Map<String, Node> names) {
        if (!(item instanceof MapNode m)) {
            error(
                    item,
                    "steps: a step is a mapping of name, stream, where and absent, got "
                            + shown(item));
            return null;
        }
        Map<String, Field> f = fields(m);
        List<String> allowed = List.of("name", "stream", "where", "absent");
        f.values().stream()
                .filter(x -> !allowed.contains(x.name()))
                .forEach(
                        x ->
                                error(
                                        x,
                                        "unknown field '"
                                                + x.name()
                                                + "' of a step; allowed: "
                                                + String.join(", ", allowed)));
        for (String required : List.of("name", "stream")) {
            if (!f.containsKey(required)) {
                error(m, "missing required field '" + required + "' of a step");
            }
        }
        String name = ifPresent(f.get("name"), this::string);
        if (name != null) {
            Node first = names.putIfAbsent(name, f.get("name").value());
            if (!STEP_NAME.matcher(name).matches()) {
                error(
                        f.get("name"),
                        "name: '"
                                + name
                                + "': use lower-case letters, digits and '-' (such as"
                                + " no-pickup)");
                name = null;
            } else if (first != null) {
                error(
                        f.get("name"),
                        "name: duplicate step name '"
                                + name
                                + "' (first at line "
                                + first.line()
                                + ")");
                name = null;
            }
        }
        StreamType stream = ifPresent(f.get("stream"), this::stream);
        List<Condition> where = stream == null ? null : conditions(f.get("where"), stream);
        Boolean absent = f.containsKey("absent") ? bool(f.get("absent")) : Boolean.FALSE;
        if (Boolean.TRUE.equals(absent) && !last) {
            error(f.get("absent"), "absent: only the last step may be absent");
            absent = null;
        }
        if (name == null || stream == null || where == null || absent == null) {
            return null;
        }
        return new StepDraft(name, stream, where, absent, m);
    }

    /**
     * The names of {@code same}, each a field of every step's stream; empty without it, null after
     * an error.
     */
    private List<String> same(Field same, List<StepDraft> steps) {
        if (same == null) {
            return List.of();
        }
        if (!(same.value() instanceof ListNode list)) {
            return wrongType(same, "a list of field names, such as [order_id]");
        }
        List<String> names = new ArrayList<>();
        boolean ok = true;
        for (Node item : list.items()) {
            String name = nonBlankString(same, item);
            if (name == null) {
                ok = false;
                continue;
            }
            if (names.contains(name)) {
                error(item, "same: '" + name + "' is listed twice");
                ok = false;
                continue;
            }
            names.add(name);
            for (StepDraft step : steps) {
                if (step != null
                        && io.brushguard.patterns.engine.Field.of(step.stream(), name) == null) {
                    error(
                            item,
                            "same: "
                                    + Conditions.unknownField(name, step.stream())
                                    + " (step "
                                    + step.name()
                                    + ")");
                    ok = false;
                    break;
                }
            }
        }
        return ok ? names : null;
    }

    /** Reports the unknown and missing fields of a block's mapping. */
    private void checkFields(
            Field block,
            Map<String, Field> fields,
            List<String> allowed,
            Set<String> optional,
            String blockName) {
        fields.values().stream()
                .filter(x -> !allowed.contains(x.name()))
                .forEach(
                        x ->
                                error(
                                        x,
                                        "unknown field '"
                                                + x.name()
                                                + "' of "
                                                + blockName
                                                + "; allowed: "
                                                + String.join(", ", allowed)));
        allowed.stream()
                .filter(n -> !optional.contains(n) && !fields.containsKey(n))
                .forEach(n -> error(block, blockName + ": missing required field '" + n + "'"));
    }

    /** One of the four streams, as named in lower case ({@code reviews}). */
    private StreamType stream(Field f) {
        List<String> allowed =
                Arrays.stream(StreamType.values()).map(StreamType::defaultName).toList();
        if (f.value() instanceof Scalar s && s.isString()) {
            for (StreamType t : StreamType.values()) {
                if (t.defaultName().equals(s.text())) {
                    return t;
                }
            }
            error(
                    f,
                    "stream: unknown value '"
                            + s.text()
                            + "'; allowed: "
                            + String.join(", ", allowed));
            return null;
        }
        return wrongType(f, "one of " + String.join(", ", allowed));
    }

    /** The conditions of {@code where} on events of {@code stream}; null after an error. */
    private List<Condition> conditions(Field where, StreamType stream) {
        if (where == null
                || where.value() instanceof Scalar s && s.token() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (!(where.value() instanceof ListNode list)) {
            return wrongType(where, "a list of conditions, such as [rating <= 2]");
        }
        List<Condition> out = new ArrayList<>();
        boolean ok = true;
        for (Node item : list.items()) {
            if (!(item instanceof Scalar s) || s.token() == JsonToken.VALUE_NULL) {
                error(item, "where: expected a condition, such as rating <= 2, got " + shown(item));
                ok = false;
                continue;
            }
            try {
                out.add(Conditions.parse(s.text(), stream));
            } catch (IllegalArgumentException e) {
                error(item, "where: " + e.getMessage());
                ok = false;
            }
        }
        return ok ? out : null;
    }

    /** The field a scalar names on {@code stream}'s events, or null after an error. */
    private io.brushguard.patterns.engine.Field eventField(Field f, Node node, StreamType stream) {
        String name = nonBlankString(f, node);
        if (name == null) {
            return null;
        }
        io.brushguard.patterns.engine.Field field =
                io.brushguard.patterns.engine.Field.of(stream, name);
        if (field == null) {
            error(node, f.name() + ": " + Conditions.unknownField(name, stream));
        }
        return field;
    }

    /** The rule record of {@code entry} from the file's fields, or null when they have errors. */
    private Object bind(
            Catalog.Entry entry, MapNode map, Map<String, Field> fields, Object fallback) {
        RecordComponent[] components = entry.type().getRecordComponents();
        Set<String> names =
                Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toSet());
        List<String> allowed =
                DETECTOR_FIELDS.stream()
                        .filter(f -> entry.isDetector() || !isDetectorOnly(f))
                        .filter(f -> !f.equals("window") || names.contains("window"))
                        .toList();
        fields.values().stream()
                .filter(f -> !allowed.contains(f.name()))
                .forEach(
                        f ->
                                error(
                                        f,
                                        "unknown field '"
                                                + f.name()
                                                + "'; allowed: "
                                                + String.join(", ", allowed)));
        allowed.stream()
                .filter(f -> !f.equals("id")) // reported by read
                .filter(f -> !OPTIONAL.contains(f) && !fields.containsKey(f))
                .forEach(f -> error(map, "missing required field '" + f + "'"));
        Optional.ofNullable(fields.get("description")).ifPresent(this::string);

        Map<String, Field> params = params(entry, fields.get("params"), components);
        Object[] args = new Object[components.length];
        Map<String, Field> origin = new LinkedHashMap<>();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            switch (c.getName()) {
                case "meta" -> args[i] = meta = meta(entry, fields);
                case "subject" -> args[i] = EntityType.valueOf(entry.subject().name());
                case "window" -> {
                    Field window = fields.get("window");
                    args[i] = window == null ? null : duration(window);
                    origin.put("window", window);
                }
                default -> {
                    Field param = params.get(yamlName(c.getName()));
                    args[i] = param == null ? null : value(param, c.getGenericType());
                    origin.put(c.getName(), param);
                }
            }
        }
        // Range checks run even when other fields have errors, so that one pass reports all:
        // a value missing or in error stands in as the shipped one.
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null && fallback != null) {
                args[i] = valueOf(components[i], fallback);
            }
        }
        if (Arrays.asList(args).contains(null)) {
            return null;
        }
        Object rule = construct(entry, components, args, origin, fallback, map);
        return errors.isEmpty() ? rule : null;
    }

    private static boolean isDetectorOnly(String field) {
        return !List.of("id", "description", "window", "params").contains(field);
    }

    /** The rule's meta from id, version, kind, direction, subject, severity, enabled, shadow. */
    private RuleMeta meta(Catalog.Entry entry, Map<String, Field> fields) {
        ifPresent(fields.get("subject"), f -> fixed(entry, f, Subject.class, entry.subject()));
        return meta(
                entry.id(),
                fields,
                f -> fixed(entry, f, AlertKind.class, entry.kind()),
                f -> fixed(entry, f, Direction.class, entry.direction()));
    }

    /**
     * A value the detector's code decides (kind, direction, subject): the file must state it as it
     * is.
     */
    private <E extends Enum<E>> E fixed(Catalog.Entry entry, Field f, Class<E> type, E actual) {
        E value = enumValue(f, f.value(), type);
        if (value != null && value != actual) {
            error(
                    f,
                    f.name()
                            + ": "
                            + entry.id()
                            + (type == Subject.class ? " keys by " : " reports ")
                            + actual
                            + "; "
                            + value
                            + " is not supported");
            return null;
        }
        return value;
    }

    /** The parameters by YAML name, after reporting unknown and missing ones. */
    private Map<String, Field> params(
            Catalog.Entry entry, Field paramsField, RecordComponent[] components) {
        List<String> expected =
                Arrays.stream(components)
                        .map(RecordComponent::getName)
                        .filter(n -> !Set.of("meta", "subject", "window").contains(n))
                        .map(DefinitionReader::yamlName)
                        .toList();
        if (paramsField == null) {
            return Map.of();
        }
        if (!(paramsField.value() instanceof MapNode map)) {
            wrongType(paramsField, "a mapping of parameters");
            return Map.of();
        }
        Map<String, Field> params = fields(map);
        params.values().stream()
                .filter(p -> !expected.contains(p.name()))
                .forEach(
                        p ->
                                error(
                                        p,
                                        "unknown parameter '"
                                                + p.name()
                                                + "' of "
                                                + entry.id()
                                                + "; allowed: "
                                                + String.join(", ", expected)));
        expected.stream()
                .filter(n -> !params.containsKey(n))
                .forEach(n -> error(paramsField, "missing parameter '" + n + "' of " + entry.id()));
        return params;
    }

    /**
     * The record from its arguments. When its constructor refuses a value and {@code fallback} is
     * given, that value is replaced by the fallback's and the constructor tried again, so that
     * every value out of range is reported, not just the first.
     */
    private Object construct(
            Catalog.Entry entry,
            RecordComponent[] components,
            Object[] args,
            Map<String, Field> origin,
            Object fallback,
            MapNode map) {
        Constructor<?> constructor;
        try {
            constructor =
                    entry.type()
                            .getDeclaredConstructor(
                                    Arrays.stream(components)
                                            .map(RecordComponent::getType)
                                            .toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("a record has its canonical constructor", e);
        }
        Set<String> replaced = new HashSet<>();
        while (true) {
            try {
                return constructor.newInstance(args);
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof IllegalArgumentException refused)) {
                    throw new IllegalStateException(
                            "cannot build " + entry.id() + " from " + file, e.getCause());
                }
                String culprit = culprit(refused.getMessage(), origin.keySet());
                Field at = culprit == null ? null : origin.get(culprit);
                errors.add(
                        new DefinitionError(
                                file,
                                at != null ? at.line() : map.line(),
                                yamlNames(refused.getMessage(), origin.keySet())));
                if (culprit == null || fallback == null || !replaced.add(culprit)) {
                    return null;
                }
                int i = indexOf(components, culprit);
                args[i] = valueOf(components[i], fallback);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build " + entry.id(), e);
            }
        }
    }

    private static Object valueOf(RecordComponent component, Object rule) {
        try {
            return component.getAccessor().invoke(rule);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The component a constructor's message names first. */
    private static String culprit(String message, Set<String> components) {
        String first = null;
        int at = Integer.MAX_VALUE;
        for (String c : components) {
            Matcher m = word(c).matcher(message);
            if (m.find() && m.start() < at) {
                at = m.start();
                first = c;
            }
        }
        return first;
    }

    /** A constructor's message with the record's component names as the file spells them. */
    private static String yamlNames(String message, Set<String> components) {
        String out = message;
        for (String c : components) {
            out = word(c).matcher(out).replaceAll(yamlName(c));
        }
        return out;
    }

    private static Pattern word(String name) {
        return Pattern.compile("\\b" + Pattern.quote(name) + "\\b");
    }

    private static int indexOf(RecordComponent[] components, String name) {
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** {@code minOrdersPerBuyer} as {@code min-orders-per-buyer}. */
    static String yamlName(String component) {
        return component.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    /** A parameter's value as the record component's type wants it, or null after an error. */
    private Object value(Field f, Type type) {
        if (type == int.class) {
            return integer(f);
        }
        if (type == double.class) {
            return number(f);
        }
        if (type == Duration.class) {
            return duration(f);
        }
        if (type instanceof Class<?> c && c.isEnum()) {
            return enumValue(f, f.value(), c.asSubclass(Enum.class));
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Set.class) {
            Type element = p.getActualTypeArguments()[0];
            if (!(f.value() instanceof ListNode list)) {
                return wrongType(f, "a list, such as [a, b] or []");
            }
            Set<Object> values = new LinkedHashSet<>();
            for (Node item : list.items()) {
                Object v =
                        element == String.class
                                ? nonBlankString(f, item)
                                : enumValue(f, item, ((Class<?>) element).asSubclass(Enum.class));
                if (v == null) {
                    return null;
                }
                values.add(v);
            }
            return values;
        }
        throw new IllegalStateException("no file form for parameters of type " + type);
    }

    private Integer integer(Field f) {
        if (f.value() instanceof Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
            if (s.number() instanceof Integer i) {
                return i;
            }
            error(f, f.name() + ": " + s.text() + " is out of range for a whole number");
            return null;
        }
        return wrongType(f, "a whole number");
    }

    private Double number(Field f) {
        if (f.value() instanceof Scalar s
                && (s.token() == JsonToken.VALUE_NUMBER_INT
                        || s.token() == JsonToken.VALUE_NUMBER_FLOAT)
                && Double.isFinite(s.number().doubleValue())) {
            return s.number().doubleValue();
        }
        return wrongType(f, "a number");
    }

    private Boolean bool(Field f) {
        if (f.value() instanceof Scalar s) {
            if (s.token() == JsonToken.VALUE_TRUE) {
                return true;
            }
            if (s.token() == JsonToken.VALUE_FALSE) {
                return false;
            }
        }
        return wrongType(f, "true or false");
    }

    private String string(Field f) {
        return nonBlankString(f, f.value());
    }

    private String nonBlankString(Field f, Node node) {
        if (node instanceof Scalar s && s.isString() && !s.text().isBlank()) {
            return s.text();
        }
        error(node, f.name() + ": expected text, got " + shown(node));
        return null;
    }

    private Duration duration(Field f) {
        if (f.value() instanceof Scalar s && s.token() != JsonToken.VALUE_NULL) {
            try {
                return Durations.parse(s.text());
            } catch (IllegalArgumentException e) {
                error(f, f.name() + ": " + e.getMessage());
                return null;
            }
        }
        return wrongType(f, "a duration (" + Durations.FORMS + ")");
    }

    private <E extends Enum<E>> E enumValue(Field f, Node node, Class<E> type) {
        List<String> allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        if (node instanceof Scalar s && s.isString()) {
            if (allowed.contains(s.text())) {
                return Enum.valueOf(type, s.text());
            }
            error(
                    node,
                    f.name()
                            + ": unknown value '"
                            + s.text()
                            + "'; allowed: "
                            + String.join(", ", allowed));
            return null;
        }
        error(
                node,
                f.name()
                        + ": expected one of "
                        + String.join(", ", allowed)
                        + ", got "
                        + shown(node));
        return null;
    }

    private <T> T wrongType(Field f, String expected) {
        error(f, f.name() + ": expected " + expected + ", got " + shown(f.value()));
        return null;
    }

    private static String shown(Node node) {
        if (node instanceof Scalar s) {
            return s.shown();
        }
        return node instanceof MapNode ? "a mapping" : "a list";
    }

    /** A mapping's fields by name; a repeated name is an error (the first one counts). */
    private Map<String, Field> fields(MapNode map) {
        Map<String, Field> byName = new LinkedHashMap<>();
        for (Field f : map.fields()) {
            Field first = byName.putIfAbsent(f.name(), f);
            if (first != null) {
                error(f, "duplicate field '" + f.name() + "' (first at line " + first.line() + ")");
            }
        }
        return byName;
    }

    private static <T> T ifPresent(Field f, java.util.function.Function<Field, T> read) {
        return f == null ? null : read.apply(f);
    }

    private void error(Field at, String reason) {
        errors.add(new DefinitionError(file, at.line(), reason));
    }

    private void error(Node at, String reason) {
        errors.add(new DefinitionError(file, at.line(), reason));
    }
}
