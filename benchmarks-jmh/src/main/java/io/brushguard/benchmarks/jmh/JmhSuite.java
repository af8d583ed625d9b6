package io.brushguard.benchmarks.jmh;

import io.brushguard.benchmarks.Machine;

import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Runs the JMH suite of the per-event hot paths and prints one table: the machine, then per
 * benchmark and parameter the time per event, events per second and the error.
 *
 * <ul>
 *   <li>{@code full} (by hand, {@code benchmarks/run.sh jmh full}): every benchmark and parameter,
 *       1 fork, 3 warm-up iterations of 1 s, 5 measured iterations of 1 s.
 *   <li>{@code quick} (CI, {@code JmhSuiteTest}): no fork, 1 warm-up and 1 measured iteration of
 *       100 ms, and the detector benchmark on {@link #QUICK_DETECTORS} only. It checks that the
 *       suite runs; its figures are not measurements.
 * </ul>
 *
 * <p>Arguments: {@code full|quick}, then optionally a regular expression of the benchmarks to run
 * (JMH's include, e.g. {@code Detector}).
 */
public final class JmhSuite {

    /** One detector per family, for the quick mode. */
    static final String[] QUICK_DETECTORS = {
        "brushing.order-concentration", "empty-parcel.waybill-reuse", "malicious-review.extortion"
    };

    /**
     * The live platform's rate for {@link BufferCheckpointBenchmark} in the quick mode: 100
     * events/s, 12,000 waiting.
     */
    static final String QUICK_RATE = "100";

    /**
     * Its rate in the full mode: 1,000 events/s. At 10,000 a call of its {@code union} contender
     * takes 30 s; run that with JMH's own command (benchmarks/README.md).
     */
    static final String FULL_RATE = "1000";

    /** The engine's watermark interval in the quick mode: a replay's, subjects repeating. */
    static final String QUICK_WATERMARK_EVERY = "50000";

    static final String PACKAGE = JmhSuite.class.getPackageName() + ".";

    /** The suite's benchmark classes. */
    static final List<Class<?>> BENCHMARKS =
            List.of(
                    DecodeBenchmark.class,
                    SerdeBenchmark.class,
                    CorrelationBenchmark.class,
                    DetectorBenchmark.class,
                    EngineBenchmark.class,
                    BufferBenchmark.class,
                    BufferCheckpointBenchmark.class);

    /**
     * One row of the table.
     *
     * @param benchmark class and method, e.g. {@code DetectorBenchmark.detect}
     * @param param the parameters, {@code -} if none
     * @param eventsPerSecond the score
     * @param error JMH's error of the score at 99.9 %, events/s (NaN with a single iteration)
     * @param eventsPerInvocation events one call of the benchmark method handles
     */
    public record Row(
            String benchmark,
            String param,
            double eventsPerSecond,
            double error,
            double eventsPerInvocation) {

        public double nanosPerEvent() {
            return 1e9 / eventsPerSecond;
        }

        /** The error in ns/event (first order). */
        public double nanosError() {
            return nanosPerEvent() * error / eventsPerSecond;
        }
    }

    private JmhSuite() {}

    public static void main(String[] args) throws RunnerException {
        String mode = args.length > 0 ? args[0] : "full";
        String include = args.length > 1 ? args[1] : null;
        run(mode, include, System.out);
    }

    /** Runs the suite in {@code mode} and prints its table to {@code out}; returns the rows. */
    public static List<Row> run(String mode, String include, PrintStream out)
            throws RunnerException {
        boolean quick;
        switch (mode) {
            case "full" -> quick = false;
            case "quick" -> quick = true;
            default ->
                    throw new IllegalArgumentException(
                            "mode must be full or quick, not '" + mode + "'");
        }
        ChainedOptionsBuilder options = new OptionsBuilder().shouldFailOnError(true);
        for (Class<?> c : BENCHMARKS) {
            String name = c.getName();
            if (include == null || java.util.regex.Pattern.compile(include).matcher(name).find()) {
                options.include("^" + java.util.regex.Pattern.quote(name) + "\\.");
            }
        }
        if (quick) {
            options.forks(0)
                    .warmupIterations(1)
                    .warmupTime(TimeValue.milliseconds(100))
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(100))
                    .param("rule", QUICK_DETECTORS)
                    .param("rate", QUICK_RATE)
                    .param("watermarkEvery", QUICK_WATERMARK_EVERY)
                    .verbosity(VerboseMode.SILENT);
        } else {
            options.forks(1)
                    .param("rate", FULL_RATE)
                    .warmupIterations(3)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5)
                    .measurementTime(TimeValue.seconds(1));
        }
        long start = System.nanoTime();
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Row> rows = rows(results);
        print(mode, rows, (System.nanoTime() - start) / 1e9, out);
        return rows;
    }

    /**
     * The rows of a run: events per second from the primary result of a benchmark that counts its
     * events with {@code @OperationsPerInvocation}, from the secondary result {@code events} of one
     * that counts them with {@link Events}.
     */
    static List<Row> rows(Collection<RunResult> results) {
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            if (label.startsWith(PACKAGE)) {
                label = label.substring(PACKAGE.length());
            }
            List<String> params = new ArrayList<>();
            for (String key : r.getParams().getParamsKeys()) {
                params.add(r.getParams().getParam(key));
            }
            Result<?> events = r.getSecondaryResults().get("events");
            Result<?> score = events != null ? events : r.getPrimaryResult();
            double perInvocation =
                    events != null
                            ? events.getScore() / r.getPrimaryResult().getScore()
                            : operationsPerInvocation(r.getParams().getBenchmark());
            rows.add(
                    new Row(
                            label,
                            params.isEmpty() ? "-" : String.join(",", params),
                            score.getScore(),
                            score.getScoreError(),
                            perInvocation));
        }
        return rows;
    }

    /** The {@code @OperationsPerInvocation} of a benchmark method ({@code class.method}), or 1. */
    private static double operationsPerInvocation(String benchmark) {
        int dot = benchmark.lastIndexOf('.');
        try {
            for (Method m : Class.forName(benchmark.substring(0, dot)).getMethods()) {
                OperationsPerInvocation ops = m.getAnnotation(OperationsPerInvocation.class);
                if (m.getName().equals(benchmark.substring(dot + 1)) && ops != null) {
                    return ops.value();
                }
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return 1;
    }

    static void print(String mode, List<Row> rows, double seconds, PrintStream out) {
        out.println(Machine.describe());
        out.println(
                "mode: "
                        + mode
                        + ("quick".equals(mode)
                                ? " (no fork, 1 warm-up and 1 measured iteration of 100 ms; not a measurement)"
                                : " (1 fork, 3 warm-up iterations of 1 s, 5 measured iterations of 1 s)")
                        + String.format(Locale.ROOT, ", %.0f s", seconds));
        out.println(
                "platform: "
                        + Platform.CONFIG
                        + "; heap state backend; error: JMH's, 99.9 % confidence");
        String format = "%-34s %-46s %12s %14s %14s %12s%n";
        out.printf(
                Locale.ROOT,
                format,
                "benchmark",
                "param",
                "ns/event",
                "events/s",
                "error",
                "events/call");
        for (Row row : rows) {
            out.printf(
                    Locale.ROOT,
                    format,
                    row.benchmark(),
                    row.param(),
                    String.format(Locale.ROOT, "%,.1f", row.nanosPerEvent()),
                    String.format(Locale.ROOT, "%,.0f", row.eventsPerSecond()),
                    Double.isNaN(row.error())
                            ? "n/a"
                            : String.format(Locale.ROOT, "± %,.1f ns", row.nanosError()),
                    String.format(Locale.ROOT, "%,.0f", row.eventsPerInvocation()));
        }
    }
}
