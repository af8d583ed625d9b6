package io.brushguard.jobs.cli;

import io.brushguard.jobs.demo.Demo;
import io.brushguard.jobs.generator.GeneratorConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code brushguard demo}: everything embedded, on this machine, with no outside services. */
final class DemoCommand implements Command {

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "run it all embedded: Kafka, PostgreSQL, the Flink job and a synthetic platform";
    }

    @Override
    public String description() {
        return "Starts, in this process and with no outside services, a real Kafka broker (KRaft), a\n"
                + "real PostgreSQL, the brushguard job on a local Flink MiniCluster (RocksDB, exactly-once\n"
                + "checkpoints) and the generator, which plays a synthetic platform with labelled fraud\n"
                + "into the input topics, a few corrupt records among them. Alerts are printed as the job\n"
                + "commits them. It ends after --duration, when the data is played, or on Ctrl-C, and\n"
                + "prints a summary: events per stream, alerts per kind, dead letters, and precision and\n"
                + "recall against the injected labels. The generator options of `generate` apply.";
    }

    @Override
    public List<Args.Option> options() {
        List<Args.Option> options = new ArrayList<>();
        options.add(new Args.Option("duration", "<seconds>", "how long to run (default 90)"));
        options.add(new Args.Option("parallelism", "<n>", "Flink parallelism (default 2)"));
        options.add(
                new Args.Option(
                        "corrupt-every",
                        "<n>",
                        "send one corrupt record every n events; 0 for none (default 20000)"));
        options.add(
                new Args.Option(
                        "work-dir",
                        "<dir>",
                        "where Kafka, checkpoints and savepoints live (default: a new temporary directory)"));
        options.add(
                new Args.Option(
                        "quiet", null, "print the progress and summary only, not each alert"));
        for (Args.Option o : new GenerateCommand().options()) {
            if (!o.name().equals("out") && !o.name().equals("format")) {
                // --no-camouflage and --no-hard-negatives apply to the demo's platform too.
                options.add(o);
            }
        }
        return options;
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        int seconds = args.getInt("duration", 90);
        if (seconds < 10) {
            throw new Args.UsageException("--duration must be at least 10 seconds");
        }
        GeneratorConfig generator = GenerateCommand.config(args);
        return Demo.run(
                new Demo.Settings(
                        Duration.ofSeconds(seconds),
                        generator.seed(),
                        args.getInt("parallelism", 2),
                        args.has("work-dir") ? Path.of(args.get("work-dir", null)) : null,
                        args.has("quiet"),
                        args.getInt("corrupt-every", 20_000),
                        generator),
                out);
    }
}
