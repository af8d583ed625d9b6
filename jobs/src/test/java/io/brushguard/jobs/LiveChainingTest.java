package io.brushguard.jobs;

import io.brushguard.jobs.source.SourceRecord;
import io.brushguard.patterns.definition.PatternDefinitions;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming job runs its live built-in detectors chained behind one shuffle per group: each
 * group is one task with its lane head and every detector, so an event crosses the network once per
 * key it is taken under, not once per detector. Without live changes (backtests), each detector's
 * input selection is chained to the operator that makes its events, so that only what it takes
 * crosses the network.
 */
class LiveChainingTest {

    private static List<String> uids(JobVertex v) {
        return v.getOperatorIDs().stream()
                .map(OperatorIDPair::getUserDefinedOperatorUid)
                .filter(u -> u != null)
                .toList();
    }

    /** The uids of the vertex that runs {@code uid}. */
    private static List<String> vertexOf(JobGraph graph, String uid) {
        return graph.getVerticesSortedTopologicallyFromSources().stream()
                .map(LiveChainingTest::uids)
                .filter(u -> u.contains(uid))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void shouldChainEveryLiveDetectorBehindItsGroupsLaneHead(@TempDir Path dir) throws Exception {
        JobGraph graph = StreamingGraphs.of(dir, PatternDefinitions.shipped()).getJobGraph();

        Map<String, List<String>> detectorsByHead =
                graph.getVerticesSortedTopologicallyFromSources().stream()
                        .filter(v -> uids(v).stream().anyMatch(u -> u.startsWith("lanes-")))
                        .collect(
                                Collectors.toMap(
                                        v ->
                                                uids(v).stream()
                                                        .filter(u -> u.startsWith("lanes-"))
                                                        .findFirst()
                                                        .orElseThrow(),
                                        v ->
                                                uids(v).stream()
                                                        .filter(u -> !u.startsWith("lanes-"))
                                                        .sorted()
                                                        .toList()));

        assertThat(detectorsByHead)
                .containsOnlyKeys(
                        "lanes-of-built-in-detectors",
                        "lanes-of-event-detectors",
                        "lanes-norm-category-weight",
                        "lanes-empty-parcel.underweight");
        assertThat(detectorsByHead.get("lanes-of-built-in-detectors"))
                .hasSize(16)
                .contains(
                        "detector-brushing.shared-identity-ring",
                        "detector-empty-parcel.waybill-reuse",
                        "detector-malicious-review.extortion");
        assertThat(detectorsByHead.get("lanes-of-event-detectors"))
                .containsExactlyInAnyOrder(
                        BrushguardJob.UID_ORDER_CONCENTRATION,
                        BrushguardJob.UID_SIGNED_WITHOUT_TRANSIT,
                        BrushguardJob.UID_LOW_RATING_BURST,
                        "detector-malicious-review.unverified-low-rating-day");
        assertThat(detectorsByHead.get("lanes-norm-category-weight"))
                .containsExactly("norm-category-weight");
        assertThat(detectorsByHead.get("lanes-empty-parcel.underweight"))
                .containsExactly("detector-empty-parcel.underweight");
        // The engine's router is chained to the built-in detectors' input selection.
        assertThat(vertexOf(graph, BrushguardJob.UID_ENGINE_ROUTE))
                .containsExactly(BrushguardJob.UID_ENGINE_ROUTE, "select-built-in-detectors");
        // No detector runs anywhere else.
        assertThat(
                        graph.getVerticesSortedTopologicallyFromSources().stream()
                                .filter(
                                        v ->
                                                uids(v).stream()
                                                        .noneMatch(u -> u.startsWith("lanes-")))
                                .flatMap(v -> uids(v).stream())
                                .filter(u -> u.startsWith("detector-")))
                .isEmpty();
    }

    @Test
    void shouldStillFeedTheEngineWhenEveryDetectorOfTheCorrelatedEventsIsDisabled(@TempDir Path dir)
            throws Exception {
        Path patterns = Files.createDirectories(dir.resolve("patterns"));
        List<String> off =
                List.of(
                        "brushing.shared-identity-ring",
                        "brushing.new-account-fast-five-star",
                        "brushing.hired-brusher",
                        "brushing.payer-for-many-buyers",
                        "brushing.fast-confirm",
                        "brushing.cash-back-refund",
                        "brushing.duplicate-review-text",
                        "empty-parcel.signed-too-fast",
                        "empty-parcel.waybill-reuse",
                        "empty-parcel.courier-anomaly",
                        "empty-parcel.carrier-anomaly",
                        "malicious-review.low-rating-before-delivery",
                        "malicious-review.shared-device-low-ratings",
                        "malicious-review.competitor-spread",
                        "malicious-review.competitor-spread-device",
                        "malicious-review.extortion");
        for (String id : off) {
            Files.writeString(
                    patterns.resolve(id + ".yaml"),
                    PatternDefinitions.shippedText(id).replace("enabled: true", "enabled: false"));
        }
        JobGraph graph =
                StreamingGraphs.of(dir, PatternDefinitions.withOverrides(patterns)).getJobGraph();

        assertThat(vertexOf(graph, BrushguardJob.UID_ENGINE_ROUTE))
                .containsExactly(BrushguardJob.UID_ENGINE_ROUTE, "select-built-in-detectors");
        assertThat(
                        graph.getVerticesSortedTopologicallyFromSources().stream()
                                .flatMap(v -> uids(v).stream()))
                .doesNotContain("lanes-of-built-in-detectors")
                .noneMatch(u -> off.stream().anyMatch(id -> u.equals("detector-" + id)))
                .contains("lanes-of-event-detectors", "detector-empty-parcel.underweight");
    }

    @Test
    void shouldChainEveryInputSelectionToItsEventsWithoutLiveChanges() throws Exception {
        // As a backtest builds it: batch mode, no control input.
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        // With the docs' example patterns, so that the engine is in the graph too.
        BrushguardJob.build(
                env.fromData(List.of(new SourceRecord()), TypeInformation.of(SourceRecord.class)),
                PatternDefinitions.withOverrides(Path.of("../docs/examples/patterns")));
        JobGraph graph = env.getStreamGraph().getJobGraph();

        List<String> ofOrders = vertexOf(graph, BrushguardJob.UID_ORDER_TIMELINE);
        List<String> withoutOrder = vertexOf(graph, BrushguardJob.UID_ROUTE);
        assertThat(ofOrders)
                .contains(
                        "select-brushing.shared-identity-ring",
                        "select-malicious-review.extortion",
                        BrushguardJob.UID_ENGINE_ROUTE);
        assertThat(withoutOrder)
                .contains(
                        "select-brushing.shared-identity-ring-without-order",
                        "select-malicious-review.extortion-without-order",
                        BrushguardJob.UID_ENGINE_ROUTE + "-without-order");
        // No task runs input selections alone: every one is chained behind what makes its events.
        assertThat(
                        graph.getVerticesSortedTopologicallyFromSources().stream()
                                .map(LiveChainingTest::uids)
                                .filter(u -> !u.isEmpty())
                                .filter(u -> u.stream().allMatch(id -> id.startsWith("select-"))))
                .isEmpty();
    }
}
