package io.brushguard.benchmarks.micro;

import java.util.Locale;

/**
 * The Esper contender of {@code MicroBenchmark}, run in its own JVM: {@code EsperMain <seed>
 * <users> <events> <aShare> <stepMs> <budgetMs> [runs]}. It generates the events of that {@link
 * MicroWorkload} from the seed, one by one, feeds them to an {@link EsperMatcher} in one thread and
 * prints one line:
 *
 * <pre>esper events=N of=M seconds=S finished=true|false matches=K</pre>
 *
 * <p>With {@code runs} (default 1) it does so that many times in this JVM, each time with a new
 * matcher (so later runs find the JIT's compiled code, as the Flink contenders' repeated runs do),
 * and prints a line per run; the budget is per run.
 *
 * <p>The time runs from the first event to the last, so the JVM's start and the EPL's compilation
 * are not in it; it includes generating the events, as a Flink source does. If the budget runs out
 * first it stops there and reports {@code finished=false} with the events it had sent.
 */
public final class EsperMain {

    private EsperMain() {}

    public static void main(String[] args) {
        if (args.length != 6 && args.length != 7) {
            System.err.println(
                    "usage: EsperMain <seed> <users> <events> <aShare> <stepMs> <budgetMs> [runs]");
            System.exit(2);
        }
        MicroWorkload w =
                new MicroWorkload(
                        Long.parseLong(args[0]),
                        Integer.parseInt(args[1]),
                        Long.parseLong(args[2]),
                        Double.parseDouble(args[3]),
                        Long.parseLong(args[4]));
        long budgetNanos = Long.parseLong(args[5]) * 1_000_000L;
        int runs = args.length == 7 ? Integer.parseInt(args[6]) : 1;
        for (int run = 0; run < runs; run++) {
            runOnce(w, budgetNanos);
        }
    }

    private static void runOnce(MicroWorkload w, long budgetNanos) {
        try (EsperMatcher m = new EsperMatcher(w.event(0).timestamp, null)) {
            long t0 = System.nanoTime();
            long i = 0;
            boolean finished = true;
            for (; i < w.events; i++) {
                if ((i & 0xFFF) == 0 && System.nanoTime() - t0 > budgetNanos) {
                    finished = false;
                    break;
                }
                m.accept(w.event(i));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "esper events=%d of=%d seconds=%.6f finished=%b matches=%d%n",
                    i,
                    w.events,
                    seconds,
                    finished,
                    m.matches());
        }
    }
}
