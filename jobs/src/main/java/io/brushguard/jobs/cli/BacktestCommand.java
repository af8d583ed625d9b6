package io.brushguard.jobs.cli;

import io.brushguard.avro.DeadLetter;
import io.brushguard.jobs.backtest.Backtest;
import io.brushguard.jobs.backtest.BacktestDiff;
import io.brushguard.jobs.backtest.QualityReport;
import io.brushguard.jobs.dataset.AlertsJsonl;
import io.brushguard.jobs.dataset.JsonlWriter;
import io.brushguard.jobs.dataset.LabelsJson;
import io.brushguard.jobs.dataset.MalformedLine;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.credit.ListCandidate;
import io.brushguard.patterns.quality.Episode;

import java.io.IOException;
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
                + "dead-letters.jsonl (input it could not use) and candidates.jsonl (blacklist and\n"
                + "red-list candidates as the credit store would hold them) to --out,\n"
                + "and, when labels are given or the data set has labels.jsonl, prints precision and\n"
                + "recall per kind and per rule. With --patterns it runs the definitions of that\n"
                + "directory in place of the shipped ones of the same id (docs/patterns.md).\n"
                + "The alerts of definitions in shadow mode go to shadow-alerts.jsonl only, scored\n"
                + "apart as \"shadow rules\".\n"
                + "With --baseline it runs the data set twice, with the baseline definitions and\n"
                + "with --patterns (the shipped ones when either is absent, or when --baseline is\n"
                + "the word 'shipped'), writes each run to <out>/baseline and <out>/candidate and\n"
                + "every alert gained and lost to <out>/diff.jsonl, and prints per rule the alerts\n"
                + "of each, gained and lost, and with labels TP, FP, precision and recall of each.\n"
                + "Alerts match by rule, subject, window start and order ids, not alert id.";
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
                new Args.Option(
                        "baseline",
                        "<dir>|shipped",
                        "compare with a run of these definitions (docs/patterns.md); 'shipped'\n"
                                + "for the shipped ones; writes <out>/baseline, <out>/candidate\n"
                                + "and <out>/diff.jsonl"),
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
        List<Episode> episodes = null;
        if (Files.isRegularFile(labels)) {
            List<MalformedLine> malformed = new ArrayList<>();
            episodes = LabelsJson.read(labels, malformed);
            malformed.forEach(m -> console.println("  skipped label: " + m));
        }
        int parallelism = args.getInt("parallelism", 2);
        if (!args.has("baseline")) {
            DetectionRules rules = PatternArgs.rules(args, console);
            Backtest.Result result = Backtest.run(events, rules, parallelism);
            report(result, events, out, episodes, console);
            return 0;
        }
        String baselineArg = args.get("baseline", null);
        Path baselineDir = "shipped".equals(baselineArg) ? null : Path.of(baselineArg);
        console.print("baseline ");
        DetectionRules baselineRules = PatternArgs.rules(baselineDir, console);
        if (baselineDir == null) {
            console.println("patterns: shipped");
        }
        console.print("candidate ");
        DetectionRules candidateRules = PatternArgs.rules(args, console);
        if (!args.has("patterns")) {
            console.println("patterns: shipped");
        }
        Backtest.Result baseline = Backtest.run(events, baselineRules, parallelism);
        Backtest.Result candidate = Backtest.run(events, candidateRules, parallelism);
        console.print("baseline:  ");
        report(baseline, events, out.resolve("baseline"), null, console);
        console.print("candidate: ");
        report(candidate, events, out.resolve("candidate"), null, console);
        BacktestDiff.Diff diff = BacktestDiff.of(baseline.alerts(), candidate.alerts());
        BacktestDiff.write(out.resolve("diff.jsonl"), diff);
        console.print(
                BacktestDiff.render(
                        diff, baseline.alerts(), candidate.alerts(), episodes, SHOWN_CHANGES));
        console.printf(
                "%d gained, %d lost -> %s%n",
                diff.gained().size(), diff.lost().size(), out.resolve("diff.jsonl"));
        return 0;
    }

    /** Gained and lost alerts printed at most; diff.jsonl has them all. */
    private static final int SHOWN_CHANGES = 20;

    private static final com.fasterxml.jackson.databind.ObjectMapper CANDIDATE_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** A candidate as a line of candidates.jsonl, in the store's column names. */
    static java.util.Map<String, Object> candidateJson(ListCandidate c) {
        java.util.Map<String, Object> line = new java.util.LinkedHashMap<>();
        line.put("candidate_id", c.candidateId());
        line.put("list", c.list);
        line.put("entity_type", c.entityType);
        line.put("entity_id", c.entityId);
        line.put("reason_codes", c.reasonCodes);
        line.put("alert_ids", c.alertIds);
        line.put("first_seen", c.firstSeen);
        line.put("last_seen", c.lastSeen);
        return line;
    }

    /** Writes a run's files to {@code out} and prints its summary and, with labels, quality. */
    private static void report(
            Backtest.Result result,
            Path events,
            Path out,
            List<Episode> episodes,
            PrintStream console)
            throws IOException {
        Files.createDirectories(out);
        AlertsJsonl.write(out.resolve("alerts.jsonl"), result.alerts());
        AlertsJsonl.write(out.resolve("signals.jsonl"), result.signals());
        AlertsJsonl.write(out.resolve("shadow-alerts.jsonl"), result.shadowAlerts());
        try (JsonlWriter w = JsonlWriter.open(out.resolve("dead-letters.jsonl"))) {
            for (DeadLetter d : result.deadLetters()) {
                w.write(d);
            }
        }
        try (JsonlWriter w = JsonlWriter.open(out.resolve("candidates.jsonl"))) {
            for (ListCandidate c : result.listCandidates()) {
                w.writeLine(CANDIDATE_JSON.writeValueAsString(candidateJson(c)));
            }
        }
        console.printf(
                "read %s from %s: %,d records in %.1f s, %d alerts, %d weak signals, %d shadow"
                        + " alerts, %d dead letters -> %s%n",
                String.join(", ", result.files()),
                events,
                result.records(),
                result.runtimeMillis() / 1000.0,
                result.alerts().size(),
                result.signals().size(),
                result.shadowAlerts().size(),
                result.deadLetters().size(),
                out.resolve("alerts.jsonl"));
        for (DeadLetter d :
                result.deadLetters().subList(0, Math.min(10, result.deadLetters().size()))) {
            console.println("  dead letter: " + d.getError());
        }
        if (episodes != null) {
            console.print(QualityReport.render(result.alerts(), episodes));
            if (!result.shadowAlerts().isEmpty()) {
                console.print(QualityReport.renderShadow(result.shadowAlerts(), episodes));
            }
        }
    }
}
