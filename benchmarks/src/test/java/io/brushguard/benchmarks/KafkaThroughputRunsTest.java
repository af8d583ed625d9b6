package io.brushguard.benchmarks;

import io.brushguard.benchmarks.KafkaThroughputBenchmark.Result;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the Kafka benchmark sums up a contender's runs: the median run, and alerts across runs. */
class KafkaThroughputRunsTest {

    private static Result run(String name, double seconds, String... alertIds) {
        return new Result(
                name,
                "rocksdb",
                100,
                0,
                0,
                seconds,
                seconds + 3,
                Map.of(),
                Set.of(alertIds),
                null,
                null,
                List.of(seconds));
    }

    @Test
    void theRowShouldBeTheMedianRunByTimeCarryingEveryRunsTimeInOrder() {
        Result median =
                KafkaThroughputBenchmark.median(
                        List.of(run("a", 40.0), run("a", 18.5), run("a", 24.0)));

        assertThat(median.seconds()).isEqualTo(24.0);
        assertThat(median.jobSeconds()).isEqualTo(27.0);
        assertThat(median.runSeconds()).containsExactly(40.0, 18.5, 24.0);
    }

    @Test
    void ofAnEvenNumberOfRunsTheRowShouldBeTheSlowerOfTheMiddleTwo() {
        assertThat(KafkaThroughputBenchmark.median(List.of(run("a", 20), run("a", 30))).seconds())
                .isEqualTo(30);
        assertThat(
                        KafkaThroughputBenchmark.median(
                                        List.of(run("a", 5), run("a", 1), run("a", 4), run("a", 2)))
                                .seconds())
                .isEqualTo(4);
        assertThat(KafkaThroughputBenchmark.median(List.of(run("a", 7))).runSeconds())
                .containsExactly(7.0);
    }

    @Test
    void runsPerContenderShouldBeAWholeNumberOfAtLeastOne() {
        assertThat(KafkaThroughputBenchmark.runs(" 3")).isEqualTo(3);
        for (String bad : new String[] {"0", "-1", "two", ""}) {
            assertThatThrownBy(() -> KafkaThroughputBenchmark.runs(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("runs per contender must be a whole number >= 1")
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void everyRunOfHeapAndRocksDbShouldBeComparedWithTheFirstHeapRun() {
        String same =
                agreement(
                        List.of(List.of("x", "y"), List.of("y", "x")),
                        List.of(List.of("x", "y"), List.of("x", "y")));
        assertThat(same).isEqualTo("alerts of heap and RocksDB: the same 2 in each of their runs");

        String one = agreement(List.of(List.of("x")), List.of(List.of("x")));
        assertThat(one).isEqualTo("alerts of heap and RocksDB: the same 1");

        String differ =
                agreement(
                        List.of(List.of("x", "y"), List.of("x", "y")),
                        List.of(List.of("x", "y"), List.of("x", "z", "w")));
        assertThat(differ)
                .isEqualTo(
                        "alerts of heap and RocksDB: differ from the first heap run's 2"
                                + " (brushguard RocksDB run 2: 1 missing, 2 more)");
    }

    /** The agreement line for heap's and RocksDB's runs, each run given by its alert ids. */
    private static String agreement(List<List<String>> heapRuns, List<List<String>> rocksRuns) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        KafkaThroughputBenchmark.printAlertAgreement(
                List.of(runs("brushguard heap", heapRuns), runs("brushguard RocksDB", rocksRuns)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).strip();
    }

    private static List<Result> runs(String name, List<List<String>> alertIds) {
        return alertIds.stream().map(ids -> run(name, 1, ids.toArray(String[]::new))).toList();
    }
}
