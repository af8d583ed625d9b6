package io.brushguard.patterns.engine;

import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.IdentifierType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A declarative pattern's {@link Match} as a candidate alert: its rule id and version, subject,
 * window, orders and score, and evidence a person can read: what was counted or which steps
 * happened when, and the definition's conditions. Every personal identifier the evidence names is
 * registered for the regulator feed.
 */
public final class EngineAlerts {

    private EngineAlerts() {}

    public static RiskAlert of(Match m, long detectedAt) {
        PatternSpec spec = m.spec();
        AlertBuilder b =
                AlertBuilder.forRule(spec.meta())
                        .subject(spec.subject(), m.subjectId())
                        .score(spec.score())
                        .fact("pattern", spec.block() instanceof CountBlock ? "count" : "sequence")
                        .fact("window", Duration.ofMillis(spec.windowMs()));
        List<String> orders = new ArrayList<>();
        for (KeyState.Mark mark : m.marks()) {
            orders.addAll(mark.orderIds());
        }
        b.orders(orders);
        long start = m.marks().get(0).start();
        b.window(start, m.end());
        if (spec.block() instanceof CountBlock c) {
            count(b, spec, c, m);
        } else {
            sequence(b, spec, (SequenceBlock) spec.block(), m);
        }
        return b.build(detectedAt);
    }

    private static void count(AlertBuilder b, PatternSpec spec, CountBlock c, Match m) {
        Step step = c.match();
        String stream = step.stream().defaultName();
        int n = m.marks().size();
        String what =
                c.distinct() == null
                        ? n + " " + stream + " events"
                        : n + " distinct " + c.distinct().fieldName + " values of " + stream;
        b.summary(
                        spec.subject().name().toLowerCase(Locale.ROOT)
                                + " "
                                + m.subjectId()
                                + ": "
                                + what
                                + where(step)
                                + " within "
                                + shown(spec.windowMs())
                                + " (threshold "
                                + c.min()
                                + ")")
                .fact("count", n)
                .fact("threshold", c.min())
                .fact("where", conditions(step));
        if (c.distinct() != null) {
            b.fact("distinct", c.distinct().fieldName);
        }
        IdentifierType personal = c.distinct() == null ? null : c.distinct().identifier;
        for (KeyState.Mark mark : m.marks()) {
            String text = step.name();
            if (mark.value != null) {
                text += " " + c.distinct().fieldName + "=" + mark.value;
                b.identify(personal, mark.value);
            }
            b.timeline(mark.start(), stream, mark.orders[0], text);
        }
    }

    private static void sequence(AlertBuilder b, PatternSpec spec, SequenceBlock s, Match m) {
        KeyState.Mark mark = m.marks().get(0);
        List<Step> steps = s.steps();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step.absent()) {
                continue;
            }
            if (text.length() > 0) {
                text.append(" -> ");
            }
            text.append(step.name());
            b.timeline(
                    mark.at[i],
                    step.stream().defaultName(),
                    mark.orders[i],
                    "step " + step.name() + where(step));
        }
        Step last = steps.get(steps.size() - 1);
        if (m.absence()) {
            text.append(", then no ").append(last.name());
            b.fact("absent", last.name() + where(last));
        }
        b.summary(
                        spec.subject().name().toLowerCase(Locale.ROOT)
                                + " "
                                + m.subjectId()
                                + ": "
                                + text
                                + " within "
                                + shown(spec.windowMs()))
                .fact("steps", steps.stream().map(Step::name).collect(Collectors.joining(", ")));
        if (!s.same().isEmpty()) {
            // The shared values themselves are not written: the orders and subject carry them.
            b.fact("same", String.join(", ", s.same()));
        }
    }

    private static String where(Step step) {
        return step.where().isEmpty() ? "" : " where " + conditions(step);
    }

    private static String conditions(Step step) {
        return step.where().stream().map(Condition::text).collect(Collectors.joining(" and "));
    }

    private static String shown(long ms) {
        return Duration.ofMillis(ms).toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
