package io.brushguard.jobs;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.definition.PatternDefinitions;

import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The streaming job's graph sends the alerts of shadow rules to their own topic, nowhere else. */
class ShadowWiringTest {

    @Test
    void shouldSendShadowAlertsOnlyToTheShadowAlertsTopic(@TempDir Path dir) throws Exception {
        String id = "empty-parcel.waybill-reuse";
        String text = PatternDefinitions.shippedText(id);
        Path patterns = Files.createDirectories(dir.resolve("patterns"));
        Files.writeString(
                patterns.resolve(id + ".yaml"),
                text.replace("enabled: true\n", "enabled: true\nshadow: true\n"));
        DetectionRules rules = PatternDefinitions.withOverrides(patterns);
        assertThat(rules.shadowRuleIds()).containsExactly(id);

        StreamGraph graph = StreamingGraphs.of(dir, rules);

        StreamNode split =
                graph.getStreamNodes().stream()
                        .filter(
                                n ->
                                        BrushguardJob.UID_SHADOW_SPLIT.equals(
                                                n.getTransformationUID()))
                        .findFirst()
                        .orElseThrow();
        List<StreamEdge> shadow =
                split.getOutEdges().stream()
                        .filter(e -> ShadowSplit.SHADOW_ALERTS.equals(e.getOutputTag()))
                        .toList();
        assertThat(shadow).hasSize(1);
        assertThat(graph.getStreamNode(shadow.get(0).getTargetId()).getOperatorName())
                .startsWith("kafka: shadow-alerts");
        // The live candidates go to the gate only, whose output feeds every other sink.
        assertThat(
                        split.getOutEdges().stream()
                                .filter(e -> e.getOutputTag() == null)
                                .map(
                                        e ->
                                                graph.getStreamNode(e.getTargetId())
                                                        .getTransformationUID())
                                .toList())
                .containsExactly(BrushguardJob.UID_GATE);
        assertThat(split.getOutEdges()).hasSize(2);
    }
}
