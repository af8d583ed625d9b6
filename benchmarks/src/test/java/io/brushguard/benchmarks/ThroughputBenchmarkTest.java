package io.brushguard.benchmarks;

import io.brushguard.benchmarks.families.FamilyAlert;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick mode CI runs: checks the workload runs and prints its table, nothing about speed; and,
 * when benchmarks-esper is built, that Esper's detections are CEP's.
 */
class ThroughputBenchmarkTest {

    @Test
    void shouldPrintEveryContenderWithItsRatioToThePassThrough() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // Two runs per contender: each row is a median, and every counted contender's runs must
        // flag the same units.
        ThroughputBenchmark.run(1, true, 2, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .contains("machine: ")
                .contains("2 runs per contender")
                .contains(
                        "every run of the 4 contenders whose detections are counted flagged the"
                                + " same units: yes")
                .contains("pass-through")
                .contains("brushguard heap")
                .contains("brushguard RocksDB")
                .containsPattern("pass-through\\s+[0-9,]+\\s+1\\.00")
                .containsPattern("flink CEP \\(3 families\\), heap\\s+[0-9,]+\\s+[0-9.]+")
                .containsPattern(
                        "flink CEP \\(3 families\\), RocksDB \\((prefix|partial), [0-9,]+ of")
                .containsPattern("brushguard heap, 3 core rules only\\s+[0-9,]+\\s+[0-9.]+")
                .containsPattern("brushguard RocksDB, 3 core rules only\\s+[0-9,]+\\s+[0-9.]+")
                .contains("flags the same units as with all rules: yes")
                .contains("detections on all")
                .containsPattern("EMPTY_PARCEL\\s+order(\\s+[0-9,]+){7}")
                .containsPattern(
                        "event-to-alert latency, RocksDB, [0-9,]+ events\\s+at\\s+[0-9,]+"
                                + " events/s: ")
                .containsPattern(
                        "checkpoints of the latency run: (no completed checkpoint|[0-9]+"
                                + " checkpoints?, the longest synchronous phase in each: )")
                .containsPattern(
                        "checkpoints of brushguard RocksDB's median run: (no completed checkpoint|"
                                + "[0-9]+ checkpoints?, the longest synchronous phase in each: )");
        if (EsperJvm.module().isEmpty()) {
            assertThat(printed).containsPattern("esper \\(3 families, own JVM\\)\\s+not built");
        } else {
            assertThat(printed)
                    .containsPattern("esper \\(3 families, own JVM\\)\\s+[0-9,]+\\s+[0-9.]+")
                    .containsPattern(
                            "esper \\(3 families, own JVM\\)\\s+runs of [0-9.]+, [0-9.]+ s");
            // Esper follows CEP's semantics: per family the same matches and the same units.
            for (FamilyAlert.Family f : FamilyAlert.Family.values()) {
                Matcher line =
                        Pattern.compile(
                                        "(?m)^"
                                                + f
                                                + "[ ]+\\S+[ ]+([0-9,]+)(?:[ ]+[0-9,]+){6}[ ]+([0-9,]+)"
                                                + "[ ]+[0-9,]+ (\\S+)")
                                .matcher(printed);
                assertThat(line.find()).as("the %s line with Esper's columns", f).isTrue();
                assertThat(line.group(2)).as("Esper's matches of %s", f).isEqualTo(line.group(1));
                assertThat(line.group(3))
                        .as("Esper's units of %s against CEP's", f)
                        .isEqualTo("same");
            }
        }
    }

    @Test
    void aRowIsTheMedianRunAndRepeatedRunsSayWhatTheyFlaggedDifferently() {
        ThroughputBenchmark.Run slow = new ThroughputBenchmark.Run(1_000, 1_000, 4.0, true);
        ThroughputBenchmark.Run middle = new ThroughputBenchmark.Run(1_000, 1_000, 2.0, true);
        ThroughputBenchmark.Run fast = new ThroughputBenchmark.Run(1_000, 1_000, 1.0, true);
        assertThat(ThroughputBenchmark.median(List.of(slow, fast, middle))).isSameAs(middle);
        assertThat(ThroughputBenchmark.median(List.of(fast, slow))).isSameAs(slow);
        assertThat(ThroughputBenchmark.median(List.of(fast))).isSameAs(fast);

        Map<FamilyAlert.Family, Set<String>> first = new EnumMap<>(FamilyAlert.Family.class);
        Map<FamilyAlert.Family, Set<String>> later = new EnumMap<>(FamilyAlert.Family.class);
        for (FamilyAlert.Family f : FamilyAlert.Family.values()) {
            first.put(f, Set.of("s1", "s2"));
            later.put(f, Set.of("s1", "s2"));
        }
        assertThat(ThroughputBenchmark.Repeats.difference(first, later)).isEmpty();
        later.put(FamilyAlert.Family.BRUSHING, Set.of("s1", "s3", "s4"));
        assertThat(ThroughputBenchmark.Repeats.difference(first, later))
                .isEqualTo(", BRUSHING 1 missing, 2 more");
    }

    @Test
    void theLiveModePrintsTheCpuPerEventAtAFixedRate() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ThroughputBenchmark.live(
                500,
                4,
                Duration.ofMillis(50),
                true,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .contains("machine: ")
                .containsPattern(
                        "brushguard RocksDB, live pace\\s+2,000\\s+[0-9,]+(\\s+[0-9.]+){3}")
                .contains("network buffer timeout 50 ms")
                .containsPattern("kept up with 500 events/s: (yes|no) .*; [0-9,]+ alerts")
                .containsPattern(
                        "event-to-alert latency while sending \\(2 min wait included\\) +at +500"
                                + " events/s: ([0-9,]+ alerts, p50 [0-9,]+ ms|no alerts)");
    }

    @Test
    void latencyPercentilesAreTheNearestRank() {
        java.util.List<Long> ms = new java.util.ArrayList<>();
        for (long i = 100; i >= 1; i--) {
            ms.add(i);
        }
        EventToAlertLatency.Result r = EventToAlertLatency.Result.of(ms);
        assertThat(r).isEqualTo(new EventToAlertLatency.Result(100, 50, 99, 100));
        assertThat(EventToAlertLatency.Result.of(java.util.List.of(7L)))
                .isEqualTo(new EventToAlertLatency.Result(1, 7, 7, 7));
        assertThat(EventToAlertLatency.Result.of(java.util.List.of()).alerts()).isZero();
    }
}
