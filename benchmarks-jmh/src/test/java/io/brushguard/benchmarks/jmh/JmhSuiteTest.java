package io.brushguard.benchmarks.jmh;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick mode, as CI runs it: every benchmark runs and produces a positive score. Nothing about
 * speed is asserted.
 */
class JmhSuiteTest {

    @Test
    void quickModeRunsEveryBenchmarkAndPrintsTheTable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<JmhSuite.Row> rows;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            rows = JmhSuite.run("quick", null, out);
        }
        String table = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(table);

        assertThat(rows)
                .extracting(JmhSuite.Row::benchmark)
                .containsOnly(
                        "DecodeBenchmark.decode",
                        "SerdeBenchmark.roundTrip",
                        "CorrelationBenchmark.correlate",
                        "DetectorBenchmark.detect",
                        "EngineBenchmark.match",
                        "BufferBenchmark.addAndTake",
                        "BufferCheckpointBenchmark.live");
        assertThat(rows)
                .filteredOn(r -> r.benchmark().equals("DetectorBenchmark.detect"))
                .extracting(JmhSuite.Row::param)
                .containsExactlyInAnyOrder(JmhSuite.QUICK_DETECTORS);
        assertThat(rows)
                .filteredOn(r -> r.benchmark().equals("SerdeBenchmark.roundTrip"))
                .extracting(JmhSuite.Row::param)
                .containsExactlyInAnyOrder("PlatformEvent", "OrderContext", "EnrichedEvent");
        assertThat(rows)
                .filteredOn(r -> r.benchmark().equals("BufferBenchmark.addAndTake"))
                .extracting(JmhSuite.Row::param)
                .containsExactlyInAnyOrder(
                        "slices,1000",
                        "scan,1000",
                        "slices,100000",
                        "scan,100000",
                        "slices,1000000",
                        "scan,1000000");
        assertThat(rows)
                .filteredOn(r -> r.benchmark().equals("EngineBenchmark.match"))
                .extracting(JmhSuite.Row::param)
                .containsExactlyInAnyOrder("platform,50000", "micro,50000");
        // JMH's order of the params: backend, input, rate, store.
        List<String> live = new ArrayList<>();
        for (String backend : List.of("rocksdb", "heap")) {
            for (String input : List.of("platform", "enriched")) {
                for (String store : List.of("union", "saved", "none")) {
                    live.add(backend + "," + input + ",100," + store);
                }
            }
        }
        assertThat(rows)
                .filteredOn(r -> r.benchmark().equals("BufferCheckpointBenchmark.live"))
                .extracting(JmhSuite.Row::param)
                .containsExactlyInAnyOrderElementsOf(live);
        assertThat(rows).hasSize(1 + 3 + 1 + JmhSuite.QUICK_DETECTORS.length + 2 + 6 + 12);
        for (JmhSuite.Row row : rows) {
            assertThat(row.eventsPerSecond())
                    .as("%s %s", row.benchmark(), row.param())
                    .isPositive()
                    .isFinite();
            assertThat(row.eventsPerInvocation())
                    .as("events per call of %s %s", row.benchmark(), row.param())
                    .isGreaterThanOrEqualTo(1);
            assertThat(table).contains(row.benchmark());
        }
        assertThat(table)
                .contains("machine: ")
                .contains(" cores, ")
                .contains("GiB memory")
                .contains("Java ")
                .contains("ns/event")
                .contains("events/s")
                .contains("events/call");
    }

    /** A detector added to the job but not to the benchmark's parameters fails here. */
    @Test
    void theDetectorBenchmarkCoversEveryBuiltInDetector() throws Exception {
        String[] params =
                DetectorBenchmark.class.getField("rule").getAnnotation(Param.class).value();
        assertThat(params).containsExactlyElementsOf(Detectors.ids());
        assertThat(Detectors.ids()).contains(JmhSuite.QUICK_DETECTORS);
        for (String id : Detectors.ids()) {
            assertThat(Detectors.all().get(id).input()).as(id).isNotEmpty();
        }
    }
}
