package io.brushguard.jobs.cli;

import io.brushguard.jobs.control.PatternChange;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code brushguard} command line: {@code brushguard <command> [arguments] [options]}, {@code
 * --help} on every command. Some commands come in groups of two words ({@code brushguard candidates
 * list}). Exit codes: 0 done, 1 failed, 2 bad usage (the {@code patterns} commands that change the
 * running job: 3 no answer in time).
 */
public final class Main {

    static final List<Command> COMMANDS =
            List.of(
                    new DemoCommand(),
                    new GenerateCommand(),
                    new BacktestCommand(),
                    new RunCommand(),
                    new CreditShowCommand(),
                    new CandidatesListCommand(),
                    new CandidatesReviewCommand(),
                    new ExportCommand(),
                    new DbMigrateCommand(),
                    new PatternsValidateCommand(),
                    new PatternsDeployCommand(),
                    new PatternsSwitchCommand(PatternChange.Action.DISABLE),
                    new PatternsSwitchCommand(PatternChange.Action.ENABLE),
                    new PatternsSwitchCommand(PatternChange.Action.SHADOW),
                    new PatternsSwitchCommand(PatternChange.Action.UNSHADOW),
                    new PatternsSwitchCommand(PatternChange.Action.REMOVE),
                    new PatternsListCommand());

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
        Command command = find(argv);
        if (command == null) {
            return unknownCommand(argv, out, err);
        }
        String[] rest = Arrays.copyOfRange(argv, words(command).length, argv.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            out.print(help(command));
            return 0;
        }
        try {
            return command.run(
                    Args.parse(rest, withHelp(command.options()), command.positionals()), out);
        } catch (Args.UsageException e) {
            err.println("brushguard " + command.name() + ": " + e.getMessage());
            err.print(help(command));
            return 2;
        } catch (Exception e) {
            err.println("brushguard " + command.name() + " failed: " + rootMessage(e));
            return 1;
        }
    }

    /** The command whose name is the first word, or the first two words, of the command line. */
    private static Command find(String[] argv) {
        for (Command c : COMMANDS) {
            String[] words = words(c);
            if (words.length <= argv.length
                    && Arrays.equals(words, Arrays.copyOfRange(argv, 0, words.length))) {
                return c;
            }
        }
        return null;
    }

    /** An unknown command, or a group's name without (a known) one of its commands. */
    private static int unknownCommand(String[] argv, PrintStream out, PrintStream err) {
        List<Command> group = COMMANDS.stream().filter(c -> words(c)[0].equals(argv[0])).toList();
        if (group.isEmpty()) {
            err.println("brushguard: unknown command '" + argv[0] + "'");
            err.print(overview());
            return 2;
        }
        String list = list(group);
        if (argv.length > 1 && (argv[1].equals("--help") || argv[1].equals("-h"))) {
            out.print(list);
            return 0;
        }
        err.println(
                argv.length == 1
                        ? "brushguard " + argv[0] + ": which one?"
                        : "brushguard " + argv[0] + ": unknown command '" + argv[1] + "'");
        err.print(list);
        return 2;
    }

    private static String[] words(Command c) {
        return c.name().split(" ");
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
                                + " [options]    (brushguard <command> --help for its options)\n\n");
        return sb.append(list(COMMANDS)).toString();
    }

    private static String list(List<Command> commands) {
        int width = commands.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        StringBuilder sb = new StringBuilder("Commands:\n");
        for (Command c : commands) {
            sb.append(String.format("  %-" + width + "s  %s%n", c.name(), c.summary()));
        }
        return sb.toString();
    }

    static String help(Command command) {
        StringBuilder sb = new StringBuilder("Usage: brushguard ").append(command.name());
        command.positionals().forEach(p -> sb.append(' ').append(p));
        sb.append(" [options]\n\n").append(command.description()).append("\n\nOptions:\n");
        for (Args.Option o : withHelp(command.options())) {
            String left = "--" + o.name() + (o.value() == null ? "" : " " + o.value());
            sb.append(
                    String.format(
                            "  %-28s %s%n", left, o.help().replace("\n", "\n" + " ".repeat(31))));
        }
        return sb.toString();
    }
}
