package io.brushguard.patterns.definition;

import io.brushguard.avro.Direction;
import io.brushguard.avro.EntityType;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.engine.Conditions;
import io.brushguard.patterns.engine.CountBlock;
import io.brushguard.patterns.engine.Field;
import io.brushguard.patterns.engine.PatternSpec;
import io.brushguard.patterns.engine.SequenceBlock;
import io.brushguard.patterns.engine.Step;
import io.brushguard.patterns.model.AlertKind;
import io.brushguard.patterns.model.StreamType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.brushguard.patterns.model.StreamType.LOGISTICS;
import static io.brushguard.patterns.model.StreamType.ORDERS;
import static io.brushguard.patterns.model.StreamType.REVIEWS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Declarative patterns: files with {@code count:} or {@code sequence:} and an id of their own. */
class DeclarativePatternsTest {

    private static final String COUNT_FILE = "shop.low-rating-burst.yaml";
    private static final String SEQUENCE_FILE = "shop.paid-never-picked-up.yaml";

    /** A valid count; line numbers below refer to it. */
    private static final List<String> COUNT =
            List.of(
                    "id: shop.low-rating-burst", // 1
                    "version: 2", // 2
                    "description: many low ratings from distinct reviewers", // 3
                    "kind: MALICIOUS_REVIEW", // 4
                    "direction: DEFLATE", // 5
                    "subject: SHOP", // 6
                    "severity: HIGH", // 7
                    "enabled: true", // 8
                    "window: 6h", // 9
                    "score: 0.85", // 10
                    "count:", // 11
                    "  stream: reviews", // 12
                    "  where:", // 13
                    "    - rating <= 2", // 14
                    "    - order.paid_at is null", // 15
                    "  distinct: reviewer_id", // 16
                    "  min: 5"); // 17

    /** A valid sequence ending with an absence; line numbers below refer to it. */
    private static final List<String> SEQUENCE =
            List.of(
                    "id: shop.paid-never-picked-up", // 1
                    "version: 1", // 2
                    "kind: EMPTY_PARCEL", // 3
                    "direction: INFLATE", // 4
                    "subject: SHOP", // 5
                    "severity: MEDIUM", // 6
                    "enabled: true", // 7
                    "shadow: true", // 8
                    "window: 3d", // 9
                    "sequence:", // 10
                    "  same: [order_id]", // 11
                    "  steps:", // 12
                    "    - name: created", // 13
                    "      stream: orders", // 14
                    "      where: [status == CREATED]", // 15
                    "    - name: paid", // 16
                    "      stream: orders", // 17
                    "      where:", // 18
                    "        - status == PAID", // 19
                    "        - event_time - order.created_at < 10m", // 20
                    "    - name: no-pickup", // 21
                    "      stream: logistics", // 22
                    "      where: [scan == PICKED_UP]", // 23
                    "      absent: true"); // 24

    @TempDir Path dir;

    @Test
    void shouldReadACountIntoItsPatternSpec() throws IOException {
        PatternDefinitions.Result read = PatternDefinitions.read(write(COUNT_FILE, COUNT));

        assertThat(read.errors()).isEmpty();
        Definition d = read.definitions().get(0);
        assertThat(d.id()).isEqualTo("shop.low-rating-burst");
        assertThat(d.line()).isEqualTo(1);
        RuleMeta meta =
                new RuleMeta(
                        "shop.low-rating-burst",
                        2,
                        AlertKind.MALICIOUS_REVIEW,
                        Direction.DEFLATE,
                        Severity.HIGH,
                        true,
                        false);
        assertThat(d.meta()).isEqualTo(meta);
        assertThat(d.rule())
                .isEqualTo(
                        new PatternSpec(
                                meta,
                                EntityType.SHOP,
                                6 * 3_600_000L,
                                0.85,
                                new CountBlock(
                                        new Step(
                                                "match",
                                                REVIEWS,
                                                List.of(
                                                        Conditions.parse("rating <= 2", REVIEWS),
                                                        Conditions.parse(
                                                                "order.paid_at is null", REVIEWS)),
                                                false,
                                                List.of()),
                                        Field.REVIEWS_REVIEWER_ID,
                                        5),
                                "many low ratings from distinct reviewers"));
    }

