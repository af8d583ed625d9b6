package io.brushguard.benchmarks.micro;

import io.brushguard.benchmarks.micro.MicroBenchmark.Contender;
import io.brushguard.benchmarks.micro.MicroBenchmark.Row;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Esper contender: {@code EsperMain} of the {@code benchmarks-esper} module, in a child JVM,
 * because Esper's ANTLR clashes with the other engines' and that module's classpath has no Flink.
 *
 * <p>The child runs the same java as this JVM ({@code ProcessHandle.current().info().command()},
 * else {@code java.home/bin/java}) with {@code -Xmx2g} and the classpath {@code
 * benchmarks-esper/target/classes} plus the file {@code benchmarks-esper/target/esper.classpath},
 * which that module's {@code package} writes. The module directory is the system property {@code
 * brushguard.esper.module} if set, else {@code benchmarks-esper} in the working directory or the
 * nearest parent that has one (the repository's root from {@code run.sh}, the root's parent of
 * {@code benchmarks} from Maven's tests). Without the classpath file the row says "not built".
 */
final class EsperContender {

    static final String MODULE_PROPERTY = "brushguard.esper.module";

    /** In {@code benchmarks-esper}; not referenced as a class, it is not on this classpath. */
    static final String MAIN_CLASS = "io.brushguard.benchmarks.micro.EsperMain";

    private EsperContender() {}

    static Row run(MicroWorkload w, Duration budget, long oracleMatches, PrintStream out)
            throws IOException, InterruptedException {
        Optional<Path> module = module();
        if (module.isEmpty()) {
            out.printf(
                    "  %-34s not built (no benchmarks-esper/target/esper.classpath)%n",
                    Contender.ESPER.label);
            return new Row(Contender.ESPER, 0, w.events, 0, false, 0, oracleMatches, false);
        }
        Path dir = module.get();
        String classpath =
                dir.resolve("target/classes")
                        + File.pathSeparator
                        + Files.readString(dir.resolve("target/esper.classpath")).trim();
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xmx2g");
        command.add("-cp");
        command.add(classpath);
        command.add(MAIN_CLASS);
        command.add(Long.toString(w.seed));
        command.add(Integer.toString(w.users));
        command.add(Long.toString(w.events));
        command.add(Double.toString(w.aShare));
        command.add(Long.toString(w.stepMs));
        command.add(Long.toString(budget.toMillis()));
        Process child =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        child.getOutputStream().close();
        String output;
        try (InputStream stdout = child.getInputStream()) {
            // The child stops at the budget itself; this is only against a hung JVM.
            if (!child.waitFor(budget.toSeconds() + 120, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor();
                throw new IllegalStateException("the Esper JVM did not end: " + command);
            }
            output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (child.exitValue() != 0) {
            throw new IllegalStateException(
                    "the Esper JVM exited with " + child.exitValue() + ": " + output);
        }
        Map<String, String> result = parse(output);
        long events = Long.parseLong(result.get("events"));
        double seconds = Double.parseDouble(result.get("seconds"));
        boolean finished = Boolean.parseBoolean(result.get("finished"));
        out.printf(
                "  %-34s %8.2f s%s%n",
                Contender.ESPER.label, seconds, finished ? "" : " (budget over, stopped)");
        return new Row(
                Contender.ESPER,
                events,
                w.events,
                seconds,
                finished,
                Long.parseLong(result.get("matches")),
                oracleMatches);
    }

    /** {@code esper events=N of=M seconds=S finished=B matches=K}, the last such line. */
    static Map<String, String> parse(String output) {
        String line =
                output.lines()
                        .filter(l -> l.startsWith("esper "))
                        .reduce((first, second) -> second)
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "no result line from the Esper JVM: " + output));
        Map<String, String> fields = new HashMap<>();
        for (String field : line.substring("esper ".length()).trim().split(" ")) {
            String[] kv = field.split("=", 2);
            fields.put(kv[0], kv[1]);
        }
        return fields;
    }

    /** The {@code benchmarks-esper} directory, if it has been built. */
    static Optional<Path> module() {
        String property = System.getProperty(MODULE_PROPERTY);
        if (property != null) {
            Path dir = Path.of(property);
            return built(dir) ? Optional.of(dir.toAbsolutePath()) : Optional.empty();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path dir = p.resolve("benchmarks-esper");
            if (Files.isDirectory(dir)) {
                return built(dir) ? Optional.of(dir) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean built(Path dir) {
        return Files.isRegularFile(dir.resolve("target/esper.classpath"))
                && Files.isDirectory(dir.resolve("target/classes"));
    }

    private static String java() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
