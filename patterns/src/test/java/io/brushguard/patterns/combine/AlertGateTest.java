package io.brushguard.patterns.combine;

import io.brushguard.avro.Direction;
import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.model.AlertKind;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.hours;
import static org.assertj.core.api.Assertions.assertThat;

class AlertGateTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, RiskAlert, RiskAlert> gate()
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new AlertGate(AlertGateRule.defaults()), AlertGate.key(), Types.STRING);
    }

    private static RiskAlert candidate(
            String rule, String shop, double score, long end, String... orders) {
        return AlertBuilder.forRule(
                        new RuleMeta(
                                rule, 1, AlertKind.BRUSHING, Direction.INFLATE, Severity.MEDIUM))
                .subject(EntityType.SHOP, shop)
                .window(end - hours(1), end)
                .orders(List.of(orders))
                .summary(rule + " saw something")
                .score(score)
                .build(0);
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, RiskAlert, RiskAlert> h,
            RiskAlert... alerts)
            throws Exception {
        for (RiskAlert a : alerts) {
            h.processElement(a, a.getWindowEnd().toEpochMilli());
        }
    }

    @Test
    void shouldPassAConclusiveCandidateUnchanged() throws Exception {
        var h = gate();
        RiskAlert strong = candidate("brushing.a", "s1", 0.9, T0, "o1");
        feed(h, strong);
        h.processWatermark(T0 + hours(1));
        assertThat(h.extractOutputValues()).containsExactly(strong);
    }

    @Test
    void shouldHoldALoneWeakSignalOutOfTheAlertFeed() throws Exception {
        var h = gate();
        feed(h, candidate("brushing.a", "s1", 0.6, T0, "o1"));
        h.processWatermark(T0 + hours(1));
        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(h.getSideOutput(AlertGate.SIGNALS))
                .extracting(StreamRecord::getValue)
                .hasSize(1);
    }

    @Test
    void shouldCombineWeakSignalsOfTwoRulesOnOneSubjectIntoOneAlert() throws Exception {
        var h = gate();
        feed(
                h,
                candidate("brushing.a", "s1", 0.6, T0, "o1"),
                candidate("brushing.b", "s1", 0.6, T0 + days(2), "o2"),
                candidate("brushing.c", "s1", 0.5, T0 + days(3), "o3"));
        h.processWatermark(T0 + days(4));

        List<RiskAlert> out = h.extractOutputValues();
        assertThat(out).hasSize(1);
        RiskAlert combined = out.get(0);
        assertThat(combined.getRuleId()).isEqualTo("combined.brushing");
        assertThat(combined.getKind()).isEqualTo("BRUSHING");
        assertThat(combined.getEntityId()).isEqualTo("s1");
        assertThat(combined.getScore()).isCloseTo(0.84, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(combined.getOrderIds()).containsExactly("o1", "o2");
        assertThat(combined.getEvidence().getTimeline()).hasSize(2);
        assertThat(combined.getWindowStart().toEpochMilli()).isEqualTo(T0 - hours(1));
    }

    @Test
    void shouldNotCombineSignalsOfOneRuleAlone() throws Exception {
        var h = gate();
        feed(
                h,
                candidate("brushing.a", "s1", 0.7, T0, "o1"),
                candidate("brushing.a", "s1", 0.7, T0 + hours(5), "o2"),
                candidate("brushing.a", "s1", 0.7, T0 + hours(9), "o3"));
        h.processWatermark(T0 + days(1));
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNotCombineSignalsOnDifferentSubjects() throws Exception {
        var h = gate();
        feed(
                h,
                candidate("brushing.a", "s1", 0.7, T0, "o1"),
                candidate("brushing.b", "s2", 0.7, T0, "o2"));
        h.processWatermark(T0 + days(1));
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNotCombineSignalsFurtherApartThanTheWindow() throws Exception {
        var h = gate();
        feed(
                h,
                candidate("brushing.a", "s1", 0.7, T0, "o1"),
                candidate("brushing.b", "s1", 0.7, T0 + days(8), "o2"));
        h.processWatermark(T0 + days(9));
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldForgetSignalsOnceTheWindowHasPassed() throws Exception {
        var h = gate();
        feed(
                h,
                candidate("brushing.a", "s1", 0.6, T0, "o1"),
                candidate("brushing.b", "s1", 0.7, T0, "o2"));
        h.processWatermark(T0 + days(10));
        assertThat(h.extractOutputValues()).hasSize(1);
        assertThat(h.numKeyedStateEntries()).isZero();
    }
}
