package io.brushguard.jobs.cli;

import io.brushguard.avro.DeadLetter;
import io.brushguard.jobs.backtest.Backtest;
import io.brushguard.jobs.backtest.QualityReport;
import io.brushguard.jobs.dataset.AlertsJsonl;
import io.brushguard.jobs.dataset.JsonlWriter;
import io.brushguard.jobs.dataset.LabelsJson;
import io.brushguard.jobs.dataset.MalformedLine;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.quality.Episode;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code brushguard backtest}: the job's detection over a recorded data set, in batch. */
final class BacktestCommand implements Command {

    @Override
    public String name() {
        return "backtest";
    }

    @Override
    public String summary() {
        return "run detection over a recorded data set; write alerts.jsonl, score against labels";
    }

    @Override
    public String description() {
        return "Runs the streaming job's own detection graph over a recorded data set (a directory of\n"
                + "orders/payments/logistics/reviews as .jsonl or .avro, spec/events.md) in batch mode,\n"
                + "writes alerts.jsonl, signals.jsonl (weak signals that made no alert on their own)\n"
                + "and dead-letters.jsonl (input it could not use) to --out,\n"
                + "and, when labels are given or the data set has labels.jsonl, prints precision and\n"
                + "recall per kind and per rule. With --patterns it runs the definitions of that\n"
                + "directory in place of the shipped ones of the same id (docs/patterns.md).";
    }

    @Override
    public List<Args.Option> options() {
        return List.of(
                new Args.Option("events", "<dir>", "the recorded data set (required)"),
                new Args.Option("out", "<dir>", "where to write alerts.jsonl (required)"),
                new Args.Option(
                        "labels",
                        "<file>",
                        "ground truth; default: <events>/labels.jsonl if present"),
                PatternArgs.OPTION,
                new Args.Option("parallelism", "<n>", "Flink parallelism (default 2)"));
    }

    @Override
    public int run(Args args, PrintStream console) throws Exception {
        Path events = Path.of(args.required("events"));
        Path out = Path.of(args.required("out"));
        Path labels =
                args.has("labels")
                        ? Path.of(args.get("labels", null))
                        : events.resolve("labels.jsonl");
        if (args.has("labels") && !Files.isRegularFile(labels)) {
            throw new Args.UsageException("no labels file at " + labels);
        }
        DetectionRules rules = PatternArgs.rules(args, console);
        Backtest.Result result = Backtest.run(events, rules, args.getInt("parallelism", 2));
        Files.createDirectories(out);
        AlertsJsonl.write(out.resolve("alerts.jsonl"), result.alerts());
        AlertsJsonl.write(out.resolve("signals.jsonl"), result.signals());
        try (JsonlWriter w = JsonlWriter.open(out.resolve("dead-letters.jsonl"))) {
            for (DeadLetter d : result.deadLetters()) {
                w.write(d);
            }
        }
        console.printf(
                "read %s from %s: %d alerts, %d weak signals, %d dead letters -> %s%n",
                String.join(", ", result.files()),
                events,
                result.alerts().size(),
                result.signals().size(),
                result.deadLetters().size(),
                out.resolve("alerts.jsonl"));
        for (DeadLetter d :
                result.deadLetters().subList(0, Math.min(10, result.deadLetters().size()))) {
            console.println("  dead letter: " + d.getError());
        }
        if (Files.isRegularFile(labels)) {
            List<MalformedLine> malformed = new ArrayList<>();
            List<Episode> episodes = LabelsJson.read(labels, malformed);
            malformed.forEach(m -> console.println("  skipped label: " + m));
            console.print(QualityReport.render(result.alerts(), episodes));
        }
        return 0;
    }
}
