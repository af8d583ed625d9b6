package io.brushguard.jobs.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

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
                .contains("demo", "generate", "backtest", "run");
    }

    @Test
    void shouldShowHelpForEveryCommand() {
        for (Command c : Main.COMMANDS) {
            out.reset();
            assertThat(run(c.name(), "--help")).isZero();
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
    void shouldFailWithAClearMessageWhenTheDatabaseIsUnreachable() {
        int code =
                run(
                        "run",
                        "--bootstrap-servers",
                        "127.0.0.1:1",
                        "--jdbc-url",
                        "jdbc:postgresql://127.0.0.1:1/nowhere");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/nowhere");
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
