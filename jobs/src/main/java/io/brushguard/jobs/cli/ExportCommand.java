package io.brushguard.jobs.cli;

import io.brushguard.jobs.credit.RegulatorExport;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** {@code brushguard export}: one period of the pseudonymised regulator feed, to files. */
final class ExportCommand implements Command {

    @Override
    public String name() {
        return "export";
    }

    @Override
    public String summary() {
        return "export a period's pseudonymised alerts and candidates for regulators";
    }

    @Override
    public String description() {
        return "Writes the alerts whose window_end and the candidates whose last_seen fall in\n"
                + "[--from, --to) as alerts.jsonl, alerts.csv, candidates.jsonl and candidates.csv.\n"
                + "It reads only the views regulator_alerts and regulator_candidates, where people\n"
                + "appear as pseudonyms, so it works as a user holding just brushguard_regulator.\n"
                + "Times: an ISO date (2026-05-01, midnight UTC), date-time (2026-05-01T08:00,\n"
                + "UTC) or instant (2026-05-01T08:00:00Z, 2026-05-01T16:00+08:00).";
    }

    @Override
    public List<Args.Option> options() {
        return DatabaseArgs.withDatabase(
                new Args.Option("from", "<time>", "start of the period, included (required)"),
                new Args.Option("to", "<time>", "end of the period, excluded (required)"),
                new Args.Option("out", "<dir>", "directory to write the four files to (required)"));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        Instant from = instant("from", args.required("from"));
        Instant to = instant("to", args.required("to"));
        Path dir = Path.of(args.required("out"));
        if (!from.isBefore(to)) {
            throw new Args.UsageException("--from must be before --to");
        }
        RegulatorExport.Summary s =
                RegulatorExport.write(DatabaseArgs.connection(args), from, to, dir);
        out.printf(
                "exported %d alerts and %d candidates of [%s, %s) to %s:"
                        + " alerts.jsonl, alerts.csv, candidates.jsonl, candidates.csv%n",
                s.alerts(), s.candidates(), from, to, dir.toAbsolutePath());
        return 0;
    }

    /** An ISO date, date-time or instant; dates and date-times without an offset are UTC. */
    static Instant instant(String option, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            // try the other forms
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            // try the other forms
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notADateTime) {
            // try a date
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new Args.UsageException(
                    "--"
                            + option
                            + " must be an ISO date (2026-05-01) or instant"
                            + " (2026-05-01T08:00:00Z), got '"
                            + text
                            + "'");
        }
    }
}
