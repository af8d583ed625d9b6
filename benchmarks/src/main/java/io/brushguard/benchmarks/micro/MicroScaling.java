package io.brushguard.benchmarks.micro;

import io.brushguard.benchmarks.Machine;
import io.brushguard.benchmarks.micro.MicroBenchmark.Contender;
import io.brushguard.benchmarks.micro.MicroBenchmark.Row;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How brushguard's pattern engine scales on the micro workload (issue 6): with the number of active
 * definitions (1, 10, 100) and with the number of keys (100,000 to millions of users), on RocksDB
 * with checkpoints, the same events otherwise. Every run is checked against the oracle.
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
        long events = quick ? 200_000 : 5_000_000;
        Duration budget = Duration.ofSeconds(quick ? 20 : 120);
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
        for (int u : users) {
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
        return lines;
    }
}
