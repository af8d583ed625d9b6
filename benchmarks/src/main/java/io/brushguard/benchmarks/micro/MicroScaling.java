package io.brushguard.benchmarks.micro;

import io.brushguard.benchmarks.Machine;
import io.brushguard.benchmarks.micro.MicroBenchmark.Contender;
import io.brushguard.benchmarks.micro.MicroBenchmark.Row;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How brushguard's pattern engine scales on the micro workload (issue 6): with the number of active
 * definitions (1, 10, 100) and with the number of keys (100,000 to millions of users), on RocksDB
 * with checkpoints, the same events otherwise (15,000,000 a run in full mode, so that a run lasts
 * long enough to be sustained: tens of seconds). Every run is checked against the oracle. The
 * numbers of users run twice each, in mirrored order, and a second table judges each on its two
 * runs together ({@link #combine}).
 *
 * <p>{@code n} definitions are the micro pattern once per item ({@link EngineContender#patterns}):
 * every event concerns exactly one of them and the router checks all {@code n}, so the matches are
 * the workload's whatever {@code n}.
 */
public final class MicroScaling {

    private MicroScaling() {}

    /** One row: what varied, its value, the run. */
    public record Line(String dimension, long value, Row row) {}

    public static void main(String[] args) throws Exception {
        run(args.length > 0 && args[0].equals("quick"), System.out);
    }

    public static List<Line> run(boolean quick, PrintStream out) throws Exception {
        // 15,000,000 events a run in full mode: with 5,000,000 (runs of 10 to 20 s) the same value
        // in one JVM ran anywhere between 251,000 and 489,000 events/s, more than the effect of
        // the keys; at 15,000,000 a value's two runs differ by 1 to 25 % (benchmarks/README.md).
        long events = quick ? 200_000 : 15_000_000;
        Duration budget = Duration.ofSeconds(quick ? 20 : 300);
        int[] definitions = quick ? new int[] {1, 10} : new int[] {1, 10, 100};
        int[] users =
                quick ? new int[] {10_000, 100_000} : new int[] {100_000, 1_000_000, 3_000_000};
        out.printf(
                "brushguard micro scaling (%s mode), %s%n",
                quick ? "quick" : "full", Instant.now());
        out.println(Machine.describe());
        out.printf(
                "brushguard engine, RocksDB, checkpoints every 5 s; %,d events per run%n", events);
        List<Line> lines = new ArrayList<>();
        MicroWorkload base = new MicroWorkload(6, 10_000, events, 0.5, 1);
        long baseMatches = OracleMatcher.count(base.generate(), (int) events);
        for (int n : definitions) {
            Row row =
                    MicroBenchmark.flink(
                            Contender.ENGINE_ROCKSDB, base, budget, baseMatches, out, n);
            lines.add(new Line("definitions", n, row));
        }
        // Each number of users twice, in mirrored order (a, b, c, c, b, a): the runs go one after
        // the other in this JVM, the JIT warming up during the first, so every value has one run
        // early and one late and is judged on the two together.
        for (int u : mirrored(users)) {
            MicroWorkload w = new MicroWorkload(6, u, events, 0.5, 1);
            long matches = OracleMatcher.count(w.generate(), (int) events);
            Row row = MicroBenchmark.flink(Contender.ENGINE_ROCKSDB, w, budget, matches, out, 1);
            lines.add(new Line("users", u, row));
        }
        out.println();
        out.printf(
                "%-12s %12s %12s %10s %12s %s%n",
                "dimension", "value", "events/s", "vs first", "matches", "agrees with oracle");
        String dimension = null;
        double first = 0;
        for (Line l : lines) {
            if (!l.dimension().equals(dimension)) {
                dimension = l.dimension();
                first = l.row().perSecond();
            }
            out.printf(
                    "%-12s %,12d %,12.0f %10.2f %,12d %s%n",
                    l.dimension(),
                    l.value(),
                    l.row().perSecond(),
                    l.row().perSecond() / first,
                    l.row().matches(),
                    l.row().agrees()
                            ? "yes"
                            : l.row().finished()
                                    ? "NO (oracle: " + l.row().oracleMatches() + ")"
                                    : "partial");
        }
        out.println();
        out.println(
                "users, each value's two runs in mirrored order (events/s: all its events over"
                        + " the two runs' time)");
        out.printf(
                "%-12s %12s %12s %12s %10s%n", "users", "run 1", "run 2", "events/s", "vs first");
        List<Combined> combined = combine(lines, "users");
        for (Combined c : combined) {
            out.printf(
                    "%-12s %,12.0f %,12.0f %,12.0f %10.2f%s%n",
                    String.format("%,d", c.value()),
                    c.runs().get(0).perSecond(),
                    c.runs().size() > 1 ? c.runs().get(1).perSecond() : Double.NaN,
                    c.perSecond(),
                    c.perSecond() / combined.get(0).perSecond(),
                    c.comparable() ? "" : " (a run disagrees with the oracle or did not finish)");
        }
        return lines;
    }

    /** {@code values}, then the same values in reverse order. */
    static int[] mirrored(int[] values) {
        int[] order = new int[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            order[i] = values[i];
            order[order.length - 1 - i] = values[i];
        }
        return order;
    }

    /** One value of a dimension and all its runs. */
    record Combined(long value, List<Row> runs) {

        /** All the runs' events over all their time. */
        double perSecond() {
            long events = 0;
            double seconds = 0;
            for (Row r : runs) {
                events += r.events();
                seconds += r.seconds();
            }
            return events / seconds;
        }

        boolean comparable() {
            return runs.stream().allMatch(Row::agrees);
        }
    }

    /** The runs of {@code dimension} by value, in the order each value first ran. */
    static List<Combined> combine(List<Line> lines, String dimension) {
        Map<Long, List<Row>> runs = new LinkedHashMap<>();
        for (Line l : lines) {
            if (l.dimension().equals(dimension)) {
                runs.computeIfAbsent(l.value(), v -> new ArrayList<>()).add(l.row());
            }
        }
        List<Combined> combined = new ArrayList<>();
        runs.forEach((value, rows) -> combined.add(new Combined(value, rows)));
        return combined;
    }
}
