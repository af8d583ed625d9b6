package io.brushguard.jobs.cli;

import io.brushguard.jobs.control.PatternChange;
import io.brushguard.jobs.control.PatternChange.Action;
import io.brushguard.jobs.control.PatternStatus;
import io.brushguard.patterns.definition.PatternDefinitions;

import org.apache.flink.configuration.Configuration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code patterns} commands that change the running job, without Kafka. */
class PatternControlCommandsTest {

    private static final Path EXAMPLE =
            Path.of("..", "docs", "examples", "patterns", "review-bomb-new-accounts.yaml");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<PatternChange> sent = new ArrayList<>();
    private final List<Configuration> opened = new ArrayList<>();
    private final List<Duration> waits = new ArrayList<>();

    @TempDir Path dir;

    /** A channel that records what is sent and answers with {@code answer}. */
    private ControlChannel.Factory fake(Function<PatternChange, PatternStatus> answer) {
        return conf -> {
            opened.add(conf);
            return new ControlChannel() {
                @Override
                public PatternStatus send(PatternChange change, Duration wait) {
                    sent.add(change);
                    waits.add(wait);
                    return answer.apply(change);
                }

                @Override
                public String controlTopic() {
                    return "pattern-control";
                }

                @Override
                public void close() {}
            };
        };
    }

    private int run(Command command, String... argv) throws Exception {
        return command.run(
                Args.parse(argv, command.options(), command.positionals()),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static PatternStatus status(
            PatternChange c, String outcome, String reason, PatternStatus.Rule... rules) {
        return new PatternStatus(
                c.requestId(), c.action().word(), c.id(), outcome, reason, 5, 1L, List.of(rules));
    }

    private static PatternStatus.Rule rule(
            String id, int version, boolean enabled, boolean shadow) {
        return new PatternStatus.Rule(
                id,
                version,
                "declarative",
                "MALICIOUS_REVIEW",
                "SHOP",
                enabled,
                shadow,
                "deployed",
                "alice",
                1_777_624_200_000L);
    }

    @Test
    void shouldNeverPublishAFileWithErrors() throws Exception {
        Path file =
                Files.writeString(
                        dir.resolve("review-bomb-new-accounts.yaml"),
                        Files.readString(EXAMPLE).replace("window: 24h", "window: a day"));

        int code = run(new PatternsDeployCommand(fake(c -> null)), file.toString());

        assertThat(code).isEqualTo(1);
        assertThat(sent).isEmpty();
        assertThat(opened).isEmpty();
        assertThat(output().lines())
                .containsExactly(
                        file
                                + ":"
                                + lineOf(file, "window")
                                + ": window: bad duration 'a day'; use ISO-8601 (PT90S, P7D) or a"
                                + " whole number with ms, s, m, h or d (90s, 15m, 2h, 7d)",
                        "not published: fix the errors above (brushguard patterns validate)");
    }

    @Test
    void shouldRefuseSettingsLocallyWithTheJobsReason() throws Exception {
        Path file =
                Files.writeString(dir.resolve("gate.yaml"), PatternDefinitions.shippedText("gate"));

        int code = run(new PatternsDeployCommand(fake(c -> null)), file.toString());

        assertThat(code).isEqualTo(1);
        assertThat(sent).isEmpty();
        assertThat(output())
                .isEqualTo(
                        "REJECTED (not published): gate holds settings, which change when the job"
                                + " restarts from a savepoint with the file (brushguard run"
                                + " --patterns)\n");
    }

    @Test
    void shouldPublishANewVersionOfABuiltInRule() throws Exception {
        Path file =
                Files.writeString(
                        dir.resolve("brushing.fast-confirm.yaml"),
                        PatternDefinitions.shippedText("brushing.fast-confirm")
                                .replace("version: 1", "version: 2"));

        run(new PatternsDeployCommand(fake(c -> null)), file.toString());

        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).action()).isEqualTo(Action.DEPLOY);
        assertThat(sent.get(0).id()).isEqualTo("brushing.fast-confirm");
        assertThat(sent.get(0).definition()).contains("version: 2");
    }

    @Test
    void shouldRefuseADirectory() throws Exception {
        assertThat(Main.run(new String[] {"patterns", "deploy", dir.toString()}, ps(), ps()))
                .isEqualTo(2);
    }

    @Test
    void shouldDeployTheFilesTextAndNameAndPrintTheAppliedVersion() throws Exception {
        int code =
                run(
                        new PatternsDeployCommand(
                                fake(
                                        c ->
                                                status(
                                                        c,
                                                        PatternStatus.APPLIED,
                                                        null,
                                                        rule(c.id(), 1, true, true)))),
                        EXAMPLE.toString(),
                        "--by",
                        "alice",
                        "--bootstrap-servers",
                        "kafka-1:9092",
                        "--wait",
                        "5s");

        assertThat(code).isZero();
        assertThat(output())
                .isEqualTo("APPLIED review-bomb-new-accounts v1 (revision 5): enabled, shadow\n");
        PatternChange c = sent.get(0);
        assertThat(c.action()).isEqualTo(Action.DEPLOY);
        assertThat(c.id()).isEqualTo("review-bomb-new-accounts");
        assertThat(c.definition()).isEqualTo(Files.readString(EXAMPLE));
        assertThat(c.file()).isEqualTo("review-bomb-new-accounts.yaml");
        assertThat(c.by()).isEqualTo("alice");
        assertThat(c.requestId()).isNotBlank();
        assertThat(waits).containsExactly(Duration.ofSeconds(5));
        assertThat(opened.get(0).toMap())
                .containsEntry("brushguard.kafka.bootstrap-servers", "kafka-1:9092");
    }

