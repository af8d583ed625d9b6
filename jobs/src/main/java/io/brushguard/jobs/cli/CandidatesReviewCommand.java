package io.brushguard.jobs.cli;

import io.brushguard.jobs.credit.Candidate;
import io.brushguard.jobs.credit.CreditStore;
import io.brushguard.jobs.credit.Decision;

import java.io.PrintStream;
import java.util.List;

/** {@code brushguard candidates review}: a person confirms or dismisses a candidate. */
final class CandidatesReviewCommand implements Command {

    @Override
    public String name() {
        return "candidates review";
    }

    @Override
    public String summary() {
        return "confirm or dismiss a blacklist / red-list candidate";
    }

    @Override
    public String description() {
        return "Records a person's decision on a candidate: confirm sets review_status CONFIRMED,\n"
                + "dismiss sets DISMISSED, with who, when and an optional note. A later review\n"
                + "replaces an earlier one; the job never overwrites a review.\n"
                + "Needs a database user with brushguard_analyst.";
    }

    @Override
    public List<String> positionals() {
        return List.of("<candidate_id>", "<confirm|dismiss>");
    }

    @Override
    public List<Args.Option> options() {
        return DatabaseArgs.withDatabase(
                new Args.Option("by", "<name>", "who decided (default: the database login)"),
                new Args.Option("note", "<text>", "why, for the record"));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        Decision decision;
        try {
            decision = Decision.parse(args.positional(1));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        try (CreditStore store = CreditStore.open(DatabaseArgs.connection(args))) {
            Candidate c =
                    store.review(
                            args.positional(0),
                            decision,
                            args.get("by", null),
                            args.get("note", null));
            out.printf(
                    "%s (%s %s %s): %s %s%n",
                    c.candidateId(),
                    c.list(),
                    c.entityType(),
                    c.entityId(),
                    c.reviewStatus(),
                    CandidatesListCommand.reviewed(c));
        }
        return 0;
    }
}
