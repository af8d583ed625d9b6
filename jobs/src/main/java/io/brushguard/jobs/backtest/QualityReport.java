package io.brushguard.jobs.backtest;

import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.quality.Episode;
import io.brushguard.patterns.quality.LabelScorer;

import java.util.Collection;
import java.util.Map;

/** The precision/recall table printed by backtests, the demo and the quality benchmark. */
public final class QualityReport {

    private QualityReport() {}

    public static String render(Collection<RiskAlert> alerts, Collection<Episode> episodes) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        "%nDetection quality against %d labelled episodes%n", episodes.size()));
        sb.append(table("kind", LabelScorer.byKind(alerts, episodes)));
        sb.append(table("rule", LabelScorer.byRule(alerts, episodes)));
        LabelScorer.Score all = LabelScorer.score(alerts, episodes);
        sb.append(
                String.format(
                        "overall: %d alerts, precision %.3f, recall %.3f%n",
                        all.alerts(), all.precision(), all.recall()));
        return sb.toString();
    }

    /**
     * The per-rule table of the alerts of rules in shadow mode, apart from the live ones: they
     * never made a live alert, so they are in none of the live rows.
     */
    public static String renderShadow(
            Collection<RiskAlert> shadowAlerts, Collection<Episode> episodes) {
        return String.format("%nshadow rules (alerts not published)%n")
                + table("shadow rule", LabelScorer.byRule(shadowAlerts, episodes));
    }

    private static String table(String what, Map<String, LabelScorer.Score> rows) {
        StringBuilder sb = new StringBuilder();
        String format = "%-46s %7s %5s %5s %9s %9s %10s%n";
        sb.append(
                String.format(
                        format, what, "alerts", "TP", "FP", "episodes", "precision", "recall"));
        rows.forEach(
                (name, s) ->
                        sb.append(
                                String.format(
                                        "%-46s %7d %5d %5d %9s %9.3f %10s%n",
                                        name,
                                        s.alerts(),
                                        s.truePositives(),
                                        s.falsePositives(),
                                        s.episodesFound() + "/" + s.episodes(),
                                        s.precision(),
                                        String.format("%.3f", s.recall()))));
        return sb.toString();
    }
}
