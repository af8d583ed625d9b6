package io.brushguard.jobs.backtest;

import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.quality.Episode;
import io.brushguard.patterns.quality.LabelScorer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The alerts of two backtests of one data set, a baseline and a candidate pattern set, side by
 * side: per rule how many each raised, which the candidate gained and which it lost.
 *
 * <p>Alerts are matched by {@link Key}: rule id, subject, window start and order ids, not by alert
 * id, because the alert id hashes the rule's version, which a changed definition raises.
 */
public final class BacktestDiff {

    /** What makes two alerts of two runs the same alert. */
    public record Key(
            String ruleId,
            String entityType,
            String entityId,
            Instant windowStart,
            List<String> orderIds) {

        public static Key of(RiskAlert a) {
            List<String> orders = new ArrayList<>();
            a.getOrderIds().forEach(o -> orders.add(o.toString()));
            orders.sort(null);
            return new Key(
                    a.getRuleId(),
                    a.getEntityType().name(),
                    a.getEntityId(),
                    a.getWindowStart(),
                    List.copyOf(orders));
        }
    }

    /** One rule's counts: alerts of the baseline, of the candidate, gained and lost. */
    public record RuleRow(String ruleId, int baseline, int candidate, int gained, int lost) {}

    /**
     * The comparison: a row per rule that alerted in either run, and the alerts gained (in the
     * candidate, not the baseline) and lost (in the baseline, not the candidate), in time order.
     */
    public record Diff(List<RuleRow> rules, List<RiskAlert> gained, List<RiskAlert> lost) {}

    private BacktestDiff() {}

    public static Diff of(List<RiskAlert> baseline, List<RiskAlert> candidate) {
        Map<Key, List<RiskAlert>> a = byKey(baseline);
        Map<Key, List<RiskAlert>> b = byKey(candidate);
        List<RiskAlert> gained = new ArrayList<>();
        List<RiskAlert> lost = new ArrayList<>();
        // The same key twice in one run is two alerts: only the surplus of one side differs.
        for (Map.Entry<Key, List<RiskAlert>> e : b.entrySet()) {
            List<RiskAlert> inA = a.getOrDefault(e.getKey(), List.of());
            gained.addAll(
                    e.getValue()
                            .subList(
                                    Math.min(inA.size(), e.getValue().size()),
                                    e.getValue().size()));
        }
        for (Map.Entry<Key, List<RiskAlert>> e : a.entrySet()) {
            List<RiskAlert> inB = b.getOrDefault(e.getKey(), List.of());
            lost.addAll(
                    e.getValue()
                            .subList(
                                    Math.min(inB.size(), e.getValue().size()),
                                    e.getValue().size()));
        }
        gained.sort(Backtest.ORDER);
        lost.sort(Backtest.ORDER);
        TreeSet<String> ruleIds = new TreeSet<>();
        baseline.forEach(x -> ruleIds.add(x.getRuleId()));
        candidate.forEach(x -> ruleIds.add(x.getRuleId()));
        List<RuleRow> rows = new ArrayList<>();
        for (String rule : ruleIds) {
            rows.add(
                    new RuleRow(
                            rule,
                            count(baseline, rule),
                            count(candidate, rule),
                            count(gained, rule),
                            count(lost, rule)));
        }
        return new Diff(rows, gained, lost);
    }

