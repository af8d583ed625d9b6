package io.brushguard.jobs.cli;

import io.brushguard.jobs.control.PatternChange;
import io.brushguard.jobs.control.PatternStatus;

import java.io.PrintStream;
import java.time.Instant;

/** {@code brushguard patterns list}: the definitions the running job runs. */
final class PatternsListCommand extends PatternControlCommand {

    PatternsListCommand() {
        this(ControlChannel::kafka);
    }

    PatternsListCommand(ControlChannel.Factory channels) {
        super(channels);
    }

    @Override
    public String name() {
        return "patterns list";
    }

    @Override
    public String summary() {
        return "list the definitions the running job runs, with their switches and origin";
    }

    @Override
    public String description() {
        return "Asks the running job for its definitions (a report request on the control topic;\n"
                + "it changes nothing) and prints them: id, version, type (built-in or\n"
                + "declarative), kind, subject (declarative), enabled, shadow, origin (start: the\n"
                + "definitions the job started with; deployed: changed live), by whom and when\n"
                + "(UTC) it was changed, and the job's revision (the number of changes applied).\n\n"
                + TOPICS_HELP;
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        PatternChange change =
                new PatternChange(
                        requestId(), PatternChange.Action.REPORT, null, null, null, byOf(args));
        PatternStatus s = exchange(args, change, out);
        if (s == null) {
            return NO_ANSWER;
        }
        if (!PatternStatus.REPORT.equals(s.outcome())) {
            printOutcome(s, out);
            return 1;
        }
        out.print(table(s));
        return 0;
    }

    static String table(PatternStatus s) {
        TextTable table =
                new TextTable(
                        "id",
                        "version",
                        "type",
                        "kind",
                        "subject",
                        "enabled",
                        "shadow",
                        "origin",
                        "by",
                        "deployed at");
        int n = 0;
        if (s.definitions() != null) {
            for (PatternStatus.Rule r : s.definitions()) {
                table.row(
                        r.id(),
                        r.version(),
                        r.type(),
                        r.kind(),
                        r.subject(),
                        r.enabled() ? "yes" : "no",
                        r.shadow() ? "yes" : "no",
                        r.origin(),
                        r.by(),
                        r.deployedAt() == null ? null : Instant.ofEpochMilli(r.deployedAt()));
                n++;
            }
        }
        return (table.isEmpty() ? "" : table.render(""))
                + n
                + " definitions, revision "
                + s.revision()
                + "\n";
    }
}
