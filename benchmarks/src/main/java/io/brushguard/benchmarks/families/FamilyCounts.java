package io.brushguard.benchmarks.families;

import io.brushguard.benchmarks.families.FamilyAlert.Family;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one side of the comparison detected, per family: how many alerts (CEP: matches that passed
 * the process function; brushguard: alerts of the core rule) and the distinct units flagged ({@link
 * FamilyAlert#unit()}: shops for brushing and malicious reviews, orders for empty parcels).
 *
 * <p>Jobs record into a JVM-wide registry under a name ({@link #record}); the benchmark runs its
 * jobs on a local MiniCluster in its own JVM, so the registry sees every subtask.
 */
public final class FamilyCounts {

    private static final Map<String, FamilyCounts> RUNS = new ConcurrentHashMap<>();

    private final Map<Family, AtomicLong> alerts = new EnumMap<>(Family.class);
    private final Map<Family, Set<String>> units = new EnumMap<>(Family.class);

    private FamilyCounts() {
        for (Family f : Family.values()) {
            alerts.put(f, new AtomicLong());
            units.put(f, ConcurrentHashMap.newKeySet());
        }
    }

    /** Records every alert of {@code alerts} under {@code run} (emptied first) and discards it. */
    public static void record(DataStream<FamilyAlert> alerts, String run) {
        RUNS.put(run, new FamilyCounts());
        alerts.map(new Record(run))
                .name("count: " + run)
                .setParallelism(1)
                .sinkTo(new DiscardingSink<>())
                .name("discard")
                .setParallelism(1);
    }

    /** What {@link #record} saw under {@code run}; empty if nothing was recorded. */
    public static FamilyCounts of(String run) {
        FamilyCounts c = RUNS.get(run);
        return c == null ? new FamilyCounts() : c;
    }

    public long alerts(Family f) {
        return alerts.get(f).get();
    }

    /** The distinct units flagged, sorted. */
    public Set<String> units(Family f) {
        return new TreeSet<>(units.get(f));
    }

    private void add(FamilyAlert a) {
        alerts.get(a.family).incrementAndGet();
        units.get(a.family).add(a.unit());
    }

    /**
     * Prints one line per family: alerts and units flagged of each side, and how many units both
     * flag, only CEP, only brushguard.
     */
    public static void printSideBySide(
            FamilyCounts cep, FamilyCounts brushguard, String title, PrintStream out) {
        printSideBySide(cep, brushguard, null, title, out);
    }

    /**
     * The same with, if {@code esper} is not null, Esper's matches and units per family and whether
     * its units are CEP's and brushguard's ({@code same}, else {@code +a -b}: units only Esper
     * flags, units only the other flags).
     */
    public static void printSideBySide(
            FamilyCounts cep,
            FamilyCounts brushguard,
            FamilyResult esper,
            String title,
            PrintStream out) {
        out.println(title);
        out.printf(
                "%-17s %-6s %10s %10s %10s %10s %8s %8s %8s",
                "family",
                "unit",
                "CEP match",
                "bg alerts",
                "CEP units",
                "bg units",
                "both",
                "CEP only",
                "bg only");
        if (esper != null) {
            out.printf(
                    " %11s %11s %-13s %s",
                    "esper match", "esper units", "esper = CEP", "esper = bg");
        }
        out.println();
        for (Family f : Family.values()) {
            Set<String> c = cep.units(f);
            Set<String> b = brushguard.units(f);
            long both = c.stream().filter(b::contains).count();
            out.printf(
                    "%-17s %-6s %,10d %,10d %,10d %,10d %,8d %,8d %,8d",
                    f,
                    f == Family.EMPTY_PARCEL ? "order" : "shop",
                    cep.alerts(f),
                    brushguard.alerts(f),
                    c.size(),
                    b.size(),
                    both,
                    c.size() - both,
                    b.size() - both);
            if (esper != null) {
                Set<String> e = esper.units(f.name());
                out.printf(
                        " %,11d %,11d %-13s %s",
                        esper.matches(f.name()), e.size(), agreement(e, c), agreement(e, b));
            }
            out.println();
        }
    }

    /** {@code same}, else {@code +a -b}: a units only in {@code mine}, b only in {@code theirs}. */
    static String agreement(Set<String> mine, Set<String> theirs) {
        long plus = mine.stream().filter(u -> !theirs.contains(u)).count();
        long minus = theirs.stream().filter(u -> !mine.contains(u)).count();
        return plus == 0 && minus == 0 ? "same" : String.format("+%,d -%,d", plus, minus);
    }

    private static final class Record implements MapFunction<FamilyAlert, Boolean> {
        private final String run;

        Record(String run) {
            this.run = run;
        }

        @Override
        public Boolean map(FamilyAlert a) {
            RUNS.computeIfAbsent(run, r -> new FamilyCounts()).add(a);
            return true;
        }
    }
}
