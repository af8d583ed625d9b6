package io.brushguard.benchmarks;

import io.brushguard.benchmarks.ThroughputBenchmark.Run;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cep-rocksdb mode: it runs and prints its rows; the summary's arithmetic on known runs. */
class SustainedCepTest {

    @Test
    void theQuickModePrintsBothRowsCepsSamplesAndTheRatio() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SustainedCep.run(3, true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .contains("machine: ")
                .contains("cep-rocksdb mode, quick")
                .contains("over all events for at most 3 s, its progress sampled every 1 s")
                .containsPattern(
                        "brushguard, RocksDB, 3 core rules only\\s+[0-9,]+\\s+[0-9.]+\\s+[0-9,]+")
                .containsPattern(
                        "flink CEP \\(3 families\\), RocksDB\\s+(partial \\()?[0-9,]+( of"
                                + " [0-9,]+\\))?\\s+[0-9.]+\\s+[0-9,]+")
                .containsPattern(
                        "CEP's rate every 1 s (\\([0-9]+ samples?\\): min [0-9,]+|: no sample)")
                .containsPattern("brushguard ÷ CEP on RocksDB: [0-9.]+ × over CEP's whole run");
    }

    @Test
    void theSummaryGivesCepsSamplesAndBothRatios() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SustainedCep.print(
                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new Run(100_000, 100_000, 1.0, true),
                new Run(500, 1_000, 1.0, false),
                List.of(400.0, 600.0, 500.0, 800.0),
                Duration.ofSeconds(10));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .containsPattern(
                        "brushguard, RocksDB, 3 core rules only\\s+100,000\\s+1.0\\s+100,000")
                .containsPattern(
                        "flink CEP \\(3 families\\), RocksDB\\s+partial \\(500 of 1,000\\)")
                .contains(
                        "CEP's rate every 10 s (4 samples): min 400, median 500, max 800 events/s;"
                                + " first 400, last 800")
                .contains(
                        "brushguard ÷ CEP on RocksDB: 200.0 × over CEP's whole run, 125.0 ×"
                                + " against CEP's fastest 10 s");
    }

    @Test
    void withoutSamplesOnlyTheWholeRunsRatio() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SustainedCep.print(
                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new Run(1_000, 1_000, 1.0, true),
                new Run(1_000, 1_000, 2.0, true),
                List.of(),
                Duration.ofSeconds(1));
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("CEP's rate every 1 s: no sample (CEP ended within the first)")
                .contains("brushguard ÷ CEP on RocksDB: 2.0 × over CEP's whole run")
                .doesNotContain("fastest");
    }

    @Test
    void aBudgetUnderOneSecondIsRefused() {
        assertThatThrownBy(() -> SustainedCep.run(0, true, System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seconds must be >= 1, got 0");
    }
}
