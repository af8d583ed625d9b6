package io.brushguard.benchmarks;

import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.backtest.Backtest;
import io.brushguard.jobs.backtest.QualityReport;
import io.brushguard.jobs.dataset.DatasetWriter;
import io.brushguard.jobs.generator.GeneratedData;
import io.brushguard.jobs.generator.GeneratorConfig;
import io.brushguard.jobs.generator.PlatformGenerator;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.quality.Episode;
import io.brushguard.patterns.quality.LabelScorer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Workload: detection quality. Generates a synthetic platform with labelled fraud episodes from a
 * seed that detectors were not tuned on, runs the shipped pattern definitions over it with the
 * backtest (the streaming job's own graph, batch mode), and prints precision and recall per kind
 * and per rule, scored with the rule of spec/events.md.
 *
 * <p>It exercises: the generator's background traffic (false positives) and episodes (recall),
 * every detector, and the scorer. It says nothing about data written by others: the generator is
 * ours, so a perfect score here is a floor, not a proof.
 *
 * <p>Modes: {@code full} (default), the demo-sized platform of 2 days; {@code quick}, one small day
 * that only checks the workload runs.
 */
public final class DetectionQualityBenchmark {

    /** The episodes no alert found, and the alerts that match no episode: where to look next. */
    static String misses(GeneratedData data, List<RiskAlert> alerts, List<RiskAlert> signals) {
        StringBuilder sb =
                new StringBuilder(
                        String.format(
                                "%nMissed episodes (with the weak signals that matched them)%n"));
        for (Episode e : data.labels()) {
            if (alerts.stream().noneMatch(a -> LabelScorer.matches(a, e))) {
                sb.append(
                        String.format(
                                "  %-40s %s %s%n", e.episodeId(), e.entityType(), e.entityId()));
                for (RiskAlert s : signals) {
                    if (LabelScorer.matches(s, e)) {
                        sb.append(
                                String.format(
                                        "      signal %-42s %.2f %s %s%n",
                                        s.getRuleId(),
                                        s.getScore(),
                                        s.getEntityType(),
                                        s.getEntityId()));
                    }
                }
            }
        }
        sb.append(String.format("False positives%n"));
        for (RiskAlert a : alerts) {
            if (data.labels().stream().noneMatch(e -> LabelScorer.matches(a, e))) {
                sb.append(
                        String.format(
                                "  %-46s %s %s: %s%n",
                                a.getRuleId(),
                                a.getEntityType(),
                                a.getEntityId(),
                                a.getEvidence().getSummary()));
            }
        }
        return sb.toString();
    }

    /** Alerts that touch a hard negative (its entity as subject, or one of its orders). */
    static String hardNegatives(GeneratedData data, List<RiskAlert> alerts) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format("%nHard negatives (honest look-alikes; no alert may touch them)%n"));
        sb.append(
                String.format(
                        "%-22s %-17s %-8s %-18s %s%n",
                        "id", "resembles", "entity", "alerts touching", "rules"));
        int touched = 0;
        for (GeneratedData.HardNegative hn : data.hardNegatives()) {
            Set<String> rules = new TreeSet<>();
            int n = 0;
            for (RiskAlert a : alerts) {
                if (hn.touchedBy(a.getEntityId(), a.getOrderIds())) {
                    n++;
                    rules.add(a.getRuleId());
                }
            }
            touched += n;
            sb.append(
                    String.format(
                            "%-22s %-17s %-8s %-18d %s%n",
                            hn.id(), hn.resembles(), hn.entityType(), n, String.join(", ", rules)));
        }
        sb.append(String.format("alerts touching hard negatives: %d%n", touched));
        return sb.toString();
    }

    /**
     * The held-out seed; detectors must not be tuned on it. Seeds already used for tuning (so no
     * longer evidence): 20261122, 4242, 31337, 777, 90210, 2718.
     */
    public static final long HELD_OUT_SEED = 11L;

    private DetectionQualityBenchmark() {}

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("quick");
        long seed = args.length > 1 ? Long.parseLong(args[1]) : HELD_OUT_SEED;
        run(quick, seed, System.out);
    }

    /** Runs the workload and prints the table; returns the backtest result. */
    public static Backtest.Result run(boolean quick, long seed, PrintStream out) throws Exception {
        GeneratorConfig config = GeneratorConfig.defaults().withSeed(seed);
        if (quick) {
            config =
                    config.withDays(1)
                            .withShops(200)
                            .withBuyers(3_000)
                            .withOrdersPerDay(2_000)
                            .withEpisodesPerKind(3);
        }
        long t0 = System.nanoTime();
        GeneratedData data = PlatformGenerator.generate(config);
        Path dir = Files.createTempDirectory("brushguard-quality-");
        try {
            data.writeTo(dir, DatasetWriter.Format.AVRO);
            long t1 = System.nanoTime();
            Backtest.Result result = Backtest.run(dir, DetectionRules.defaults(), 2);
            long t2 = System.nanoTime();
            out.printf(
                    "brushguard detection-quality benchmark (%s mode), %s%n",
                    quick ? "quick" : "full", Instant.now());
            out.println(Machine.describe());
            out.printf("workload: %s, seed %d%n", data.summary(), seed);
            out.printf(
                    "generate+write %.1f s, backtest %.1f s, dead letters %d%n",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, result.deadLetters().size());
            out.print(QualityReport.render(result.alerts(), data.labels()));
            out.print(hardNegatives(data, result.alerts()));
            out.print(misses(data, result.alerts(), result.signals()));
            return result;
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
