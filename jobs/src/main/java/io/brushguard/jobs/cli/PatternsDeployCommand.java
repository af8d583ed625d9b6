package io.brushguard.jobs.cli;

import io.brushguard.jobs.control.ControlDecisions;
import io.brushguard.jobs.control.PatternChange;
import io.brushguard.jobs.control.PatternStatus;
import io.brushguard.patterns.definition.Definition;
import io.brushguard.patterns.definition.DefinitionError;
import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.definition.PatternDefinitions;
import io.brushguard.patterns.engine.CatalogUpdate;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code brushguard patterns deploy <file>}: checks a definition here, then deploys it to the
 * running job. A file with errors, or one of settings (correlation, gate, list candidates), is
 * never published.
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
        return "add a new pattern to the running job, or replace a rule by a higher version";
    }

    @Override
    public String description() {
        return "Checks one definition file (.yaml) as patterns validate does and, if it has no\n"
                + "errors, deploys it to the running job: a new pattern's id is added; a known\n"
                + "rule, new pattern or built-in, is replaced when the file's version is higher\n"
                + "than the one the job runs (the same file again changes nothing). It runs with\n"
                + "the file's enabled and shadow settings; what its state becomes is in\n"
                + "docs/patterns.md, State across changes. A file with errors is not published;\n"
                + "nor is one of settings (correlation, gate, list candidates), which change only\n"
                + "when the job restarts from a savepoint with run --patterns.\n"
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
        if (d.meta() == null) {
            out.println("REJECTED (not published): " + localReason(change));
            return 1;
        }
        return printOutcome(exchange(args, change, out), out);
    }

    /**
     * What the job would answer to deploying settings: its own check, against the shipped
     * definitions (any job rejects such a deploy the same way).
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
