package io.brushguard.jobs.cli;

import io.brushguard.jobs.control.ControlDecisions;
import io.brushguard.jobs.control.PatternChange;
import io.brushguard.jobs.control.PatternStatus;
import io.brushguard.patterns.definition.Definition;
import io.brushguard.patterns.definition.DefinitionError;
import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.definition.PatternDefinitions;
import io.brushguard.patterns.engine.CatalogUpdate;
import io.brushguard.patterns.engine.PatternSpec;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code brushguard patterns deploy <file>}: checks a declarative pattern here, then deploys it to
 * the running job. A file with errors, or a built-in rule's file, is never published.
 */
final class PatternsDeployCommand extends PatternControlCommand {

    PatternsDeployCommand() {
        this(ControlChannel::kafka);
    }

    PatternsDeployCommand(ControlChannel.Factory channels) {
        super(channels);
    }

    @Override
    public String name() {
        return "patterns deploy";
    }

    @Override
    public String summary() {
        return "add a declarative pattern to the running job, or replace it by a higher version";
    }

    @Override
    public String description() {
        return "Checks one declarative pattern file (.yaml) as patterns validate does and, if it\n"
                + "has no errors, deploys it to the running job: a new id is added, a known one\n"
                + "is replaced when the file's version is higher than the one the job runs (the\n"
                + "same file again changes nothing). The pattern starts with the file's enabled\n"
                + "and shadow settings and empty state. A file with errors is not published;\n"
                + "nor is a built-in rule's file: built-in parameters change only when the job\n"
                + "restarts from a savepoint with run --patterns.\n"
                + "Prints APPLIED <id> v<version> (revision <n>), UNCHANGED ..., or\n"
                + "REJECTED: <reason>.\n\n"
                + TOPICS_HELP;
    }

    @Override
    public List<String> positionals() {
        return List.of("<file>");
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        Path file = Path.of(args.positional(0));
        if (!Files.isRegularFile(file)) {
            throw new Args.UsageException(
                    file + " is not a file; deploy one definition file (.yaml) at a time");
        }
        PatternDefinitions.Result read = PatternDefinitions.read(file);
        if (!read.ok()) {
            for (DefinitionError e : read.errors()) {
                out.println(e);
            }
            out.println("not published: fix the errors above (brushguard patterns validate)");
            return 1;
        }
        Definition d = read.definitions().get(0);
        PatternChange change =
                new PatternChange(
                        requestId(),
                        PatternChange.Action.DEPLOY,
                        d.id(),
                        Files.readString(file, StandardCharsets.UTF_8),
                        file.getFileName().toString(),
                        byOf(args));
        if (!(d.rule() instanceof PatternSpec)) {
            out.println("REJECTED (not published): " + localReason(change));
            return 1;
        }
        return printOutcome(exchange(args, change, out), out);
    }

    /**
     * What the job would answer to deploying a definition that is not a declarative pattern: its
     * own check, against the shipped definitions (any job rejects such a deploy the same way).
     */
    static String localReason(PatternChange change) {
        PatternStatus s =
                ControlDecisions.decide(
                                change,
                                CatalogUpdate.EMPTY,
                                new LiveCatalog(PatternDefinitions.shipped()),
                                System.currentTimeMillis())
                        .status();
        return s.reason();
    }
}
