package io.brushguard.jobs.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... argv) {
        return Main.run(
                argv,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void shouldListEveryCommandInTheOverview() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(
                        "demo",
                        "generate",
                        "backtest",
                        "run",
                        "credit show",
                        "candidates list",
                        "candidates review",
                        "export",
                        "db migrate",
                        "patterns validate",
                        "patterns deploy",
                        "patterns disable",
                        "patterns enable",
                        "patterns shadow",
                        "patterns unshadow",
                        "patterns remove",
                        "patterns list");
    }

    @Test
    void shouldListTheCommandsOfAGroupOnHelp() {
        assertThat(run("candidates", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("candidates list", "candidates review")
                .doesNotContain("credit show");
    }

    @Test
    void shouldAskWhichCommandOfAGroupIsMeant() {
        assertThat(run("candidates")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("brushguard candidates: which one?")
                .contains("candidates review");
    }

    @Test
    void shouldRejectAnUnknownCommandOfAGroup() {
        assertThat(run("candidates", "lst")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("brushguard candidates: unknown command 'lst'");
    }

    @Test
    void shouldShowPositionalArgumentsInTheUsageLine() {
        assertThat(run("candidates", "review", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith(
                        "Usage: brushguard candidates review <candidate_id> <confirm|dismiss>"
                                + " [options]")
                .contains("--jdbc-url <url>", "--by <name>", "--note <text>");
    }

    @Test
    void shouldRejectAMissingPositionalArgumentWithUsage() {
        assertThat(run("credit", "show", "SHOP")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("brushguard credit show: missing <id>")
                .contains("Usage: brushguard credit show <ENTITY_TYPE> <id>");
    }

    @Test
    void shouldRejectBadValuesOfTheCreditStoreCommandsBeforeConnecting() {
        String url = "--jdbc-url=jdbc:postgresql://127.0.0.1:1/nowhere";
        assertThat(run("credit", "show", "SELLER", "s1", url)).isEqualTo(2);
        assertThat(run("candidates", "review", "c1", "approve", url)).isEqualTo(2);
        assertThat(run("candidates", "list", "--status", "OPEN", url)).isEqualTo(2);
        assertThat(run("export", "--from", "yesterday", "--to", "2026-06-01", "--out", "x", url))
                .isEqualTo(2);
        assertThat(run("export", "--from", "2026-06-01", "--to", "2026-05-01", "--out", "x", url))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown entity type 'SELLER'; one of SHOP, BUYER")
                .contains("the decision must be confirm or dismiss, got 'approve'")
                .contains("--status must be one of PENDING, CONFIRMED, DISMISSED")
                .contains("--from must be an ISO date (2026-05-01) or instant")
                .contains("--from must be before --to")
                .doesNotContain("cannot connect");
    }

    @Test
    void shouldFailInOneLineWhenTheCreditStoreIsUnreachableOrTheUrlIsBad() {
        String[][] commands = {
            {"credit", "show", "SHOP", "s1"},
            {"candidates", "list"},
            {"candidates", "review", "c1", "confirm"},
            {"export", "--from", "2026-05-01", "--to", "2026-06-01", "--out", "target/unused"},
            {"db", "migrate"}
        };
        for (String url : new String[] {"jdbc:postgresql://127.0.0.1:1/nowhere", "not-a-url"}) {
            for (String[] command : commands) {
                err.reset();
                String[] argv = Arrays.copyOf(command, command.length + 4);
                argv[command.length] = "--jdbc-url";
                argv[command.length + 1] = url;
                argv[command.length + 2] = "--jdbc-user";
                argv[command.length + 3] = "auditor";
                String name = command[0] + (command[0].equals("export") ? "" : " " + command[1]);

                assertThat(run(argv)).as(name).isEqualTo(1);
                assertThat(err.toString(StandardCharsets.UTF_8))
                        .as(name)
                        .startsWith(
                                "brushguard "
                                        + name
                                        + " failed: cannot connect to PostgreSQL at "
                                        + url
                                        + " as auditor: ")
                        .hasLineCount(1);
            }
        }
    }

    @Test
    void shouldConvertExportTimesToInstants() {
        assertThat(ExportCommand.instant("from", "2026-05-01"))
                .isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
        assertThat(ExportCommand.instant("from", "2026-05-01T08:30"))
                .isEqualTo(Instant.parse("2026-05-01T08:30:00Z"));
        assertThat(ExportCommand.instant("from", "2026-05-01T16:00+08:00"))
                .isEqualTo(Instant.parse("2026-05-01T08:00:00Z"));
        assertThat(ExportCommand.instant("from", "2026-05-01T08:00:00.250Z"))
                .isEqualTo(Instant.parse("2026-05-01T08:00:00.250Z"));
    }

    @Test
    void shouldShowHelpForEveryCommand() {
        for (Command c : Main.COMMANDS) {
            out.reset();
            assertThat(run((c.name() + " --help").split(" "))).as(c.name()).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .startsWith("Usage: brushguard " + c.name())
                    .contains("--help");
        }
    }

    @Test
    void shouldDocumentEveryConfigurationKeyInRunHelp() {
        run("run", "--help");
        String help = out.toString(StandardCharsets.UTF_8);
        RunCommand.allOptions()
                .forEach(
                        o ->
                                assertThat(help)
                                        .contains(o.key())
                                        .contains(RunCommand.descriptionText(o)));
        assertThat(help)
                .contains("Kafka bootstrap servers for every input and output topic.")
                .contains("brushguard.kafka.transaction-timeout (default: 10 min)")
                .doesNotContain("Description@");
    }

    @Test
    void shouldRejectAnUnknownOptionWithUsageAndExitCode2() {
        assertThat(run("backtest", "--evnets", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown option --evnets")
                .contains("Usage: brushguard backtest");
    }

    @Test
    void shouldRejectAnUnknownCommand() {
        assertThat(run("fly")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'fly'");
    }

    @Test
    void shouldRejectAnUnknownConfigurationKey() {
        assertThat(run("run", "--set", "brushguard.kafka.bootstrap-server=x:1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown configuration key 'brushguard.kafka.bootstrap-server'");
    }

    @Test
    void shouldFailWithAClearMessageWhenTheDatabaseIsUnreachable() throws Exception {
        java.nio.file.Path key = java.nio.file.Files.createTempFile("brushguard", ".key");
        java.nio.file.Files.writeString(key, "a-test-key-that-is-at-least-32-bytes-long");
        int code =
                run(
                        "run",
                        "--bootstrap-servers",
                        "127.0.0.1:1",
                        "--set",
                        "brushguard.pseudonym.key-file=" + key,
                        "--jdbc-url",
                        "jdbc:postgresql://127.0.0.1:1/nowhere");
        java.nio.file.Files.delete(key);
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/nowhere");
    }

    @Test
    void shouldRefuseToRunWithoutAPseudonymisationKey() {
        int code = run("run", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("no pseudonymisation key for the regulator feed")
                .contains("BRUSHGUARD_PSEUDONYM_KEY");
    }

    @Test
    void shouldTurnCamouflageAndHardNegativesOffOnRequest() {
        Args args =
                Args.parse(
                        new String[] {"--no-camouflage", "--no-hard-negatives", "--seed", "3"},
                        new GenerateCommand().options());
        var config = GenerateCommand.config(args);
        assertThat(config.seed()).isEqualTo(3);
        assertThat(config.camouflage()).isFalse();
        assertThat(config.hardNegatives()).isFalse();
    }
}
