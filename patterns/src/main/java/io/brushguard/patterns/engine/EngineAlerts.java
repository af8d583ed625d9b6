package io.brushguard.patterns.engine;

import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.IdentifierType;

import java.time.Duration;
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

    /** What the alerts of one pattern always say, worked out once per pattern. */
    static final class Texts {
        final String subject;
        final String window;
        final String block;
        final String[] where;
        final String[] conditions;
        final String steps;
        final String stepNames;
        // A sequence's timeline text per step, and what its summary says after the subject.
        final String[] stepTexts;
        final String sequenceTail;
        final String absenceTail;
        final String absentFact;
        // A sequence's shared fields, as its alerts' fact "same" names them (null: none).
        final String same;

        Texts(PatternSpec spec) {
            subject = spec.subject().name().toLowerCase(Locale.ROOT);
            window =
                    Duration.ofMillis(spec.windowMs())
                            .toString()
                            .substring(2)
                            .toLowerCase(Locale.ROOT);
            block = spec.block() instanceof CountBlock ? "count" : "sequence";
            List<Step> all = spec.steps();
            where = new String[all.size()];
            conditions = new String[all.size()];
            StringBuilder chain = new StringBuilder();
            for (int i = 0; i < all.size(); i++) {
                Step s = all.get(i);
                conditions[i] =
                        s.where().stream()
                                .map(Condition::text)
                                .collect(Collectors.joining(" and "));
                where[i] = s.where().isEmpty() ? "" : " where " + conditions[i];
                if (!s.absent()) {
                    chain.append(chain.length() > 0 ? " -> " : "").append(s.name());
                }
            }
            steps = chain.toString();
            stepNames = all.stream().map(Step::name).collect(Collectors.joining(", "));
            stepTexts = new String[all.size()];
            for (int i = 0; i < all.size(); i++) {
                stepTexts[i] = "step " + all.get(i).name() + where[i];
            }
            int last = all.size() - 1;
            sequenceTail = ": " + steps + " within " + window;
            absenceTail = ": " + steps + ", then no " + all.get(last).name() + " within " + window;
            absentFact = all.get(last).name() + where[last];
            same =
                    spec.block() instanceof SequenceBlock s && !s.same().isEmpty()
                            ? String.join(", ", s.same())
                            : null;
        }
    }

    public static RiskAlert of(Match m, long detectedAt) {
        PatternSpec spec = m.spec();
        Texts t = m.compiled().texts;
        AlertBuilder b =
                AlertBuilder.forRule(spec.meta())
                        .subject(spec.subject(), m.subjectId())
                        .score(spec.score())
                        .fact("pattern", t.block)
                        .fact("window", t.window);
        for (KeyState.Mark mark : m.marks()) {
            b.orders(mark.orderIds());
        }
        b.window(m.marks().get(0).start(), m.end());
        if (spec.block() instanceof CountBlock c) {
            count(b, t, c, m);
        } else {
            sequence(b, t, (SequenceBlock) spec.block(), m);
        }
        return b.build(detectedAt);
    }

    private static void count(AlertBuilder b, Texts t, CountBlock c, Match m) {
        Step step = c.match();
        String stream = step.stream().defaultName();
        int n = m.marks().size();
        String what =
                c.distinct() == null
                        ? n + " " + stream + " events"
                        : n + " distinct " + c.distinct().fieldName + " values of " + stream;
        b.summary(
                        t.subject
                                + " "
                                + m.subjectId()
                                + ": "
                                + what
                                + t.where[0]
                                + " within "
                                + t.window
                                + " (threshold "
                                + c.min()
                                + ")")
                .fact("count", n)
                .fact("threshold", c.min())
                .fact("where", t.conditions[0]);
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

    private static void sequence(AlertBuilder b, Texts t, SequenceBlock s, Match m) {
        KeyState.Mark mark = m.marks().get(0);
        List<Step> steps = s.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (!step.absent()) {
                b.timeline(mark.at[i], step.stream().defaultName(), mark.orders[i], t.stepTexts[i]);
            }
        }
        if (m.absence()) {
            b.fact("absent", t.absentFact);
        }
        b.summary(t.subject + " " + m.subjectId() + (m.absence() ? t.absenceTail : t.sequenceTail))
                .fact("steps", t.stepNames);
        if (t.same != null) {
            // The shared values themselves are not written: the orders and subject carry them.
            b.fact("same", t.same);
        }
    }
}
