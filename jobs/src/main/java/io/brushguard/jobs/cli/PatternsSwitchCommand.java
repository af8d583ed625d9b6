package io.brushguard.jobs.cli;

import io.brushguard.jobs.control.PatternChange;
import io.brushguard.jobs.control.PatternChange.Action;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code brushguard patterns disable|enable|shadow|unshadow|remove <id>}: one change of a rule of
 * the running job.
 */
final class PatternsSwitchCommand extends PatternControlCommand {

    private final Action action;

    PatternsSwitchCommand(Action action) {
        this(action, ControlChannel::kafka);
    }

    PatternsSwitchCommand(Action action, ControlChannel.Factory channels) {
        super(channels);
        if (action == Action.DEPLOY || action == Action.REPORT) {
            throw new IllegalArgumentException(action.toString());
        }
        this.action = action;
    }

    @Override
    public String name() {
        return "patterns " + action.word();
    }

    @Override
    public String summary() {
        return switch (action) {
            case DISABLE -> "stop a rule of the running job (built-in or declarative)";
            case ENABLE -> "start a disabled rule of the running job again";
            case SHADOW -> "put a rule of the running job in shadow mode";
            case UNSHADOW -> "take a rule of the running job out of shadow mode";
            case REMOVE -> "remove a declarative pattern from the running job";
            default -> throw new IllegalStateException();
        };
    }

    @Override
    public String description() {
        String what =
                switch (action) {
                    case DISABLE ->
                            "Disables a rule, built-in or declarative, of the running job:"
                                    + " it reads\nnothing and alerts nothing, and its state is dropped.";
                    case ENABLE ->
                            "Enables a disabled rule of the running job again, with empty"
                                    + " state. A built-in\nrule that was disabled when the job started has"
                                    + " no detector in the job: the\njob rejects its enable; restart it"
                                    + " from a savepoint with the rule enabled.";
                    case SHADOW ->
                            "Puts a rule, built-in or declarative, of the running job in"
                                    + " shadow mode: its\nalerts go to the shadow-alerts topic only, never"
                                    + " to the alert feed.";
                    case UNSHADOW ->
                            "Takes a rule of the running job out of shadow mode: its"
                                    + " alerts are published\nagain.";
                    case REMOVE ->
                            "Removes a declarative pattern from the running job, with its"
                                    + " state. Built-in\nrules cannot be removed; disable them.";
                    default -> throw new IllegalStateException();
                };
        return what
                + "\nPrints APPLIED <id> v<version> (revision <n>): enabled|disabled[, shadow],\n"
                + "UNCHANGED ... (it was so already), or REJECTED: <reason>.\n\n"
                + TOPICS_HELP;
    }

    @Override
    public List<String> positionals() {
        return List.of("<id>");
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        PatternChange change =
                new PatternChange(requestId(), action, args.positional(0), null, null, byOf(args));
        return printOutcome(exchange(args, change, out), out);
    }
}
