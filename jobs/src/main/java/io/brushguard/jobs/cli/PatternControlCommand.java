package io.brushguard.jobs.cli;

import io.brushguard.jobs.control.PatternChange;
import io.brushguard.jobs.control.PatternControlClient;
import io.brushguard.jobs.control.PatternStatus;
import io.brushguard.patterns.definition.Durations;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * What the {@code patterns} commands that change the running job share: the options that say where
 * its Kafka is, sending one change and waiting for the answer, and printing it. Exit codes: 0
 * applied or unchanged, 1 rejected, 3 no answer in time.
 */
abstract class PatternControlCommand implements Command {

    /** Exit code when the change was published but the job did not answer in time. */
    static final int NO_ANSWER = 3;

    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    static final String TOPICS_HELP =
            "The change goes to the control topic (brushguard.kafka.topic.pattern-control,\n"
                    + "default pattern-control) that the running job reads; the job checks it,\n"
                    + "applies it or rejects it with a reason, and answers on the status topic\n"
                    + "(brushguard.kafka.topic.pattern-status, default pattern-status), which this\n"
                    + "command waits on. Exit codes: 0 applied or unchanged, 1 rejected (nothing\n"
                    + "changed) or failed, 3 published but no answer within --wait.\n"
                    + "See docs/patterns.md, \"Live rollout\".";

    private final ControlChannel.Factory channels;

    PatternControlCommand(ControlChannel.Factory channels) {
        this.channels = channels;
    }

    @Override
    public List<Args.Option> options() {
        return List.of(
                new Args.Option(
                        "bootstrap-servers",
                        "<hosts>",
                        "Kafka of the running job (default: localhost:9092, or\n"
                                + "brushguard.kafka.bootstrap-servers of --config / --set)"),
                new Args.Option(
                        "config",
                        "<file>",
                        "a properties file of configuration keys, as for run (its Kafka\n"
                                + "settings and topic names are used)"),
                new Args.Option(
                        "set",
                        "<key=value>",
                        "one configuration key; repeatable; wins over --config"),
                new Args.Option(
                        "wait",
                        "<duration>",
                        "how long to wait for the job's answer (default 30s; 90s, 2m, PT1M)"),
                new Args.Option(
                        "by",
                        "<name>",
                        "who makes the change, recorded by the job (default: $USER)"));
    }

    static Duration waitOf(Args args) {
        if (!args.has("wait")) {
            return DEFAULT_WAIT;
        }
        try {
            Duration d = Durations.parse(args.get("wait", null));
            if (d.isNegative() || d.isZero()) {
                throw new Args.UsageException("--wait must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--wait: " + e.getMessage());
        }
    }

    static String byOf(Args args) {
        String by = args.get("by", null);
        if (by == null || by.isBlank()) {
            by = System.getenv("USER");
        }
        return by == null || by.isBlank() ? "unknown" : by;
    }

    static String requestId() {
        return PatternControlClient.newRequestId();
    }

    /**
     * Sends {@code change}; prints the timeout message and returns null when the job did not
     * answer.
     */
    final PatternStatus exchange(Args args, PatternChange change, PrintStream out)
            throws Exception {
        Duration wait = waitOf(args);
        try (ControlChannel channel = channels.open(RunCommand.configuration(args))) {
            PatternStatus s = channel.send(change, wait);
            if (s == null) {
                out.println(
                        "published; no answer from the job within "
                                + text(wait)
                                + ": is it running and reading "
                                + channel.controlTopic()
                                + "?");
            }
            return s;
        }
    }

    /** Prints the answer to a change; returns the exit code. */
    static int printOutcome(PatternStatus s, PrintStream out) {
        if (s == null) {
            return NO_ANSWER;
        }
        String outcome = String.valueOf(s.outcome());
        switch (outcome) {
            case PatternStatus.APPLIED, PatternStatus.UNCHANGED -> {
                out.println(outcome + " " + describe(s));
                return 0;
            }
            case PatternStatus.REJECTED -> {
                out.println("REJECTED: " + s.reason());
                return 1;
            }
            default -> {
                out.println("unexpected answer " + outcome + " to " + s.action() + " " + s.id());
                return 1;
            }
        }
    }

    /** {@code id v2 (revision 5): enabled, shadow}, or {@code id removed (revision 6)}. */
    static String describe(PatternStatus s) {
        PatternStatus.Rule r = rule(s, s.id());
        if (r == null) {
            return s.id() + " removed (revision " + s.revision() + ")";
        }
        return r.id()
                + " v"
                + r.version()
                + " (revision "
                + s.revision()
                + "): "
                + (r.enabled() ? "enabled" : "disabled")
                + (r.shadow() ? ", shadow" : "");
    }

    static PatternStatus.Rule rule(PatternStatus s, String id) {
        if (s.definitions() == null || id == null) {
            return null;
        }
        return s.definitions().stream().filter(r -> id.equals(r.id())).findFirst().orElse(null);
    }

    /** 30s, 2m, 1500ms: as a person would write it. */
    static String text(Duration d) {
        if (d.toMillisPart() != 0 || d.isZero()) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
