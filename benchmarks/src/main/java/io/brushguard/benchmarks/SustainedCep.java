package io.brushguard.benchmarks;

import io.brushguard.benchmarks.ThroughputBenchmark.Replay;
import io.brushguard.benchmarks.ThroughputBenchmark.Run;
import io.brushguard.benchmarks.families.CepFamilies;
import io.brushguard.benchmarks.families.FamilyCounts;
import io.brushguard.patterns.DetectionRules;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Mode {@code cep-rocksdb} of the throughput workload: stock Flink CEP's sustained rate on RocksDB,
 * next to brushguard's with the same three rules, in one run.
 *
 * <p>The full table runs CEP on RocksDB over a prefix of the events only (a few thousand events/s
 * would take minutes for all of them), from the start of the stream, when it holds little state: it
 * could be a burst that the rest of the stream does not keep up. Here CEP runs over all events of
 * the same workload (RocksDB, incremental checkpoints every 10 s, as in the full table) until they
 * end or its time budget does, and the events its replay has emitted are sampled at a fixed
 * interval, so the rate of every stretch of the stream shows, not only the average. brushguard's
 * row is the full table's {@code brushguard RocksDB, 3 core rules only}: the job's settings, the
 * median of three runs (one in quick mode) after {@link #WARM_UP_RUNS} untimed ones.
 *
 * <p>A sample counts the events the replay emitted, so it runs ahead of CEP by what the network
 * buffers between them hold (a few thousand events at most); over a budget of minutes that is lost
 * in the count. When the budget ends first, CEP's detections are not compared here: the full table
 * compares them on its prefix.
 */
final class SustainedCep {

    private SustainedCep() {}

    /** Samples of CEP's progress: every 10 s in full mode, every second in quick mode. */
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);

    static final Duration QUICK_SAMPLE_EVERY = Duration.ofSeconds(1);

    /**
     * Untimed runs of brushguard's row over all events before its timed ones, full mode. In a fresh
     * JVM its runs over all events took 22.6, 13.3, 15.2, 10.0, 10.7, 9.9, 9.8, 10.3 s one after
     * the other: the JIT needs about three to compile what it keeps. The full table's row comes
     * after twenty-odd runs of other rows and needs none of its own.
     */
    static final int WARM_UP_RUNS = 3;

    static final String RUN_CEP_ROCKSDB_ALL = "throughput: flink CEP RocksDB, all events";

    /**
     * Runs brushguard's 3-rule RocksDB row, then CEP on RocksDB over all events for at most {@code
     * seconds}, and prints both with the ratio.
     */
    static void run(int seconds, boolean quick, PrintStream out) throws Exception {
        if (seconds < 1) {
            throw new IllegalArgumentException("seconds must be >= 1, got " + seconds);
        }
        int copies = quick ? 1 : 4;
        int runs = quick ? 1 : 3;
        Duration every = quick ? QUICK_SAMPLE_EVERY : SAMPLE_EVERY;
        int perCopy = ThroughputBenchmark.eventsPerCopy(quick);
        long total = (long) perCopy * copies;
        out.printf(
                "brushguard throughput benchmark (cep-rocksdb mode%s), %s%n",
                quick ? ", quick" : "", Instant.now());
        out.println(Machine.describe());
        out.printf(
                "workload: %,d events (%d copies of %,d), parallelism 2, RocksDB with incremental"
                        + " checkpoints every 10 s; flink CEP (3 families) over all events for at"
                        + " most %d s, its progress sampled every %d s; brushguard with the 3 core"
                        + " rules only, the median of %d run%s after %d untimed%n",
                total,
                copies,
                perCopy,
                seconds,
                every.toSeconds(),
                runs,
                runs == 1 ? "" : "s",
                quick ? 0 : WARM_UP_RUNS);
        out.println(ThroughputBenchmark.idleWriteBackLine());
        DetectionRules core = CepFamilies.coreRulesOnly();
        ThroughputBenchmark.Graph coreRules =
                (env, events) ->
                        ThroughputBenchmark.discard(
                                ThroughputBenchmark.brushguard(env, events, true, core));
        for (int i = 0; i < (quick ? 0 : WARM_UP_RUNS); i++) {
            // Untimed: the JIT compiles the detectors and RocksDB's native paths before the timed
            // runs, as the full table's rows before this one do.
            ThroughputBenchmark.measure(
                    "warm-up, not counted (rocksdb)",
                    false,
                    copies,
                    total,
                    "rocksdb",
                    true,
                    coreRules,
                    null,
                    out);
        }
        ThroughputBenchmark.Repeats repeats =
                new ThroughputBenchmark.Repeats(runs, quick, copies, out);
        Run brushguard =
                repeats.row(
                        null,
                        "brushguard, RocksDB, 3 core rules only",
                        total,
                        "rocksdb",
                        true,
                        coreRules,
                        null);
        DetectionRules rules = DetectionRules.defaults();
        List<Double> rates = new ArrayList<>();
        // Before the sampler starts: it must not read the counts of brushguard's last run.
        Replay.EMITTED.set(0);
        Replay.FIRST_EMITTED_AT.set(0);
        Thread sampler = sampler(every, rates);
        sampler.start();
        Run cep;
        try {
            cep =
                    ThroughputBenchmark.measure(
                            "flink CEP (3 families), RocksDB, all events",
                            quick,
                            copies,
                            total,
                            "rocksdb",
                            false,
                            (env, events) ->
                                    FamilyCounts.record(
                                            CepFamilies.attach(events, rules), RUN_CEP_ROCKSDB_ALL),
                            Duration.ofSeconds(seconds),
                            out);
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        out.println();
        print(out, brushguard, cep, rates, every);
    }

    /** Prints the two rows, CEP's samples and the ratios. */
    static void print(
            PrintStream out, Run brushguard, Run cep, List<Double> rates, Duration every) {
        out.printf("%-42s %-30s %9s %12s%n", "contender", "events", "seconds", "events/s");
        row(out, "brushguard, RocksDB, 3 core rules only", brushguard);
        row(out, "flink CEP (3 families), RocksDB", cep);
        double b = brushguard.perSecond();
        double c = cep.perSecond();
        if (rates.isEmpty()) {
            out.printf(
                    "CEP's rate every %d s: no sample (CEP ended within the first)%n",
                    every.toSeconds());
        } else {
            List<Double> sorted = new ArrayList<>(rates);
            sorted.sort(Double::compare);
            double fastest = sorted.get(sorted.size() - 1);
            out.printf(
                    "CEP's rate every %d s (%d samples): min %,.0f, median %,.0f, max %,.0f"
                            + " events/s; first %,.0f, last %,.0f%n",
                    every.toSeconds(),
                    rates.size(),
                    sorted.get(0),
                    Median.run(rates, Comparator.reverseOrder()),
                    fastest,
                    rates.get(0),
                    rates.get(rates.size() - 1));
            out.printf(
                    "brushguard ÷ CEP on RocksDB: %s over CEP's whole run, %s against CEP's"
                            + " fastest %d s%n",
                    ratio(b, c), ratio(b, fastest), every.toSeconds());
            return;
        }
        out.printf("brushguard ÷ CEP on RocksDB: %s over CEP's whole run%n", ratio(b, c));
    }

    private static void row(PrintStream out, String name, Run r) {
        String events =
                r.finished()
                        ? String.format("%,d", r.events())
                        : String.format("partial (%,d of %,d)", r.events(), r.of());
        out.printf("%-42s %-30s %9.1f %,12.0f%n", name, events, r.seconds(), r.perSecond());
    }

    private static String ratio(double a, double b) {
        return b > 0 ? String.format("%.1f ×", a / b) : "n/a (no events)";
    }

    /** A daemon that adds, every {@code every}, the events/s the replay emitted since the last. */
    private static Thread sampler(Duration every, List<Double> rates) {
        Thread t =
                new Thread(
                        () -> {
                            long lastCount = 0;
                            long lastAt = 0;
                            while (true) {
                                try {
                                    Thread.sleep(every.toMillis());
                                } catch (InterruptedException e) {
                                    return;
                                }
                                long count = Replay.EMITTED.get();
                                long at = System.nanoTime();
                                if (Replay.FIRST_EMITTED_AT.get() == 0) {
                                    continue; // the job has not started emitting yet
                                }
                                if (lastAt != 0) {
                                    synchronized (rates) {
                                        rates.add((count - lastCount) / ((at - lastAt) / 1e9));
                                    }
                                }
                                lastCount = count;
                                lastAt = at;
                            }
                        },
                        "cep-rocksdb sampler");
        t.setDaemon(true);
        return t;
    }
}
