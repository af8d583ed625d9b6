package io.brushguard.jobs.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of the {@code brushguard} launcher. A name of two words ({@code "candidates
 * list"}) makes a command of a group: {@code brushguard candidates list ...}.
 */
public interface Command {

    String name();

    /** One line for the command list. */
    String summary();

    /** What it does, shown by {@code --help} above the options. */
    String description();

    List<Args.Option> options();

    /** Names of the required positional arguments, in order, as the usage line shows them. */
    default List<String> positionals() {
        return List.of();
    }

    /** Runs the command, printing its results to {@code out}; returns the process exit code. */
    int run(Args args, PrintStream out) throws Exception;
}
