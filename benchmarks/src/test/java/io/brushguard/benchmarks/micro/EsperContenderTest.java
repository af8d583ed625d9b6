package io.brushguard.benchmarks.micro;

import io.brushguard.benchmarks.EsperJvm;
import io.brushguard.benchmarks.micro.MicroBenchmark.Row;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The micro workload's Esper contender through its child JVM: when benchmarks-esper is built, the
 * oracle's matches on a short stream; else a row that says it is not built.
 */
class EsperContenderTest {

    private static final MicroWorkload WORKLOAD = MicroWorkload.defaults(20_000);
    private static final long ORACLE = OracleMatcher.count(WORKLOAD.generate(), 20_000);

    /**
     * The contender on 20,000 events, {@code runs} times in its JVM, printing to {@code printed}.
     */
    private static Row run(ByteArrayOutputStream printed, int runs) throws Exception {
        return EsperContender.run(
                WORKLOAD,
                Duration.ofSeconds(60),
                ORACLE,
                new PrintStream(printed, true, StandardCharsets.UTF_8),
                runs);
    }

    @Test
    void shouldFindTheOraclesMatchesInItsOwnJvmOrSayItIsNotBuilt() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Row row = run(printed, 1);
        if (EsperJvm.module().isEmpty()) {
            assertThat(row.built()).isFalse();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("not built");
        } else {
            assertThat(row.built()).isTrue();
            assertThat(row.finished()).isTrue();
            assertThat(row.events()).isEqualTo(20_000);
            assertThat(row.matches()).isPositive().isEqualTo(ORACLE);
        }
    }

    @Test
    void shouldReportTheMedianOfSeveralRunsInOneJvm() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Row row = run(printed, 3);
        if (EsperJvm.module().isPresent()) {
            String text = printed.toString(StandardCharsets.UTF_8);
            assertThat(text.lines().filter(l -> l.contains("esper"))).hasSize(3);
            assertThat(row.finished()).isTrue();
            assertThat(row.matches()).isEqualTo(ORACLE);
        } else {
            assertThat(row.built()).isFalse();
        }
    }

    @Test
    void shouldReadEveryRunsLine() {
        String output =
                "starting\n"
                        + "esper events=10 of=10 seconds=2.0 finished=true matches=4\n"
                        + "esper events=10 of=10 seconds=1.0 finished=true matches=4\n";
        assertThat(EsperContender.parse(output))
                .extracting(m -> m.get("seconds"))
                .containsExactly("2.0", "1.0");
        assertThat(catchThrowable(() -> EsperContender.parse("no result")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no result line");
    }
}
