package io.brushguard.benchmarks;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The quick mode CI runs: checks the workload runs and prints its table, nothing about speed. */
class ThroughputBenchmarkTest {

    @Test
    void shouldPrintEveryContenderWithItsRatioToThePassThrough() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ThroughputBenchmark.run(1, true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("machine: ")
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
                .containsPattern("EMPTY_PARCEL\\s+order(\\s+[0-9,]+){7}");
    }
}