    /**
     * The table per rule and the first {@code limit} gained and lost alerts. With {@code episodes}
     * (null when there are no labels), TP, FP, precision and recall of each side per rule, as
     * {@code baseline/candidate}.
     */
    public static String render(
            Diff diff,
            Collection<RiskAlert> baseline,
            Collection<RiskAlert> candidate,
            Collection<Episode> episodes,
            int limit) {
        StringBuilder sb = new StringBuilder();
        Map<String, LabelScorer.Score> qa =
                episodes == null ? Map.of() : LabelScorer.byRule(baseline, episodes);
        Map<String, LabelScorer.Score> qb =
                episodes == null ? Map.of() : LabelScorer.byRule(candidate, episodes);
        sb.append(
                String.format(
                        "%nAlerts per rule, baseline -> candidate%s%n",
                        episodes == null
                                ? ""
                                : " (TP, FP, precision, recall as baseline/candidate, against "
                                        + episodes.size()
                                        + " labelled episodes)"));
        String format = "%-46s %8s %9s %6s %5s";
        String labelled = " %9s %9s %13s %13s";
        sb.append(String.format(format, "rule", "baseline", "candidate", "gained", "lost"));
        if (episodes != null) {
            sb.append(String.format(labelled, "TP", "FP", "precision", "recall"));
        }
        sb.append(String.format("%n"));
        for (RuleRow r : diff.rules()) {
            sb.append(
                    String.format(
                            format,
                            r.ruleId(),
                            r.baseline(),
                            r.candidate(),
                            "+" + r.gained(),
                            "-" + r.lost()));
            if (episodes != null) {
                LabelScorer.Score a =
                        qa.getOrDefault(r.ruleId(), new LabelScorer.Score(0, 0, 0, 0));
                LabelScorer.Score b =
                        qb.getOrDefault(r.ruleId(), new LabelScorer.Score(0, 0, 0, 0));
                sb.append(
                        String.format(
                                labelled,
                                a.truePositives() + "/" + b.truePositives(),
                                a.falsePositives() + "/" + b.falsePositives(),
                                String.format("%.3f/%.3f", a.precision(), b.precision()),
                                String.format("%.3f/%.3f", a.recall(), b.recall())));
            }
            sb.append(String.format("%n"));
        }
        list(sb, "gained", diff.gained(), limit);
        list(sb, "lost", diff.lost(), limit);
        return sb.toString();
    }

    private static void list(StringBuilder sb, String what, List<RiskAlert> alerts, int limit) {
        sb.append(
                String.format(
                        "%n%d alerts %s%s%n",
                        alerts.size(),
                        what,
                        alerts.size() > limit ? " (first " + limit + ")" : ""));
        for (RiskAlert a : alerts.subList(0, Math.min(limit, alerts.size()))) {
            sb.append(
                    String.format(
                            "  %s %s %s:%s %s..%s v%d %s%n",
                            "gained".equals(what) ? "+" : "-",
                            a.getRuleId(),
                            a.getEntityType(),
                            a.getEntityId(),
                            a.getWindowStart(),
                            a.getWindowEnd(),
                            a.getRuleVersion(),
                            a.getAlertId()));
        }
    }

    /**
     * Writes every gained and lost alert, one JSON object a line: {@code change} ({@code gained} or
     * {@code lost}), alert id, rule id and version, subject, window, order ids, score.
     */
    public static void write(Path file, Diff diff) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, List<RiskAlert>> e :
                    Map.of("gained", diff.gained(), "lost", diff.lost()).entrySet().stream()
                            .sorted(Map.Entry.comparingByKey())
                            .toList()) {
                for (RiskAlert a : e.getValue()) {
                    ObjectNode line = json.createObjectNode();
                    line.put("change", e.getKey());
                    line.put("alert_id", a.getAlertId());
                    line.put("rule_id", a.getRuleId());
                    line.put("rule_version", a.getRuleVersion());
                    line.put("kind", a.getKind());
                    line.put("entity_type", a.getEntityType().name());
                    line.put("entity_id", a.getEntityId());
                    line.put("window_start", a.getWindowStart().toString());
                    line.put("window_end", a.getWindowEnd().toString());
                    var orders = line.putArray("order_ids");
                    a.getOrderIds().forEach(o -> orders.add(o.toString()));
                    line.put("score", a.getScore());
                    w.write(json.writeValueAsString(line));
                    w.newLine();
                }
            }
        }
    }

    private static Map<Key, List<RiskAlert>> byKey(List<RiskAlert> alerts) {
        Map<Key, List<RiskAlert>> map = new LinkedHashMap<>();
        for (RiskAlert a : alerts) {
            map.computeIfAbsent(Key.of(a), k -> new ArrayList<>()).add(a);
        }
        return map;
    }

    private static int count(List<RiskAlert> alerts, String ruleId) {
        int n = 0;
        for (RiskAlert a : alerts) {
            if (a.getRuleId().equals(ruleId)) {
                n++;
            }
        }
        return n;
    }
}
