package io.brushguard.jobs.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code brushguard} command line: {@code brushguard <command> [options]}, {@code --help} on
 * every command. Exit codes: 0 done, 1 failed, 2 bad usage.
 */
public final class Main {

    static final List<Command> COMMANDS =
            List.of(
                    new DemoCommand(),
                    new GenerateCommand(),
                    new BacktestCommand(),
                    new RunCommand());

    private Main() {}

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    /** Runs a command line; returns the exit code. */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0
                || argv[0].equals("--help")
                || argv[0].equals("-h")
                || argv[0].equals("help")) {
            out.print(overview());
            return argv.length == 0 ? 2 : 0;
        }
        Command command =
                COMMANDS.stream().filter(c -> c.name().equals(argv[0])).findFirst().orElse(null);
        if (command == null) {
            err.println("brushguard: unknown command '" + argv[0] + "'");
            err.print(overview());
            return 2;
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            out.print(help(command));
            return 0;
        }
        try {
            return command.run(Args.parse(rest, withHelp(command.options())));
        } catch (Args.UsageException e) {
            err.println("brushguard " + command.name() + ": " + e.getMessage());
            err.print(help(command));
            return 2;
        } catch (Exception e) {
            err.println("brushguard " + command.name() + " failed: " + rootMessage(e));
            return 1;
        }
    }

    private static List<Args.Option> withHelp(List<Args.Option> options) {
        List<Args.Option> all = new ArrayList<>(options);
        all.add(new Args.Option("help", null, "show this help"));
        return all;
    }

    static String rootMessage(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        while (cause != null && cause != e) {
            if (cause.getMessage() != null && !sb.toString().contains(cause.getMessage())) {
                sb.append(": ").append(cause.getMessage());
            }
            e = cause;
            cause = cause.getCause();
        }
        return sb.toString();
    }

    static String overview() {
        StringBuilder sb =
                new StringBuilder(
                        "brushguard: real-time brushing, empty-parcel and malicious-review"
                                + " detection on Apache Flink\n\nUsage: brushguard <command>"
                                + " [options]    (brushguard <command> --help for its options)\n\n"
                                + "Commands:\n");
        for (Command c : COMMANDS) {
            sb.append(String.format("  %-10s %s%n", c.name(), c.summary()));
        }
        return sb.toString();
    }

    static String help(Command command) {
        StringBuilder sb =
                new StringBuilder("Usage: brushguard ")
                        .append(command.name())
                        .append(" [options]\n\n")
                        .append(command.description())
                        .append("\n\nOptions:\n");
        for (Args.Option o : withHelp(command.options())) {
            String left = "--" + o.name() + (o.value() == null ? "" : " " + o.value());
            sb.append(
                    String.format(
                            "  %-28s %s%n", left, o.help().replace("\n", "\n" + " ".repeat(31))));
        }
        return sb.toString();
    }
}
