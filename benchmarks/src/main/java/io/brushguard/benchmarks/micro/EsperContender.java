package io.brushguard.benchmarks.micro;

import io.brushguard.benchmarks.EsperJvm;
import io.brushguard.benchmarks.micro.MicroBenchmark.Contender;
import io.brushguard.benchmarks.micro.MicroBenchmark.Row;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Esper contender: {@code EsperMain} of the {@code benchmarks-esper} module, in a child JVM
 * ({@link EsperJvm}, which finds the module and says whether it is built), because Esper's ANTLR
 * clashes with the other engines' and that module's classpath has no Flink.
 *
 * <p>The child has a 2 GiB heap, pre-touched as the Flink contenders' ({@code run.sh micro});
 * without the module's classpath file the row says "not built".
 */
final class EsperContender {

    /** In {@code benchmarks-esper}; not referenced as a class, it is not on this classpath. */
    static final String MAIN_CLASS = "io.brushguard.benchmarks.micro.EsperMain";

    private EsperContender() {}

    /** {@code runs} runs in one child JVM, one after the other; the row is their median. */
    static Row run(MicroWorkload w, Duration budget, long oracleMatches, PrintStream out, int runs)
            throws IOException, InterruptedException {
        Optional<Path> module = EsperJvm.module();
        if (module.isEmpty()) {
            out.printf(
                    "  %-34s not built (no benchmarks-esper/target/esper.classpath)%n",
                    Contender.ESPER.label);
            return new Row(Contender.ESPER, 0, w.events, 0, false, 0, oracleMatches, false);
        }
        // The child stops at the budget itself; the timeout is only against a hung JVM.
        String output =
                EsperJvm.run(
                        module.get(),
                        "2g",
                        true,
                        MAIN_CLASS,
                        List.of(
                                Long.toString(w.seed),
                                Integer.toString(w.users),
                                Long.toString(w.events),
                                Double.toString(w.aShare),
                                Long.toString(w.stepMs),
                                Long.toString(budget.toMillis()),
                                Integer.toString(runs)),
                        budget.multipliedBy(runs).plusSeconds(120));
        List<Row> tries = new ArrayList<>();
        for (Map<String, String> result : parse(output)) {
            double seconds = Double.parseDouble(result.get("seconds"));
            boolean finished = Boolean.parseBoolean(result.get("finished"));
            out.printf(
                    "  %-34s %8.2f s%s%n",
                    Contender.ESPER.label, seconds, finished ? "" : " (budget over, stopped)");
            tries.add(
                    new Row(
                            Contender.ESPER,
                            Long.parseLong(result.get("events")),
                            w.events,
                            seconds,
                            finished,
                            Long.parseLong(result.get("matches")),
                            oracleMatches));
        }
        return MicroBenchmark.median(tries);
    }

    /** Each {@code esper events=N of=M seconds=S finished=B matches=K} line, in order. */
    static List<Map<String, String>> parse(String output) {
        List<Map<String, String>> runs = new ArrayList<>();
        output.lines()
                .filter(l -> l.startsWith("esper "))
                .forEach(
                        line -> {
                            Map<String, String> fields = new HashMap<>();
                            for (String field :
                                    line.substring("esper ".length()).trim().split(" ")) {
                                String[] kv = field.split("=", 2);
                                fields.put(kv[0], kv[1]);
                            }
                            runs.add(fields);
                        });
        if (runs.isEmpty()) {
            throw new IllegalStateException("no result line from the Esper JVM: " + output);
        }
        return runs;
    }
}
