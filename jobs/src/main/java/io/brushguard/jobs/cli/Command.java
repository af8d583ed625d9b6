package io.brushguard.jobs.cli;

import java.util.List;

/** One subcommand of the {@code brushguard} launcher. */
public interface Command {

    String name();

    /** One line for the command list. */
    String summary();

    /** What it does, shown by {@code --help} above the options. */
    String description();

    List<Args.Option> options();

    /** Runs the command; returns the process exit code. */
    int run(Args args) throws Exception;
}
