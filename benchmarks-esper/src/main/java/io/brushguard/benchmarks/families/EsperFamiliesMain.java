package io.brushguard.benchmarks.families;

import io.brushguard.benchmarks.families.FamilyEvents.Event;
import io.brushguard.benchmarks.families.FamilyEvents.Workload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The Esper contender of the throughput workload, run in its own JVM: {@code EsperFamiliesMain
 * <events file> <result file> <budgetMs>}. It reads the {@link FamilyEvents} file that {@code
 * ThroughputBenchmark} wrote, runs every event through {@link EsperFamilies} in one thread, writes
 * the {@link FamilyResult} (matches and units per family) and prints one line:
 *
 * <pre>esper-families events=N of=M seconds=S finished=true|false brushing=K/U empty_parcel=K/U
 * malicious_review=K/U</pre>
 *
 * <p>The time runs from the first event to the end of the input (the clock advanced past every
 * window, which reports the runs still open): not the JVM's start, reading the file, or compiling
 * the EPL. If the budget runs out first it stops there and reports {@code finished=false}.
 */
public final class EsperFamiliesMain {

    private EsperFamiliesMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: EsperFamiliesMain <events file> <result file> <budgetMs>");
            System.exit(2);
        }
        Workload w = FamilyEvents.read(Path.of(args[0]));
        long budgetNanos = Long.parseLong(args[2]) * 1_000_000L;
        List<Event> events = w.events();
        FamilyResult result;
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
            result = esper.result(i, events.size(), seconds, finished);
        }
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
        System.out.println(line);
    }
}
