package io.brushguard.benchmarks;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The quick mode CI runs: checks the workload runs and prints its table, nothing about scores. */
class DetectionQualityBenchmarkTest {

    @Test
    void shouldPrintTheQualityTableWithTheMachineItRanOn() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var result =
                DetectionQualityBenchmark.run(
                        true, 5L, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table)
                .contains("machine: ")
                .contains("cores")
                .contains("BRUSHING")
                .contains("EMPTY_PARCEL")
                .contains("MALICIOUS_REVIEW")
                .contains("overall: " + result.alerts().size() + " alerts")
                .contains("alerts touching hard negatives: ");
    }
}
