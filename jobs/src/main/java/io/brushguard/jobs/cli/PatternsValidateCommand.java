package io.brushguard.jobs.cli;

import io.brushguard.patterns.definition.DefinitionError;
import io.brushguard.patterns.definition.PatternDefinitions;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code brushguard patterns validate}: checks pattern definition files without running them. */
final class PatternsValidateCommand implements Command {

    @Override
    public String name() {
        return "patterns validate";
    }

    @Override
    public String summary() {
        return "check pattern definition files (.yaml); print every error as file:line: reason";
    }

    @Override
    public String description() {
        return "Reads one pattern definition file, or every .yaml / .yml file of a directory, and\n"
                + "checks it as backtest --patterns and run --patterns would use it: fields and\n"
                + "their types, durations, kinds, subjects and severities, thresholds in range,\n"
                + "ids unique and matching their file names. Prints OK <n> definitions and exits 0,\n"
                + "or prints every error as file:line: reason and exits 1. The format is in\n"
                + "docs/patterns.md; the shipped definitions are in\n"
                + "patterns/src/main/resources/patterns/.";
    }

    @Override
    public List<String> positionals() {
        return List.of("<file|dir>");
    }

    @Override
    public List<Args.Option> options() {
        return List.of();
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        PatternDefinitions.Result read = PatternDefinitions.read(Path.of(args.positional(0)));
        if (read.ok()) {
            out.println("OK " + read.definitions().size() + " definitions");
            return 0;
        }
        for (DefinitionError e : read.errors()) {
            out.println(e);
        }
        return 1;
    }
}