    @Test
    void shouldReadASequenceWithAnAbsenceIntoItsPatternSpec() throws IOException {
        PatternDefinitions.Result read = PatternDefinitions.read(write(SEQUENCE_FILE, SEQUENCE));

        assertThat(read.errors()).isEmpty();
        PatternSpec spec = (PatternSpec) read.definitions().get(0).rule();
        RuleMeta meta =
                new RuleMeta(
                        "shop.paid-never-picked-up",
                        1,
                        AlertKind.EMPTY_PARCEL,
                        Direction.INFLATE,
                        Severity.MEDIUM,
                        true,
                        true);
        assertThat(spec)
                .isEqualTo(
                        new PatternSpec(
                                meta,
                                EntityType.SHOP,
                                3 * 86_400_000L,
                                0.9,
                                new SequenceBlock(
                                        List.of(
                                                new Step(
                                                        "created",
                                                        ORDERS,
                                                        List.of(
                                                                Conditions.parse(
                                                                        "status == CREATED",
                                                                        ORDERS)),
                                                        false,
                                                        List.of(Field.ORDERS_ORDER_ID)),
                                                new Step(
                                                        "paid",
                                                        ORDERS,
                                                        List.of(
                                                                Conditions.parse(
                                                                        "status == PAID", ORDERS),
                                                                Conditions.parse(
                                                                        "event_time -"
                                                                                + " order.created_at"
                                                                                + " < 10m",
                                                                        ORDERS)),
                                                        false,
                                                        List.of(Field.ORDERS_ORDER_ID)),
                                                new Step(
                                                        "no-pickup",
                                                        LOGISTICS,
                                                        List.of(
                                                                Conditions.parse(
                                                                        "scan == PICKED_UP",
                                                                        LOGISTICS)),
                                                        true,
                                                        List.of(Field.LOGISTICS_ORDER_ID))),
                                        List.of("order_id")),
                                ""));
        assertThat(((SequenceBlock) spec.block()).endsWithAbsence()).isTrue();
    }

    @Test
    void shouldCountEveryEventOfTheStreamWithoutWhere() throws IOException {
        List<String> lines = new ArrayList<>(COUNT.subList(0, 12));
        lines.add("  min: 1");
        lines.remove("score: 0.85");

        PatternSpec spec = (PatternSpec) read(COUNT_FILE, lines).definitions().get(0).rule();

        assertThat(spec.score()).isEqualTo(0.9);
        CountBlock count = (CountBlock) spec.block();
        assertThat(count.match().where()).isEmpty();
        assertThat(count.distinct()).isNull();
        assertThat(count.min()).isEqualTo(1);
    }

