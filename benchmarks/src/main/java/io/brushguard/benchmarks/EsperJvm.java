package io.brushguard.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts a main class of the {@code benchmarks-esper} module in a child JVM, for the Esper
 * contenders (micro and throughput workloads): Esper's ANTLR clashes with the other engines' and
 * that module's classpath has no Flink.
 *
 * <p>The child runs the same java as this JVM ({@code ProcessHandle.current().info().command()},
 * else {@code java.home/bin/java}) with the classpath {@code benchmarks-esper/target/classes} plus
 * the file {@code benchmarks-esper/target/esper.classpath}, which that module's {@code package}
 * writes. The module directory is the system property {@code brushguard.esper.module} if set, else
 * {@code benchmarks-esper} in the working directory or the nearest parent that has one (the
 * repository's root from {@code run.sh}, the root's parent of {@code benchmarks} from Maven's
 * tests). Without the classpath file the module is not built ({@link #module} is empty).
 */
public final class EsperJvm {

    public static final String MODULE_PROPERTY = "brushguard.esper.module";

    private EsperJvm() {}

    /** The {@code benchmarks-esper} directory, if it has been built. */
    public static Optional<Path> module() {
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

    /**
     * Runs {@code mainClass} of the built module {@code dir} with {@code -Xmx<heap>} and {@code
     * args}, its standard error inherited; returns its standard output. Fails if it exits with
     * another status than 0 or does not end within {@code timeout}.
     */
    public static String run(
            Path dir, String heap, String mainClass, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        return run(dir, heap, false, mainClass, args, timeout);
    }

    /**
     * The same; with {@code preTouch}, the child's heap is committed and touched at start ({@code
     * -Xms<heap> -XX:+AlwaysPreTouch}), as a long-running JVM's is: a short run then does not pay
     * the kernel's first touch of each page of its young generation.
     */
    public static String run(
            Path dir,
            String heap,
            boolean preTouch,
            String mainClass,
            List<String> args,
            Duration timeout)
            throws IOException, InterruptedException {
        String classpath =
                dir.resolve("target/classes")
                        + File.pathSeparator
                        + Files.readString(dir.resolve("target/esper.classpath")).trim();
        List<String> command = command(heap, preTouch, classpath, mainClass, args);
        Process child =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        child.getOutputStream().close();
        String output;
        try (InputStream stdout = child.getInputStream()) {
            if (!child.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor();
                throw new IllegalStateException("the Esper JVM did not end: " + command);
            }
            output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (child.exitValue() != 0) {
            throw new IllegalStateException(
                    "the Esper JVM exited with " + child.exitValue() + ": " + output);
        }
        return output;
    }

    /** The child's command line. */
    static List<String> command(
            String heap, boolean preTouch, String classpath, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xmx" + heap);
        if (preTouch) {
            command.add("-Xms" + heap);
            command.add("-XX:+AlwaysPreTouch");
        }
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return command;
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
