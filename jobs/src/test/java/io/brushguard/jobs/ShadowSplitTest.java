package io.brushguard.jobs;

import io.brushguard.avro.Direction;
import io.brushguard.avro.EntityType;
import io.brushguard.avro.Evidence;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.Severity;

import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

public class ShadowSplitTest {

    @Test
    void shouldPassLiveCandidatesAndSetShadowOnesAsideByScore() throws Exception {
        OneInputStreamOperatorTestHarness<RiskAlert, RiskAlert> h =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new ShadowSplit(Set.of("empty-parcel.waybill-reuse"), 0.8));

        h.processElement(candidate("live-strong", "brushing.fast-confirm", 0.9), 1);
        h.processElement(candidate("live-weak", "brushing.fast-confirm", 0.5), 2);
        h.processElement(candidate("shadow-strong", "empty-parcel.waybill-reuse", 0.8), 3);
        h.processElement(candidate("shadow-weak", "empty-parcel.waybill-reuse", 0.3), 4);

        assertThat(h.extractOutputValues())
                .extracting(RiskAlert::getAlertId)
                .containsExactly("live-strong", "live-weak");
        assertThat(ids(h.getSideOutput(ShadowSplit.SHADOW_ALERTS)))
                .containsExactly("shadow-strong");
        assertThat(ids(h.getSideOutput(ShadowSplit.SHADOW_SIGNALS))).containsExactly("shadow-weak");
    }

    @Test
    void shouldPassEveryCandidateWhenNoRuleIsInShadowMode() throws Exception {
        OneInputStreamOperatorTestHarness<RiskAlert, RiskAlert> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new ShadowSplit(Set.of(), 0.8));

        h.processElement(candidate("a", "empty-parcel.waybill-reuse", 0.9), 1);
        h.processElement(candidate("b", "brushing.fast-confirm", 0.1), 2);

        assertThat(h.extractOutputValues())
                .extracting(RiskAlert::getAlertId)
                .containsExactly("a", "b");
        assertThat(h.getSideOutput(ShadowSplit.SHADOW_ALERTS)).isNullOrEmpty();
        assertThat(h.getSideOutput(ShadowSplit.SHADOW_SIGNALS)).isNullOrEmpty();
    }

    private static List<String> ids(
            ConcurrentLinkedQueue<
                            org.apache.flink.streaming.runtime.streamrecord.StreamRecord<RiskAlert>>
                    records) {
        return records.stream().map(r -> r.getValue().getAlertId()).toList();
    }

    public static RiskAlert candidate(String id, String ruleId, double score) {
        return RiskAlert.newBuilder()
                .setAlertId(id)
                .setKind("EMPTY_PARCEL")
                .setDirection(Direction.INFLATE)
                .setRuleId(ruleId)
                .setRuleVersion(1)
                .setSeverity(Severity.HIGH)
                .setEntityType(EntityType.SHOP)
                .setEntityId("s1")
                .setWindowStart(Instant.ofEpochMilli(1_000))
                .setWindowEnd(Instant.ofEpochMilli(2_000))
                .setOrderIds(List.of("o1", "o2"))
                .setEvidence(
                        new Evidence(
                                "summary", new LinkedHashMap<>(), List.of(), new LinkedHashMap<>()))
                .setScore(score)
                .setDetectedAt(Instant.ofEpochMilli(3_000))
                .build();
    }
}