    static Stream<Arguments> badCounts() {
        return Stream.of(
                arguments(
                        "a shipped id",
                        "brushing.fast-confirm.yaml",
                        with(COUNT, "id: brushing.fast-confirm"),
                        List.of(
                                ":1: id 'brushing.fast-confirm' is a shipped definition's; a new"
                                        + " pattern (count or sequence) needs an id of its own,"
                                        + " and a shipped rule is tuned with params")),
                arguments(
                        "the gate's id",
                        "gate.yaml",
                        with(COUNT, "id: gate"),
                        List.of(
                                ":1: id 'gate' is a shipped definition's; a new pattern (count or"
                                        + " sequence) needs an id of its own, and a shipped rule"
                                        + " is tuned with params")),
                arguments(
                        "an id not in lower case",
                        "Shop_Burst.yaml",
                        with(COUNT, "id: Shop_Burst"),
                        List.of(
                                ":1: id 'Shop_Burst': use lower-case letters and digits, in words"
                                        + " joined by '.' or '-' (such as shop.review-bomb)")),
                arguments(
                        "id and file name differ",
                        COUNT_FILE,
                        with(COUNT, "id: shop.other"),
                        List.of(
                                ":1: id 'shop.other' does not match the file name"
                                        + " 'shop.low-rating-burst.yaml'; name the file"
                                        + " shop.other.yaml")),
                arguments(
                        "unknown field",
                        COUNT_FILE,
                        with(COUNT, "treshold: 3"),
                        List.of(
                                ":18: unknown field 'treshold'; allowed: id, version,"
                                        + " description, kind, direction, subject, severity,"
                                        + " enabled, shadow, window, score, count, sequence")),
                arguments(
                        "params and a block",
                        COUNT_FILE,
                        with(COUNT, "params:", "  min-orders: 3"),
                        List.of(
                                ":18: params: a new pattern has count or sequence, not params"
                                        + " (params tune a shipped rule)")),
                arguments(
                        "count and sequence",
                        COUNT_FILE,
                        with(COUNT, "sequence:", "  steps: []"),
                        List.of(
                                ":18: a pattern has one block, count or sequence, not both (count"
                                        + " at line 11)",
                                ":19: steps: a sequence has at least 2 steps, got 0")),
                arguments(
                        "missing fields",
                        COUNT_FILE,
                        without(COUNT, "severity: HIGH", "window: 6h"),
                        List.of(
                                ":1: missing required field 'severity'",
                                ":1: missing required field 'window'")),
                arguments(
                        "an order subject",
                        COUNT_FILE,
                        with(COUNT, "subject: ORDER"),
                        List.of(
                                ":6: subject: a new pattern keys by a subject of alerts, one of"
                                        + " SHOP, BUYER, REVIEWER, CARRIER, COURIER, DEVICE, PAYER;"
                                        + " ORDER is only for shipped rules that judge one order"
                                        + " at a time")),
                arguments(
                        "a waybill subject",
                        COUNT_FILE,
                        with(COUNT, "subject: WAYBILL"),
                        List.of(
                                ":6: subject: a new pattern keys by a subject of alerts, one of"
                                        + " SHOP, BUYER, REVIEWER, CARRIER, COURIER, DEVICE, PAYER;"
                                        + " WAYBILL is only for shipped rules that judge one"
                                        + " waybill at a time")),
                arguments(
                        "bad kind",
                        COUNT_FILE,
                        with(COUNT, "kind: FRAUD"),
                        List.of(
                                ":4: kind: unknown value 'FRAUD'; allowed: BRUSHING, EMPTY_PARCEL,"
                                        + " MALICIOUS_REVIEW")),
                arguments(
                        "zero window",
                        COUNT_FILE,
                        with(COUNT, "window: 0s"),
                        List.of(":9: window must be > 0, got 0s")),
                arguments(
                        "bad window",
                        COUNT_FILE,
                        with(COUNT, "window: 6 hours"),
                        List.of(
                                ":9: window: bad duration '6 hours'; use ISO-8601 (PT90S, P7D) or"
                                        + " a whole number with ms, s, m, h or d (90s, 15m, 2h,"
                                        + " 7d)")),
                arguments(
                        "score above 1",
                        COUNT_FILE,
                        with(COUNT, "score: 1.5"),
                        List.of(":10: score must be > 0 and <= 1, got 1.5")),
                arguments(
                        "score 0",
                        COUNT_FILE,
                        with(COUNT, "score: 0"),
                        List.of(":10: score must be > 0 and <= 1, got 0")),
                arguments(
                        "score not a number",
                        COUNT_FILE,
                        with(COUNT, "score: high"),
                        List.of(":10: score: expected a number, got 'high'")),
                arguments(
                        "unknown stream",
                        COUNT_FILE,
                        with(COUNT, "  stream: review"),
                        List.of(
                                ":12: stream: unknown value 'review'; allowed: orders, payments,"
                                        + " logistics, reviews")),
                arguments(
                        "an unknown field in a condition",
                        COUNT_FILE,
                        with(COUNT, "    - ratng <= 2"),
                        List.of(
                                ":14: where: unknown field 'ratng' on reviews; known: "
                                        + String.join(", ", Field.names(REVIEWS)))),
                arguments(
                        "a bad number in a condition",
                        COUNT_FILE,
                        with(COUNT, "    - rating <= high"),
                        List.of(":14: where: 'rating <= high': expected a whole number")),
                arguments(
                        "an order on text",
                        COUNT_FILE,
                        replace(COUNT, 15, 15, "    - shop_id < s1"),
                        List.of(
                                ":15: where: '<' does not apply to text field shop_id; use ==, !=,"
                                        + " in or not in")),
                arguments(
                        "two bad conditions",
                        COUNT_FILE,
                        with(COUNT, "    - rating <= 2.5", "    - order.paid_at == 0"),
                        List.of(
                                ":14: where: 'rating <= 2.5': expected a whole number",
                                ":15: where: '==' does not apply to time field order.paid_at;"
                                        + " compare the difference of two times with a duration"
                                        + " (event_time - order.created_at < 1h), or use is null"
                                        + " / is not null")),
                arguments(
                        "where not a list",
                        COUNT_FILE,
                        replace(COUNT, 13, 15, "  where: rating <= 2"),
                        List.of(
                                ":13: where: expected a list of conditions, such as [rating <= 2],"
                                        + " got 'rating <= 2'")),
                arguments(
                        "a condition that is not text",
                        COUNT_FILE,
                        replace(COUNT, 14, 14, "    - {rating: 2}"),
                        List.of(
                                ":14: where: expected a condition, such as rating <= 2, got a"
                                        + " mapping")),
                arguments(
                        "unknown distinct field",
                        COUNT_FILE,
                        with(COUNT, "  distinct: reviewer"),
                        List.of(
                                ":16: distinct: unknown field 'reviewer' on reviews; known: "
                                        + String.join(", ", Field.names(REVIEWS)))),
                arguments(
                        "min 0",
                        COUNT_FILE,
                        with(COUNT, "  min: 0"),
                        List.of(":17: min must be >= 1, got 0")),
                arguments(
                        "min a fraction",
                        COUNT_FILE,
                        with(COUNT, "  min: 2.5"),
                        List.of(":17: min: expected a whole number, got 2.5")),
                arguments(
                        "unknown and missing fields of count",
                        COUNT_FILE,
                        replace(COUNT, 17, 17, "  minimum: 5"),
                        List.of(
                                ":11: count: missing required field 'min'",
                                ":17: unknown field 'minimum' of count; allowed: stream, where,"
                                        + " distinct, min")),
                arguments(
                        "count not a mapping",
                        COUNT_FILE,
                        replace(COUNT, 11, 17, "count: 5"),
                        List.of(
                                ":11: count: expected a mapping of stream, where, distinct and"
                                        + " min, got 5")));
    }

