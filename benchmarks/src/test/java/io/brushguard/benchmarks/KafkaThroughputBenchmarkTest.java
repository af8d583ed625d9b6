package io.brushguard.benchmarks;

import io.brushguard.benchmarks.KafkaThroughputBenchmark.Checkpoints;
import io.brushguard.benchmarks.KafkaThroughputBenchmark.Profile;
import io.brushguard.benchmarks.KafkaThroughputBenchmark.Result;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick mode CI runs: every contender reads every event through Kafka, brushguard commits
 * alerts, and each contender's checkpoints and peak memory are reported; nothing about speed.
 */
class KafkaThroughputBenchmarkTest {

    private static List<Result> results;
    private static String printed;

    /**
     * One quick run for every test, two runs per contender (each on its own group, transactions and
     * topics): it takes a while.
     */
    @BeforeAll
    static void runTheQuickMode() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        results =
                KafkaThroughputBenchmark.run(
                        Profile.QUICK, 2, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        printed = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(printed); // the tables in the build log
    }

    @Test
    void shouldReadEveryEventThroughKafkaAndCommitTheSameAlertsOnHeapAndRocksDb() {

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
                .contains(
                        "alerts of heap and RocksDB: the same "
                                + heap.alertIds().size()
                                + " in each of their runs");
    }

    @Test
    void shouldRunEachContenderTwiceAndShowEveryRunsTime() {
        for (Result r : results) {
            assertThat(r.runSeconds()).as(r.name()).hasSize(2).contains(r.seconds());
        }
        for (String name : new String[] {"pass-through", "brushguard heap", "brushguard RocksDB"}) {
            assertThat(printed)
                    .containsPattern("  " + name + " run 1 +read ")
                    .containsPattern("  " + name + " run 2 +read ");
        }
        assertThat(printed)
                .containsPattern(
                        "seconds of each run, in order: pass-through [0-9.]+, [0-9.]+; brushguard"
                                + " heap [0-9.]+, [0-9.]+; brushguard RocksDB [0-9.]+, [0-9.]+\\n");
    }

    @Test
    void shouldReportEachContendersCheckpointsAndPeakMemory() {
        assertThat(results)
                .extracting(Result::stateBackend)
                .containsExactly("rocksdb", "hashmap", "rocksdb");
        for (Result r : results) {
            Checkpoints c = r.checkpoints();
            // Every contender checkpoints: a bounded job ends with a final checkpoint at least.
            assertThat(c.completed()).as(r.name() + " checkpoints").isPositive();
            assertThat(c.p50Millis()).as(r.name() + " p50").isNotNegative();
            assertThat(c.maxMillis()).as(r.name() + " max").isGreaterThanOrEqualTo(c.p50Millis());
            // The Kafka source's offsets at least are in every checkpoint.
            assertThat(c.lastStateSize()).as(r.name() + " state").isPositive();
            assertThat(c.maxStateSize()).isGreaterThanOrEqualTo(c.lastStateSize());
            assertThat(c.lastCheckpointedSize())
                    .as(r.name() + " persisted")
                    .isPositive()
                    .isLessThanOrEqualTo(c.lastStateSize());
            MemoryPeak.Figures m = r.memory();
            assertThat(m.heapUsedPeak())
                    .as(r.name() + " heap peak")
                    .isPositive()
                    .isLessThanOrEqualTo(Runtime.getRuntime().maxMemory());
            assertThat(m.rssPeak())
                    .as(r.name() + " RSS peak")
                    .isGreaterThanOrEqualTo(m.rssAtStart())
                    .isGreaterThan(m.heapUsedPeak() / 2);
        }
        // brushguard keeps keyed state; the pass-through (a stateless map) only source offsets.
        assertThat(results.get(2).checkpoints().maxStateSize())
                .isGreaterThan(results.get(0).checkpoints().maxStateSize());
        assertThat(results.get(1).checkpoints().maxStateSize())
                .isGreaterThan(results.get(0).checkpoints().maxStateSize());
        assertThat(printed)
                .containsPattern("contender\\s+backend\\s+ckpts\\s+failed\\s+p50 ms\\s+max ms")
                .containsPattern(
                        "pass-through\\s+rocksdb\\s+[1-9][0-9]*\\s+[0-9]+\\s+[0-9,]+\\s+[0-9,]+")
                .containsPattern(
                        "brushguard heap\\s+hashmap\\s+[1-9][0-9]*\\s+[0-9]+\\s+[0-9,]+\\s+[0-9,]+")
                .containsPattern(
                        "brushguard RocksDB\\s+rocksdb\\s+[1-9][0-9]*\\s+[0-9]+\\s+[0-9,]+\\s+[0-9,]+")
                .containsPattern(
                        "brushguard RocksDB, checkpoints: [1-9][0-9]* checkpoints?, the longest"
                                + " synchronous phase in each: mean [0-9,]+ ms, max [0-9,]+ ms \\(.+\\)");
    }

    @Test
    void shouldMeasureEventToAlertLatencyThroughKafkaAtHalfTheRocksDbRate() {
        for (String delivery : new String[] {"exactly-once", "at-least-once"}) {
            assertThat(printed)
                    .containsPattern(
                            "event-to-alert latency through Kafka, RocksDB, alerts "
                                    + delivery
                                    + ", [0-9,]+ events\\s+at\\s+[0-9,]+ events/s:"
                                    + " [1-9][0-9,]* alerts, p50 [0-9,]+ ms, p99 [0-9,]+ ms,"
                                    + " max [0-9,]+ ms");
        }
        assertThat(printed)
                .contains("(alerts written at once, at least once)")
                .contains("; 0 alerts without a noted stream timestamp;");
    }
}
