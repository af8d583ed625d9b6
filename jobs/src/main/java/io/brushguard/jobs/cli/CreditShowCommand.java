package io.brushguard.jobs.cli;

import io.brushguard.avro.EntityType;
import io.brushguard.jobs.credit.Candidate;
import io.brushguard.jobs.credit.CreditReport;
import io.brushguard.jobs.credit.CreditStore;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** {@code brushguard credit show}: one subject's credit record, readable. */
final class CreditShowCommand implements Command {

    @Override
    public String name() {
        return "credit show";
    }

    @Override
    public String summary() {
        return "print a subject's credit record: score, grade, reasons, events, candidates";
    }

    @Override
    public String description() {
        return "Prints the credit record of one subject (ENTITY_TYPE: "
                + String.join(", ", entityTypes())
                + "):\nits score and grade as of now under the current credit_policy, the reasons,\n"
                + "the latest "
                + CreditStore.LATEST_EVENTS
                + " credit events, the number of alerts on it and its blacklist / red-list\n"
                + "candidates with their review status. A subject without credit events has the\n"
                + "base score. Needs a database user with brushguard_analyst.";
    }

    @Override
    public List<String> positionals() {
        return List.of("<ENTITY_TYPE>", "<id>");
    }

    @Override
    public List<Args.Option> options() {
        return DatabaseArgs.withDatabase();
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        String type = args.positional(0).toUpperCase(Locale.ROOT);
        if (!entityTypes().contains(type)) {
            throw new Args.UsageException(
                    "unknown entity type '"
                            + args.positional(0)
                            + "'; one of "
                            + String.join(", ", entityTypes()));
        }
        try (CreditStore store = CreditStore.open(DatabaseArgs.connection(args))) {
            out.print(render(store.show(type, args.positional(1))));
        }
        return 0;
    }

    static String render(CreditReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.entityType())
                .append(' ')
                .append(r.entityId())
                .append(": score ")
                .append(plain(r.score()))
                .append(" of ")
                .append(plain(r.baseScore()))
                .append(", grade ")
                .append(r.grade())
                .append(" (as of ")
                .append(TextTable.text(r.asOf()))
                .append(")\n");
        if (r.hasCreditEvents()) {
            sb.append(
                    String.format("  %d credit events, %d alerts%n", r.creditEvents(), r.alerts()));
            sb.append("  reasons: ").append(String.join("; ", r.reasons())).append('\n');
            TextTable events =
                    new TextTable(
                            "occurred_at",
                            "kind",
                            "severity",
                            "rule",
                            "change",
                            "alert_id",
                            "what");
            for (CreditReport.Event e : r.latestEvents()) {
                events.row(
                        e.occurredAt(),
                        e.kind(),
                        e.severity(),
                        e.ruleId(),
                        e.scoreChange(),
                        e.alertId(),
                        e.what());
            }
            sb.append(
                    String.format(
                            "%nLatest credit events (%d of %d):%n",
                            r.latestEvents().size(), r.creditEvents()));
            sb.append(events.render("  "));
        } else {
            sb.append("  no credit events: the base score of the policy\n");
            sb.append(String.format("  %d alerts%n", r.alerts()));
        }
        if (r.candidates().isEmpty()) {
            sb.append("\nCandidates: none\n");
        } else {
            TextTable candidates =
                    new TextTable(
                            "candidate_id", "list", "status", "reasons", "last_seen", "reviewed");
            for (Candidate c : r.candidates()) {
                candidates.row(
                        c.candidateId(),
                        c.list(),
                        c.reviewStatus(),
                        String.join(",", c.reasonCodes()),
                        c.lastSeen(),
                        CandidatesListCommand.reviewed(c));
            }
            sb.append("\nCandidates:\n").append(candidates.render("  "));
        }
        return sb.toString();
    }

    /** 92.50 as 92.5, 100.00 as 100. */
    private static String plain(BigDecimal score) {
        return score.stripTrailingZeros().toPlainString();
    }

    private static List<String> entityTypes() {
        return Arrays.stream(EntityType.values()).map(Enum::name).toList();
    }
}