    static Stream<Arguments> badSequences() {
        return Stream.of(
                arguments(
                        "one step",
                        replace(SEQUENCE, 16, 24),
                        List.of(":12: steps: a sequence has at least 2 steps, got 1")),
                arguments(
                        "an absent step that is not the last",
                        insert(SEQUENCE, 17, "      absent: true"),
                        List.of(":18: absent: only the last step may be absent")),
                arguments(
                        "a duplicate step name",
                        replace(SEQUENCE, 21, 21, "    - name: paid"),
                        List.of(":21: name: duplicate step name 'paid' (first at line 16)")),
                arguments(
                        "a bad step name",
                        replace(SEQUENCE, 21, 21, "    - name: No Pickup"),
                        List.of(
                                ":21: name: 'No Pickup': use lower-case letters, digits and '-'"
                                        + " (such as no-pickup)")),
                arguments(
                        "a step without name and with an unknown field",
                        replace(SEQUENCE, 16, 16, "    - label: paid"),
                        List.of(
                                ":16: unknown field 'label' of a step; allowed: name, stream,"
                                        + " where, absent",
                                ":16: missing required field 'name' of a step")),
                arguments(
                        "a condition unknown on the step's stream",
                        with(SEQUENCE, "      where: [status == PICKED_UP]"),
                        List.of(
                                ":15: where: status: unknown value 'PICKED_UP'; allowed: CREATED,"
                                        + " PAID, SHIPPED, COMPLETED, CANCELLED, REFUNDED")),
                arguments(
                        "a bad enum value in a block list",
                        with(SEQUENCE, "        - status == DONE"),
                        List.of(
                                ":19: where: status: unknown value 'DONE'; allowed: CREATED, PAID,"
                                        + " SHIPPED, COMPLETED, CANCELLED, REFUNDED")),
                arguments(
                        "a same field missing on one step's stream",
                        with(SEQUENCE, "  same: [order_id, status]"),
                        List.of(
                                ":11: same: unknown field 'status' on logistics; known: "
                                        + String.join(", ", Field.names(LOGISTICS))
                                        + " (step no-pickup)")),
                arguments(
                        "same not a list",
                        with(SEQUENCE, "  same: order_id"),
                        List.of(
                                ":11: same: expected a list of field names, such as [order_id],"
                                        + " got 'order_id'")),
                arguments(
                        "an unknown field of the sequence",
                        insert(SEQUENCE, 11, "  within: 1h"),
                        List.of(
                                ":12: unknown field 'within' of sequence; allowed: same,"
                                        + " steps")),
                arguments(
                        "a step that is not a mapping",
                        insert(SEQUENCE, 12, "    - created"),
                        List.of(
                                ":13: steps: a step is a mapping of name, stream, where and"
                                        + " absent, got 'created'")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCounts")
    void shouldReportEveryErrorOfACountWithItsLine(
            String what, String name, List<String> lines, List<String> expected)
            throws IOException {
        assertErrors(write(name, lines), expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSequences")
    void shouldReportEveryErrorOfASequenceWithItsLine(
            String what, List<String> lines, List<String> expected) throws IOException {
        assertErrors(write(SEQUENCE_FILE, lines), expected);
    }

    private static void assertErrors(Path file, List<String> expected) throws IOException {
        PatternDefinitions.Result read = PatternDefinitions.read(file);

        assertThat(read.definitions()).isEmpty();
        assertThat(read.errors().stream().map(DefinitionError::toString))
                .containsExactlyElementsOf(expected.stream().map(e -> file + e).toList());
    }

    @Test
    void shouldValidateADirectoryMixingTunedRulesAndNewPatterns() throws IOException {
        List<String> fastConfirm =
                Files.readAllLines(
                        ShippedDefinitionsTest.SHIPPED.resolve("brushing.fast-confirm.yaml"));
        write(
                "brushing.fast-confirm.yaml",
                fastConfirm.stream()
                        .map(l -> l.replace("min-orders: 3", "min-orders: 4"))
                        .toList());
        write(COUNT_FILE, COUNT);
        write(SEQUENCE_FILE, SEQUENCE);

        PatternDefinitions.Result read = PatternDefinitions.read(dir);

        assertThat(read.errors()).isEmpty();
        assertThat(read.definitions())
                .extracting(Definition::id)
                .containsExactly(
                        "brushing.fast-confirm",
                        "shop.low-rating-burst",
                        "shop.paid-never-picked-up");

        DetectionRules rules = PatternDefinitions.withOverrides(read);
        assertThat(rules.brushing().fastConfirm().minOrders()).isEqualTo(4);
        assertThat(rules.declarative())
                .extracting(PatternSpec::id)
                .containsExactly("shop.low-rating-burst", "shop.paid-never-picked-up");
        assertThat(rules.metas())
                .extracting(RuleMeta::ruleId)
                .endsWith("shop.low-rating-burst", "shop.paid-never-picked-up")
                .hasSize(23);
        assertThat(rules.shadowRuleIds()).containsExactly("shop.paid-never-picked-up");
        assertThat(rules.withLists(rules.lists()).declarative()).isEqualTo(rules.declarative());
        assertThat(DetectionRules.defaults().declarative()).isEmpty();
    }

    @Test
    void shouldReportTheErrorsOfEveryNewPatternOfADirectory() throws IOException {
        write(COUNT_FILE, with(COUNT, "  min: 0"));
        write(SEQUENCE_FILE, SEQUENCE);
        write("other.yaml", with(COUNT, "id: shop.low-rating-burst"));

        PatternDefinitions.Result read = PatternDefinitions.read(dir);

        assertThat(read.errors().stream().map(DefinitionError::toString))
                .containsExactly(
                        ""
                                + dir.resolve("other.yaml")
                                + ":1: id 'shop.low-rating-burst' does not match the file name"
                                + " 'other.yaml'; name the file shop.low-rating-burst.yaml",
                        dir.resolve(COUNT_FILE) + ":17: min must be >= 1, got 0");
        assertThatThrownBy(() -> PatternDefinitions.withOverrides(read))
                .isInstanceOf(DefinitionException.class);
    }

    @Test
    void shouldParseOneDefinitionFromText() {
        PatternDefinitions.Result ok =
                PatternDefinitions.parse(String.join("\n", SEQUENCE), SEQUENCE_FILE);
        assertThat(ok.errors()).isEmpty();
        assertThat(ok.definitions())
                .extracting(Definition::id)
                .containsExactly("shop.paid-never-picked-up");

        PatternDefinitions.Result misnamed =
                PatternDefinitions.parse(String.join("\n", SEQUENCE), "live/other.yaml");
        assertThat(misnamed.definitions()).isEmpty();
        assertThat(misnamed.errors().stream().map(DefinitionError::toString))
                .containsExactly(
                        "live/other.yaml:1: id 'shop.paid-never-picked-up' does not match the"
                                + " file name 'other.yaml'; name the file"
                                + " shop.paid-never-picked-up.yaml");

        PatternDefinitions.Result tuned =
                PatternDefinitions.parse(
                        "id: gate\nwindow: 7d\nparams:\n  pass-score: 1.5\n  min-rules: 2\n",
                        "gate.yaml");
        assertThat(tuned.errors().stream().map(DefinitionError::toString))
                .containsExactly("gate.yaml:4: pass-score must be within (0, 1], got 1.5");

        assertThat(PatternDefinitions.parse("", "x.yaml").errors())
                .extracting(DefinitionError::reason)
                .containsExactly("empty definition");
    }

    @Test
    void shouldRefuseTwoDeclarativePatternsWithOneId() throws IOException {
        PatternSpec spec = (PatternSpec) read(COUNT_FILE, COUNT).definitions().get(0).rule();
        assertThatThrownBy(() -> DetectionRules.defaults().withDeclarative(List.of(spec, spec)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two declarative patterns with the id shop.low-rating-burst");
    }

    @Test
    void shouldValidateTheExamplesOfTheDocs() throws IOException {
        Path examples = Path.of("../docs/examples/patterns");

        PatternDefinitions.Result read = PatternDefinitions.read(examples);

        assertThat(read.errors()).isEmpty();
        assertThat(read.definitions())
                .extracting(Definition::id)
                .containsExactly("paid-never-shipped", "review-bomb-new-accounts");
        PatternSpec bomb = (PatternSpec) read.definitions().get(1).rule();
        assertThat(bomb.subject()).isEqualTo(EntityType.SHOP);
        assertThat(((CountBlock) bomb.block()).distinct()).isEqualTo(Field.REVIEWS_REVIEWER_ID);
        PatternSpec paid = (PatternSpec) read.definitions().get(0).rule();
        assertThat(((SequenceBlock) paid.block()).endsWithAbsence()).isTrue();
        assertThat(paid.steps().get(0).stream()).isEqualTo(StreamType.ORDERS);
    }

    private PatternDefinitions.Result read(String name, List<String> lines) throws IOException {
        PatternDefinitions.Result read = PatternDefinitions.read(write(name, lines));
        assertThat(read.errors()).isEmpty();
        return read;
    }

    /**
     * {@code base} with each of {@code lines} in place of the first line of the same key (the text
     * up to its first ':', or a list item at the same indentation) not replaced yet, else appended.
     */
    private static List<String> with(List<String> base, String... lines) {
        List<String> out = new ArrayList<>(base);
        java.util.Set<Integer> replaced = new java.util.HashSet<>();
        for (String line : lines) {
            String key =
                    line.trim().startsWith("- ") && !line.contains(": ")
                            ? line.substring(0, line.indexOf('-') + 2)
                            : line.substring(0, line.indexOf(':') + 1);
            int at = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).startsWith(key) && !replaced.contains(i)) {
                    at = i;
                    break;
                }
            }
            if (at >= 0) {
                out.set(at, line);
                replaced.add(at);
            } else {
                out.add(line);
            }
        }
        return out;
    }

    /** {@code base} with lines {@code from..to} (1-based, inclusive) replaced by {@code lines}. */
    private static List<String> replace(List<String> base, int from, int to, String... lines) {
        List<String> out = new ArrayList<>(base.subList(0, from - 1));
        out.addAll(List.of(lines));
        out.addAll(base.subList(to, base.size()));
        return out;
    }

    /** {@code base} with {@code line} inserted after line {@code after} (1-based). */
    private static List<String> insert(List<String> base, int after, String line) {
        List<String> out = new ArrayList<>(base);
        out.add(after, line);
        return out;
    }

    private static List<String> without(List<String> base, String... lines) {
        List<String> out = new ArrayList<>(base);
        out.removeAll(List.of(lines));
        return out;
    }

    private Path write(String name, List<String> lines) throws IOException {
        return Files.write(dir.resolve(name), lines);
    }
}
