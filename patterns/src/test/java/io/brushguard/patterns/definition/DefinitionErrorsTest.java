package io.brushguard.patterns.definition;

import io.brushguard.patterns.DetectionRules;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DefinitionErrorsTest {

    private static final String FILE = "brushing.fast-confirm.yaml";

    /** A valid definition; line numbers below refer to it. */
    private static final List<String> FAST_CONFIRM =
            List.of(
                    "id: brushing.fast-confirm", // 1
                    "version: 1", // 2
                    "kind: BRUSHING", // 3
                    "direction: INFLATE", // 4
                    "subject: SHOP", // 5
                    "severity: MEDIUM", // 6
                    "enabled: true", // 7
                    "window: 24h", // 8
                    "params:", // 9
                    "  max-created-to-completed: 2h", // 10
                    "  max-untracked-completion: 6h", // 11
                    "  min-orders: 3", // 12
                    "  conclusive-orders: 6"); // 13

    @TempDir Path dir;

    static Stream<Arguments> badDefinitions() {
        return Stream.of(
                arguments(
                        "unknown field",
                        with("treshold: 3"),
                        List.of(
                                ":9: unknown field 'treshold'; allowed: id, version, description,"
                                        + " kind, direction, subject, severity, enabled, shadow,"
                                        + " window, params")),
                arguments(
                        "unknown parameter",
                        replaced("  min-orders: 3", "  min-order: 3"),
                        List.of(
                                ":9: missing parameter 'min-orders' of brushing.fast-confirm",
                                ":12: unknown parameter 'min-order' of brushing.fast-confirm;"
                                        + " allowed: max-created-to-completed,"
                                        + " max-untracked-completion, min-orders,"
                                        + " conclusive-orders")),
                arguments(
                        "bad duration",
                        with("window: 24 hours"),
                        List.of(
                                ":8: window: bad duration '24 hours'; use ISO-8601 (PT90S, P7D)"
                                        + " or a whole number with ms, s, m, h or d (90s, 15m,"
                                        + " 2h, 7d)")),
                arguments(
                        "duration without a unit",
                        with("  max-created-to-completed: 2"),
                        List.of(
                                ":10: max-created-to-completed: bad duration '2'; use ISO-8601"
                                        + " (PT90S, P7D) or a whole number with ms, s, m, h or d"
                                        + " (90s, 15m, 2h, 7d)")),
                arguments(
                        "threshold out of range",
                        with("  min-orders: 1"),
                        List.of(":12: min-orders must be >= 2, got 1")),
                arguments(
                        "every threshold out of range, not just the first",
                        with(
                                "  max-untracked-completion: 0s",
                                "  min-orders: 1",
                                "  conclusive-orders: 2"),
                        List.of(
                                ":11: max-untracked-completion must be positive, got PT0S",
                                ":12: min-orders must be >= 2, got 1",
                                ":13: conclusive-orders must be >= min-orders, got 2")),
                arguments(
                        "unknown subject",
                        with("subject: MERCHANT"),
                        List.of(
                                ":5: subject: unknown value 'MERCHANT'; allowed: SHOP, BUYER,"
                                        + " REVIEWER, PAYER, DEVICE, COURIER, CARRIER, ORDER,"
                                        + " WAYBILL")),
                arguments(
                        "a subject the rule does not key by",
                        with("subject: BUYER"),
                        List.of(
                                ":5: subject: brushing.fast-confirm keys by SHOP; BUYER is not"
                                        + " supported")),
                arguments(
                        "another kind",
                        with("kind: EMPTY_PARCEL"),
                        List.of(
                                ":3: kind: brushing.fast-confirm reports BRUSHING; EMPTY_PARCEL"
                                        + " is not supported")),
                arguments(
                        "bad severity",
                        with("severity: CRITICAL"),
                        List.of(
                                ":6: severity: unknown value 'CRITICAL'; allowed: LOW, MEDIUM,"
                                        + " HIGH")),
                arguments(
                        "wrong type",
                        with("  min-orders: three"),
                        List.of(":12: min-orders: expected a whole number, got 'three'")),
                arguments(
                        "wrong type of a flag",
                        with("enabled: maybe"),
                        List.of(":7: enabled: expected true or false, got 'maybe'")),
                arguments(
                        "a fraction for a whole number",
                        with("  min-orders: 3.5"),
                        List.of(":12: min-orders: expected a whole number, got 3.5")),
                arguments(
                        "version below 1",
                        with("version: 0"),
                        List.of(":2: version must be >= 1, got 0")),
                arguments(
                        "missing id",
                        without("id: brushing.fast-confirm"),
                        List.of(":1: missing required field 'id'")),
                arguments(
                        "missing fields",
                        without("severity: MEDIUM", "window: 24h"),
                        List.of(
                                ":1: missing required field 'severity'",
                                ":1: missing required field 'window'")),
                arguments(
                        "unknown id",
                        with("id: brushing.fast-confrim"),
                        List.of(
                                ":1: unknown id 'brushing.fast-confrim'; known: "
                                        + String.join(", ", PatternDefinitions.ids()))),
                arguments(
                        "id of another file",
                        with("id: brushing.cash-back-refund"),
                        List.of(
                                ":1: id 'brushing.cash-back-refund' does not match the file"
                                        + " name 'brushing.fast-confirm.yaml'; name the file"
                                        + " brushing.cash-back-refund.yaml",
                                ":9: missing parameter 'max-refund-delay' of"
                                        + " brushing.cash-back-refund",
                                ":9: missing parameter 'min-rating' of brushing.cash-back-refund",
                                ":10: unknown parameter 'max-created-to-completed' of"
                                        + " brushing.cash-back-refund; allowed: max-refund-delay,"
                                        + " min-rating, min-orders, conclusive-orders",
                                ":11: unknown parameter 'max-untracked-completion' of"
                                        + " brushing.cash-back-refund; allowed: max-refund-delay,"
                                        + " min-rating, min-orders, conclusive-orders")),
                arguments(
                        "duplicate field",
                        plus("window: 2d"),
                        List.of(":9: duplicate field 'window' (first at line 8)")),
                arguments(
                        "a YAML tag",
                        with("  min-orders: !!java.lang.Runtime 3"),
                        List.of(
                                ":12: YAML tags and aliases are not allowed (!!java.lang.Runtime)")),
                arguments(
                        "not YAML",
                        with("window: [24h"),
                        List.of(
                                ":8: not valid YAML: while parsing a flow sequence: expected ','"
                                        + " or ']', but got : (line 9)")),
                arguments(
                        "not a mapping",
                        List.of("- id: brushing.fast-confirm"),
                        List.of(":1: a definition is a mapping of fields (id: ..., params: ...)")),
                arguments(
                        "several errors at once",
                        with(
                                "severity: urgent",
                                "colour: red",
                                "window: forever",
                                "  min-orders: 1"),
                        List.of(
                                ":6: severity: unknown value 'urgent'; allowed: LOW, MEDIUM,"
                                        + " HIGH",
                                ":8: window: bad duration 'forever'; use ISO-8601 (PT90S, P7D)"
                                        + " or a whole number with ms, s, m, h or d (90s, 15m,"
                                        + " 2h, 7d)",
                                ":9: unknown field 'colour'; allowed: id, version, description,"
                                        + " kind, direction, subject, severity, enabled, shadow,"
                                        + " window, params",
                                ":13: min-orders must be >= 2, got 1")),
                arguments(
                        "bad settings",
                        List.of(
                                "id: gate",
                                "severity: HIGH",
                                "window: 7d",
                                "params:",
                                "  pass-score: 1.5",
                                "  min-rules: 2"),
                        List.of(
                                ":2: unknown field 'severity'; allowed: id, description, window,"
                                        + " params",
                                ":5: pass-score must be within (0, 1], got 1.5")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDefinitions")
    void shouldReportEveryErrorWithFileAndLine(
            String what, List<String> lines, List<String> expected) throws IOException {
        String name = lines.get(0).equals("id: gate") ? "gate.yaml" : FILE;
        Path file = write(name, lines);

        PatternDefinitions.Result read = PatternDefinitions.read(file);

        assertThat(read.definitions()).isEmpty();
        assertThat(read.errors().stream().map(DefinitionError::toString))
                .containsExactlyElementsOf(expected.stream().map(e -> file + e).toList());
    }

    @Test
    void shouldReadTheValidDefinitionTheTableStartsFrom() throws IOException {
        PatternDefinitions.Result read = PatternDefinitions.read(write(FILE, FAST_CONFIRM));

        assertThat(read.errors()).isEmpty();
        assertThat(read.definitions().get(0).rule())
                .isEqualTo(DetectionRules.defaults().brushing().fastConfirm());
    }

    @Test
    void shouldReadIsoDurationsAndOptionalFields() throws IOException {
        List<String> lines = new ArrayList<>(with("window: P1D"));
        lines.add(1, "description: orders confirmed too fast");
        lines.add("shadow: true");
        PatternDefinitions.Result read = PatternDefinitions.read(write(FILE, lines));

        assertThat(read.errors()).isEmpty();
        Definition d = read.definitions().get(0);
        assertThat(d.meta().shadow()).isTrue();
        assertThat(d.line()).isEqualTo(1);
        assertThat(d.rule())
                .usingRecursiveComparison()
                .ignoringFields("meta.shadow")
                .isEqualTo(DetectionRules.defaults().brushing().fastConfirm());
    }

    @Test
    void shouldReportADuplicateIdAcrossFilesOfADirectory() throws IOException {
        write("brushing.fast-confirm.yaml", FAST_CONFIRM);
        Path second = write("brushing.fast-confirm.yml", FAST_CONFIRM);

        PatternDefinitions.Result read = PatternDefinitions.read(dir);

        assertThat(read.errors().stream().map(DefinitionError::toString))
                .containsExactly(
                        second
                                + ":1: duplicate id 'brushing.fast-confirm'; also defined in "
                                + dir.resolve("brushing.fast-confirm.yaml")
                                + ":1");
        assertThat(read.definitions()).hasSize(1);
    }

    @Test
    void shouldRefuseToRunDefinitionsWithErrors() throws IOException {
        write(FILE, with("  min-orders: 1"));

        assertThatThrownBy(() -> PatternDefinitions.withOverrides(dir))
                .isInstanceOf(DefinitionException.class)
                .hasMessage(
                        "invalid pattern definitions:\n"
                                + dir.resolve(FILE)
                                + ":12: min-orders must be >= 2, got 1");
    }

    @Test
    void shouldKeepTheShippedDefinitionsOfTheRulesADirectoryLeavesOut() throws IOException {
        write(FILE, with("  min-orders: 4"));

        DetectionRules rules = PatternDefinitions.withOverrides(dir);

        assertThat(rules.brushing().fastConfirm().minOrders()).isEqualTo(4);
        DetectionRules shipped = DetectionRules.defaults();
        assertThat(rules.brushing().cashBackRefund())
                .isEqualTo(shipped.brushing().cashBackRefund());
        assertThat(rules.emptyParcel()).isEqualTo(shipped.emptyParcel());
        assertThat(rules.gate()).isEqualTo(shipped.gate());
    }

    @Test
    void shouldRefuseADirectoryWithoutDefinitions() {
        assertThatThrownBy(() -> PatternDefinitions.read(dir))
                .isInstanceOf(IOException.class)
                .hasMessage("no definition files (.yaml) in " + dir);
    }

    /**
     * The valid definition with each of {@code lines} in place of the line of the same key, or, for
     * a key it does not have, inserted before {@code params:} (top level) or at the end.
     */
    private static List<String> with(String... lines) {
        List<String> out = new ArrayList<>(FAST_CONFIRM);
        for (String line : lines) {
            String key = line.substring(0, line.indexOf(':') + 1);
            int at = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).startsWith(key)) {
                    at = i;
                }
            }
            if (at >= 0) {
                out.set(at, line);
            } else if (line.startsWith(" ")) {
                out.add(line);
            } else {
                out.add(out.indexOf("params:"), line);
            }
        }
        return out;
    }

    /** The valid definition with {@code lines} added before {@code params:}. */
    private static List<String> plus(String... lines) {
        List<String> out = new ArrayList<>(FAST_CONFIRM);
        out.addAll(out.indexOf("params:"), List.of(lines));
        return out;
    }

    private static List<String> replaced(String old, String line) {
        List<String> out = new ArrayList<>(FAST_CONFIRM);
        out.set(out.indexOf(old), line);
        return out;
    }

    private static List<String> without(String... lines) {
        List<String> out = new ArrayList<>(FAST_CONFIRM);
        out.removeAll(List.of(lines));
        return out;
    }

    private Path write(String name, List<String> lines) throws IOException {
        return Files.write(dir.resolve(name), lines);
    }
}