    @Test
    void shouldPrintTheReasonOfARejectionAndExit1() throws Exception {
        int code =
                run(
                        new PatternsDeployCommand(
                                fake(c -> status(c, PatternStatus.REJECTED, "raise version"))),
                        EXAMPLE.toString());

        assertThat(code).isEqualTo(1);
        assertThat(output()).isEqualTo("REJECTED: raise version\n");
    }

    @Test
    void shouldSayWhenTheJobDidNotAnswerAndExit3() throws Exception {
        int code =
                run(
                        new PatternsSwitchCommand(Action.DISABLE, fake(c -> null)),
                        "brushing.fast-confirm");

        assertThat(code).isEqualTo(3);
        assertThat(waits).containsExactly(Duration.ofSeconds(30));
        assertThat(output())
                .isEqualTo(
                        "published; no answer from the job within 30s: is it running and reading"
                                + " pattern-control?\n");
    }

    @Test
    void shouldSendEachSwitchWithItsIdAndDefaultBy() throws Exception {
        for (Action a :
                List.of(
                        Action.DISABLE,
                        Action.ENABLE,
                        Action.SHADOW,
                        Action.UNSHADOW,
                        Action.REMOVE)) {
            out.reset();
            int code =
                    run(
                            new PatternsSwitchCommand(
                                    a,
                                    fake(
                                            c ->
                                                    status(
                                                            c,
                                                            a == Action.ENABLE
                                                                    ? PatternStatus.UNCHANGED
                                                                    : PatternStatus.APPLIED,
                                                            null,
                                                            a == Action.REMOVE
                                                                    ? new PatternStatus.Rule[0]
                                                                    : new PatternStatus.Rule[] {
                                                                        rule(
                                                                                c.id(),
                                                                                2,
                                                                                a != Action.DISABLE,
                                                                                a == Action.SHADOW)
                                                                    }))),
                            "review-bomb-new-accounts");
            assertThat(code).as(a.word()).isZero();
            assertThat(output())
                    .as(a.word())
                    .isEqualTo(
                            switch (a) {
                                case DISABLE ->
                                        "APPLIED review-bomb-new-accounts v2 (revision 5):"
                                                + " disabled\n";
                                case ENABLE ->
                                        "UNCHANGED review-bomb-new-accounts v2 (revision"
                                                + " 5): enabled\n";
                                case SHADOW ->
                                        "APPLIED review-bomb-new-accounts v2 (revision 5):"
                                                + " enabled, shadow\n";
                                case UNSHADOW ->
                                        "APPLIED review-bomb-new-accounts v2 (revision"
                                                + " 5): enabled\n";
                                default ->
                                        "APPLIED review-bomb-new-accounts removed (revision"
                                                + " 5)\n";
                            });
        }
        assertThat(sent)
                .extracting(PatternChange::action)
                .containsExactly(
                        Action.DISABLE,
                        Action.ENABLE,
                        Action.SHADOW,
                        Action.UNSHADOW,
                        Action.REMOVE);
        assertThat(sent).allSatisfy(c -> assertThat(c.id()).isEqualTo("review-bomb-new-accounts"));
        String user = System.getenv("USER");
        assertThat(sent)
                .allSatisfy(
                        c ->
                                assertThat(c.by())
                                        .isEqualTo(
                                                user == null || user.isBlank() ? "unknown" : user));
    }

    @Test
    void shouldListTheJobsDefinitionsAsATable() throws Exception {
        PatternStatus.Rule builtIn =
                new PatternStatus.Rule(
                        "brushing.fast-confirm",
                        1,
                        "built-in",
                        "BRUSHING",
                        null,
                        true,
                        false,
                        "start",
                        null,
                        null);
        int code =
                run(
                        new PatternsListCommand(
                                fake(
                                        c ->
                                                status(
                                                        c,
                                                        PatternStatus.REPORT,
                                                        null,
                                                        builtIn,
                                                        rule(
                                                                "review-bomb-new-accounts",
                                                                2,
                                                                true,
                                                                true)))));

        assertThat(code).isZero();
        assertThat(sent.get(0).action()).isEqualTo(Action.REPORT);
        assertThat(sent.get(0).id()).isNull();
        assertThat(output())
                .isEqualTo(
                        "id                        version  type         kind            "
                                + "  subject  enabled  shadow  origin    by     deployed at\n"
                                + "brushing.fast-confirm     1        built-in     BRUSHING        "
                                + "           yes      no      start\n"
                                + "review-bomb-new-accounts  2        declarative  MALICIOUS_REVIEW"
                                + "  SHOP     yes      yes     deployed  alice  2026-05-01T08:30:00Z\n"
                                + "2 definitions, revision 5\n");
    }

    @Test
    void shouldRejectABadWait() {
        assertThat(Main.run(new String[] {"patterns", "list", "--wait", "soon"}, ps(), ps()))
                .isEqualTo(2);
    }

    @Test
    void shouldFailInOneLineWhenKafkaCannotBeReached() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                Main.run(
                        new String[] {
                            "patterns", "disable", "x", "--bootstrap-servers", "127.0.0.1:1"
                        },
                        ps(),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "brushguard patterns disable failed: cannot reach Kafka at 127.0.0.1:1"
                                + " within 10s; is it running, and are --bootstrap-servers"
                                + " right?\n");
    }

    private static PrintStream ps() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static int lineOf(Path file, String key) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(key + ":")) {
                return i + 1;
            }
        }
        throw new AssertionError(key + " not in " + file);
    }
}
