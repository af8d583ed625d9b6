package io.brushguard.jobs.cli;

import io.brushguard.patterns.definition.PatternDefinitions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PatternsValidateCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir Path dir;

    private int run(String... argv) {
        return Main.run(
                argv,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void shouldAcceptTheShippedDefinitions() throws IOException {
        for (String id : PatternDefinitions.ids()) {
            Files.writeString(dir.resolve(id + ".yaml"), PatternDefinitions.shippedText(id));
        }

        assertThat(run("patterns", "validate", dir.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("OK 24 definitions\n");
    }

    @Test
    void shouldValidateOneFile() throws IOException {
        Path file =
                Files.writeString(dir.resolve("gate.yaml"), PatternDefinitions.shippedText("gate"));

        assertThat(run("patterns", "validate", file.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("OK 1 definitions\n");
    }

    @Test
    void shouldPrintEveryErrorOfEveryFileAsFileLineReasonAndExit1() throws IOException {
        Files.writeString(
                dir.resolve("gate.yaml"),
                PatternDefinitions.shippedText("gate").replace("min-rules: 2", "min-rules: 1"));
        Files.writeString(
                dir.resolve("malicious-review.extortion.yaml"),
                PatternDefinitions.shippedText("malicious-review.extortion")
                        .replace("severity: HIGH", "severity: SEVERE")
                        .replace("window: 14d", "window: two weeks"));

        assertThat(run("patterns", "validate", dir.toString())).isEqualTo(1);
        Path gate = dir.resolve("gate.yaml");
        Path extortion = dir.resolve("malicious-review.extortion.yaml");
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        gate
                                + ":"
                                + lineOf(gate, "min-rules")
                                + ": min-rules must be at least 2,"
                                + " got 1",
                        extortion
                                + ":"
                                + lineOf(extortion, "severity")
                                + ": severity: unknown value 'SEVERE'; allowed: LOW, MEDIUM, HIGH",
                        extortion
                                + ":"
                                + lineOf(extortion, "window")
                                + ": window: bad duration 'two weeks'; use ISO-8601 (PT90S, P7D)"
                                + " or a whole number with ms, s, m, h or d (90s, 15m, 2h, 7d)");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void shouldFailOnAPathThatIsNotThere() {
        assertThat(run("patterns", "validate", dir.resolve("nowhere").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "brushguard patterns validate failed: no such file or directory: "
                                + dir.resolve("nowhere")
                                + "\n");
    }

    @Test
    void shouldAskForTheFileOrDirectory() {
        assertThat(run("patterns", "validate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("brushguard patterns validate: missing <file|dir>");
    }

    @Test
    void shouldRefuseToRunWithInvalidDefinitionsBeforeConnectingToAnything() throws IOException {
        Files.writeString(
                dir.resolve("gate.yaml"),
                PatternDefinitions.shippedText("gate").replace("7d", "7 days"));

        int code = run("run", "--patterns", dir.toString(), "--bootstrap-servers", "127.0.0.1:1");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith(
                        "brushguard run failed: invalid pattern definitions:\n"
                                + dir.resolve("gate.yaml")
                                + ":")
                .contains("window: bad duration '7 days'")
                .doesNotContain("pseudonymisation key");
    }

    @Test
    void shouldDocumentThePatternsOptionOfBacktestAndRun() {
        run("backtest", "--help");
        run("run", "--help");
        assertThat(out.toString(StandardCharsets.UTF_8).split("--patterns <dir>", -1)).hasSize(3);
    }

    /** The line of {@code file} where {@code key} is, counting from 1. */
    private static int lineOf(Path file, String key) throws IOException {
        var lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().startsWith(key + ":")) {
                return i + 1;
            }
        }
        throw new AssertionError(key + " not in " + file);
    }
}
