package io.brushguard.jobs;

import io.brushguard.avro.RiskAlert;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.Set;
import java.util.TreeSet;

/**
 * Splits the detectors' candidates by their rule's {@code shadow} flag, before the gate. Candidates
 * of live rules go on, to the gate. Those of shadow rules never reach the gate: the ones scoring at
 * least the gate's pass score (the alerts the rule would raise on its own, with the same ids) go to
 * {@link #SHADOW_ALERTS}, the weaker ones to {@link #SHADOW_SIGNALS}. Stateless.
 */
public class ShadowSplit extends ProcessFunction<RiskAlert, RiskAlert> {

    /** Conclusive candidates of shadow rules: what they would alert, published nowhere live. */
    public static final OutputTag<RiskAlert> SHADOW_ALERTS = new OutputTag<>("shadow-alerts") {};

    /** Weak candidates of shadow rules, for analysis. */
    public static final OutputTag<RiskAlert> SHADOW_SIGNALS = new OutputTag<>("shadow-signals") {};

    private final TreeSet<String> shadowRuleIds;
    private final double passScore;

    public ShadowSplit(Set<String> shadowRuleIds, double passScore) {
        this.shadowRuleIds = new TreeSet<>(shadowRuleIds);
        this.passScore = passScore;
    }

    @Override
    public void processElement(RiskAlert candidate, Context ctx, Collector<RiskAlert> out) {
        if (!shadowRuleIds.contains(candidate.getRuleId())) {
            out.collect(candidate);
        } else if (candidate.getScore() >= passScore) {
            ctx.output(SHADOW_ALERTS, candidate);
        } else {
            ctx.output(SHADOW_SIGNALS, candidate);
        }
    }
}
