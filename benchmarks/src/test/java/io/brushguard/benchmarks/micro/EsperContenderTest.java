package io.brushguard.benchmarks.micro;

import io.brushguard.benchmarks.EsperJvm;
import io.brushguard.benchmarks.micro.MicroBenchmark.Row;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The micro workload's Esper contender through its child JVM: when benchmarks-esper is built, the
 * oracle's matches on a short stream; else a row that says it is not built.
 */
class EsperContenderTest {

    @Test
    void shouldFindTheOraclesMatchesInItsOwnJvmOrSayItIsNotBuilt() throws Exception {
        MicroWorkload w = MicroWorkload.defaults(20_000);
        long oracle = OracleMatcher.count(w.generate(), 20_000);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Row row =
                EsperContender.run(
                        w,
                        Duration.ofSeconds(60),
                        oracle,
                        new PrintStream(printed, true, StandardCharsets.UTF_8));
        if (EsperJvm.module().isEmpty()) {
            assertThat(row.built()).isFalse();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("not built");
        } else {
            assertThat(row.built()).isTrue();
            assertThat(row.finished()).isTrue();
            assertThat(row.events()).isEqualTo(20_000);
            assertThat(row.matches()).isPositive().isEqualTo(oracle);
        }
    }
}
