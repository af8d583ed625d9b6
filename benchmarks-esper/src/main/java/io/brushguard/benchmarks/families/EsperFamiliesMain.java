package io.brushguard.benchmarks.families;

import io.brushguard.benchmarks.families.FamilyEvents.Event;
import io.brushguard.benchmarks.families.FamilyEvents.Workload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Esper contender of the throughput workload, run in its own JVM: {@code EsperFamiliesMain
 * <events file> <result file> <budgetMs> [runs]}. It reads the {@link FamilyEvents} file that
 * {@code ThroughputBenchmark} wrote, runs every event through {@link EsperFamilies} in one thread,
 * {@code runs} times (default 1, a new runtime each time), writes the {@link FamilyResult} (matches
 * and units per family) of the median run by time (of an even number, the slower of the middle two)
 * and prints one line:
 *
 * <pre>esper-families events=N of=M seconds=S finished=true|false brushing=K/U empty_parcel=K/U
 * malicious_review=K/U runs=S1,S2,...</pre>
 *
 * <p>The time runs from the first event to the end of the input (the clock advanced past every
 * window, which reports the runs still open): not the JVM's start, reading the file, or compiling
 * the EPL. If the budget runs out first it stops there and reports {@code finished=false}; the
 * budget holds for each run.
 */
public final class EsperFamiliesMain {

    private EsperFamiliesMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3 && args.length != 4) {
            System.err.println(
                    "usage: EsperFamiliesMain <events file> <result file> <budgetMs> [runs]");
            System.exit(2);
        }
        Workload w = FamilyEvents.read(Path.of(args[0]));
        long budgetNanos = Long.parseLong(args[2]) * 1_000_000L;
        int runs = args.length == 4 ? Integer.parseInt(args[3]) : 1;
        if (runs < 1) {
            System.err.println("runs must be >= 1, got " + runs);
            System.exit(2);
        }
        List<FamilyResult> results = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            results.add(once(w, budgetNanos));
        }
        // The median run by time (of an even number, the slower of the middle two).
        List<FamilyResult> fastestFirst = new ArrayList<>(results);
        fastestFirst.sort(Comparator.comparingDouble(FamilyResult::seconds));
        FamilyResult result = fastestFirst.get(fastestFirst.size() / 2);
        result.write(Path.of(args[1]));
        StringBuilder line =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "esper-families events=%d of=%d seconds=%.6f finished=%b",
                                result.events(),
                                result.of(),
                                result.seconds(),
                                result.finished()));
        for (String f : FamilyResult.FAMILIES) {
            line.append(' ')
                    .append(f.toLowerCase(Locale.ROOT))
                    .append('=')
                    .append(result.matches(f))
                    .append('/')
                    .append(result.units(f).size());
        }
        line.append(" runs=")
                .append(
                        results.stream()
                                .map(r -> String.format(Locale.ROOT, "%.2f", r.seconds()))
                                .collect(Collectors.joining(",")));
        System.out.println(line);
    }

    /** One run of the event loop on a new Esper runtime. */
    private static FamilyResult once(Workload w, long budgetNanos) {
        List<Event> events = w.events();
        try (EsperFamilies esper =
                new EsperFamilies(w.thresholds(), events.isEmpty() ? 0 : events.get(0).ts())) {
            long t0 = System.nanoTime();
            int i = 0;
            boolean finished = true;
            for (; i < events.size(); i++) {
                if ((i & 0xFFF) == 0 && System.nanoTime() - t0 > budgetNanos) {
                    finished = false;
                    break;
                }
                esper.accept(events.get(i));
            }
            if (finished) {
                esper.finish();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return esper.result(i, events.size(), seconds, finished);
        }
    }
}
