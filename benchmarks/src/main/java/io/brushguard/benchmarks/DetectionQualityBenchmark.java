package io.brushguard.benchmarks;

import io.brushguard.jobs.backtest.Backtest;
import io.brushguard.jobs.backtest.QualityReport;
import io.brushguard.jobs.dataset.DatasetWriter;
import io.brushguard.jobs.generator.GeneratedData;
import io.brushguard.jobs.generator.GeneratorConfig;
import io.brushguard.jobs.generator.PlatformGenerator;
import io.brushguard.patterns.DetectionRules;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

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

    /** The held-out seed; detectors must not be tuned on it. */
    public static final long HELD_OUT_SEED = 20261122L;

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
            return result;
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
