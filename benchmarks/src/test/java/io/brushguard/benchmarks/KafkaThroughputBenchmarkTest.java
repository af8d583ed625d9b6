package io.brushguard.benchmarks;

import io.brushguard.benchmarks.KafkaThroughputBenchmark.Profile;
import io.brushguard.benchmarks.KafkaThroughputBenchmark.Result;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick mode CI runs: every contender reads every event through Kafka and brushguard commits
 * alerts; nothing about speed.
 */
class KafkaThroughputBenchmarkTest {

    @Test
    void shouldReadEveryEventThroughKafkaAndCommitTheSameAlertsOnHeapAndRocksDb() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Result> results =
                KafkaThroughputBenchmark.run(
                        Profile.QUICK, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(printed); // the table in the build log

        assertThat(results)
                .extracting(Result::name)
                .containsExactly("pass-through", "brushguard heap", "brushguard RocksDB");
        Result heap = results.get(1);
        Result rocks = results.get(2);
        assertThat(heap.alertIds()).isNotEmpty().isEqualTo(rocks.alertIds());
        // Exactly once: every committed alert once, although each job committed several times.
        assertThat(heap.alertsByKind().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(heap.alertIds().size());
        assertThat(rocks.alertsByKind().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(rocks.alertIds().size());
        assertThat(heap.late()).isZero();
        assertThat(rocks.late()).isZero();
        assertThat(printed)
                .contains("machine: ")
                .containsPattern("rules: (\\d+) shipped definitions, \\1 enabled, 0 in shadow")
                .containsPattern("pass-through\\s+[0-9,]+\\s+1\\.00\\s+-")
                .containsPattern("brushguard heap\\s+[0-9,]+\\s+[0-9.]+\\s+[1-9][0-9,]*")
                .containsPattern("brushguard RocksDB\\s+[0-9,]+\\s+[0-9.]+\\s+[1-9][0-9,]*")
                .contains("alerts of heap and RocksDB: the same " + heap.alertIds().size());
    }
}
