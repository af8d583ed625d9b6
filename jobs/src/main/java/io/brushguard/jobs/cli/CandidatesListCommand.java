package io.brushguard.jobs.cli;

import io.brushguard.jobs.credit.Candidate;
import io.brushguard.jobs.credit.CreditStore;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code brushguard candidates list}: blacklist and red-list candidates as a table. */
final class CandidatesListCommand implements Command {

    @Override
    public String name() {
        return "candidates list";
    }

    @Override
    public String summary() {
        return "list blacklist / red-list candidates and their review status";
    }

    @Override
    public String description() {
        return "Prints the candidates the job proposed for the blacklist or the red list, latest\n"
                + "activity (last_seen) first, with their reasons, alerts and review. Review them\n"
                + "with: brushguard candidates review <candidate_id> confirm|dismiss.\n"
                + "Needs a database user with brushguard_analyst.";
    }

    @Override
    public List<Args.Option> options() {
        return DatabaseArgs.withDatabase(
                new Args.Option("list", "<BLACKLIST|REDLIST>", "only this list"),
                new Args.Option(
                        "status", "<PENDING|CONFIRMED|DISMISSED>", "only this review status"));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        Optional<String> list = oneOf(args, "list", Candidate.LISTS);
        Optional<String> status = oneOf(args, "status", Candidate.STATUSES);
        try (CreditStore store = CreditStore.open(DatabaseArgs.connection(args))) {
            List<Candidate> candidates = store.candidates(list, status);
            TextTable table =
                    new TextTable(
                            "candidate_id",
                            "list",
                            "status",
                            "entity",
                            "last_seen",
                            "reasons",
                            "alerts",
                            "reviewed");
            for (Candidate c : candidates) {
                table.row(
                        c.candidateId(),
                        c.list(),
                        c.reviewStatus(),
                        c.entityType() + " " + c.entityId(),
                        c.lastSeen(),
                        String.join(",", c.reasonCodes()),
                        c.alertIds().size(),
                        reviewed(c));
            }
            if (!table.isEmpty()) {
                out.print(table.render(""));
            }
            out.println(candidates.size() + " candidates");
        }
        return 0;
    }

    /** Who reviewed a candidate and when, or empty while pending. */
    static String reviewed(Candidate c) {
        if (c.reviewedAt() == null) {
            return "";
        }
        return "by " + c.reviewedBy() + " at " + TextTable.text(c.reviewedAt());
    }

    private static Optional<String> oneOf(Args args, String option, List<String> allowed) {
        if (!args.has(option)) {
            return Optional.empty();
        }
        String value = args.get(option, null).toUpperCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw new Args.UsageException(
                    "--" + option + " must be one of " + String.join(", ", allowed));
        }
        return Optional.of(value);
    }
}
