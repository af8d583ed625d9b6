package io.brushguard.patterns.combine;

import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.EventTimeOrderedFunction;
import io.brushguard.patterns.common.Incident;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.common.Timers;
import io.brushguard.patterns.model.AlertKind;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The last step of detection, keyed by (kind, subject): passes conclusive candidates through, and
 * turns several weak signals from different rules on one subject into one combined alert.
 *
 * <p>Why: fraud rings stay just under any single threshold (camouflage). Raising thresholds loses
 * them; lowering them floods analysts. Several independent weak signals on one subject are far
 * stronger evidence than any one of them, so they are combined here, with the signals that made the
 * alert named in its evidence. Weak candidates that do not combine go to the {@link #SIGNALS} side
 * output for analysis, never to the alert feed.
 */
public class AlertGate extends EventTimeOrderedFunction<String, RiskAlert, RiskAlert> {

    /** Weak candidates, for analysis; not alerts. */
    public static final OutputTag<RiskAlert> SIGNALS = new OutputTag<>("weak-signals") {};

    private static final long CLEANUP_GRANULARITY_MS = 3_600_000L;

    private final AlertGateRule rule;
    private transient ValueState<List<Signal>> signals;
    private transient ValueState<Long> combinedUntil;

    public AlertGate(AlertGateRule rule) {
        super(TypeInformation.of(RiskAlert.class));
        this.rule = rule;
    }

    /** The gate's key: kind and subject. */
    public static KeySelector<RiskAlert, String> key() {
        return a -> a.getKind() + "|" + a.getEntityType() + "|" + a.getEntityId();
    }

    /** The rule id of combined alerts of a kind, e.g. {@code combined.brushing}. */
    public static String combinedRuleId(String kind) {
        return "combined." + kind.toLowerCase().replace('_', '-');
    }

    @Override
    protected void openState() {
        signals =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "weak-signals",
                                        new ListTypeInfo<>(TypeInformation.of(Signal.class))));
        combinedUntil =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("combined-until", Types.LONG));
    }

    @Override
    protected long eventTime(RiskAlert value) {
        return value.getWindowEnd().toEpochMilli();
    }

    @Override
    protected void onEvents(
            long ts, List<RiskAlert> candidates, Context ctx, Collector<RiskAlert> out)
            throws Exception {
        List<Signal> held = null;
        RiskAlert sample = null;
        for (RiskAlert c : candidates) {
            if (c.getScore() >= rule.passScore()) {
                out.collect(c);
                continue;
            }
            ctx.output(SIGNALS, c);
            if (held == null) {
                held = signals.value();
                if (held == null) {
                    held = new ArrayList<>();
                }
            }
            held.add(toSignal(c));
            sample = c;
        }
        if (held == null) {
            return;
        }
        long windowMs = rule.window().toMillis();
        held.removeIf(s -> s.windowEnd < ts - windowMs);
        signals.update(held);
        ctx.timerService()
                .registerEventTimeTimer(Timers.coalesce(ts + windowMs + 1, CLEANUP_GRANULARITY_MS));

        Map<String, Double> bestByRule = new TreeMap<>();
        for (Signal s : held) {
            bestByRule.merge(s.ruleId, s.score, Math::max);
        }
        double miss = 1.0;
        for (double score : bestByRule.values()) {
            miss *= 1.0 - score;
        }
        double combined = 1.0 - miss;
        if (bestByRule.size() < rule.minRules() || combined < rule.passScore()) {
            return;
        }
        if (!Incident.crossed(combinedUntil, ts, windowMs)) {
            return;
        }
        out.collect(
                combine(
                        sample,
                        held,
                        bestByRule,
                        combined,
                        ts,
                        ctx.timerService().currentProcessingTime()));
    }

    private static Signal toSignal(RiskAlert c) {
        Signal s = new Signal();
        s.alertId = c.getAlertId();
        s.ruleId = c.getRuleId();
        s.ruleVersion = c.getRuleVersion();
        s.score = c.getScore();
        s.windowStart = c.getWindowStart().toEpochMilli();
        s.windowEnd = c.getWindowEnd().toEpochMilli();
        s.summary = c.getEvidence().getSummary();
        s.orderIds = new ArrayList<>(c.getOrderIds());
        // Only what the kept summary names: the rest of the candidate's evidence is not kept.
        Map<String, String> named = c.getEvidence().getIdentifiers();
        if (named != null) {
            named.forEach(
                    (value, type) -> {
                        if (s.summary.contains(value)) {
                            s.identifiers.put(value, type);
                        }
                    });
        }
        return s;
    }

    private RiskAlert combine(
            RiskAlert sample,
            List<Signal> held,
            Map<String, Double> bestByRule,
            double combined,
            long ts,
            long now) {
        String kind = sample.getKind();
        RuleMeta meta =
                new RuleMeta(
                        combinedRuleId(kind),
                        1,
                        AlertKind.valueOf(kind),
                        sample.getDirection(),
                        combined >= 0.9 ? Severity.HIGH : Severity.MEDIUM);
        long start = Long.MAX_VALUE;
        TreeSet<String> orders = new TreeSet<>();
        List<String> alertIds = new ArrayList<>();
        AlertBuilder alert =
                AlertBuilder.forRule(meta).subject(sample.getEntityType(), sample.getEntityId());
        for (Signal s : held) {
            start = Math.min(start, s.windowStart);
            orders.addAll(s.orderIds);
            alertIds.add(s.alertId);
            alert.timeline(
                    s.windowEnd,
                    "signals",
                    null,
                    s.ruleId
                            + " v"
                            + s.ruleVersion
                            + " (score "
                            + String.format("%.2f", s.score)
                            + "): "
                            + s.summary,
                    s.identifiers);
        }
        StringBuilder rules = new StringBuilder();
        bestByRule.forEach(
                (r, score) ->
                        rules.append(rules.length() == 0 ? "" : ", ")
                                .append(r)
                                .append(String.format(" %.2f", score)));
        return alert.window(start, ts)
                .orders(orders)
                .summary(
                        String.format(
                                "%s %s: %d weak signals from %d rules within %s combine to %.2f"
                                        + " (threshold %.2f): %s",
                                sample.getEntityType(),
                                sample.getEntityId(),
                                held.size(),
                                bestByRule.size(),
                                rule.window(),
                                combined,
                                rule.passScore(),
                                rules))
                .fact("signals", held.size())
                .fact("rules", bestByRule.size())
                .fact("combined_score", String.format("%.3f", combined))
                // Sorted: signals of one moment arrive in any order, the evidence must not vary.
                .fact("signal_alert_ids", String.join(",", new TreeSet<>(alertIds)))
                .score(combined)
                .build(now);
    }

    @Override
    protected void onTimerAfterEvents(long ts, OnTimerContext ctx, Collector<RiskAlert> out)
            throws Exception {
        if (!Timers.isCleanupTime(ts, CLEANUP_GRANULARITY_MS)) {
            return;
        }
        List<Signal> held = signals.value();
        if (held == null) {
            return;
        }
        held.removeIf(s -> s.windowEnd < ts - rule.window().toMillis());
        if (held.isEmpty()) {
            signals.clear();
            Long until = combinedUntil.value();
            if (until != null && until < ts) {
                combinedUntil.clear();
            }
        } else {
            signals.update(held);
        }
    }
}
