package io.brushguard.jobs.regulator;

import io.brushguard.avro.Evidence;
import io.brushguard.avro.RegulatorAlert;
import io.brushguard.avro.RegulatorEvidence;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.TimelineEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Risk alerts as regulators see them ({@link RegulatorAlert}): every personal identifier the
 * evidence names ({@code Evidence.identifiers}, and a personal subject) replaced by its keyed
 * pseudonym in the summary, the fact names and values and the timeline; shop and carrier ids, order
 * ids and every other field as they are.
 *
 * <p>Identifiers are replaced as whole tokens, in one pass, longest first: an identifier counts
 * where it is not glued to a letter, digit or underscore, nor to a {@code - . : @ /} that joins it
 * to one. So {@code u1} is replaced in "buyer u1," or "(u1)" but not inside {@code u12} or {@code
 * s-u1}, and a replaced text is never scanned again. Detectors must therefore write identifiers as
 * tokens of their own (which every detector does: "by buyer u1", "u1,u2", "device dv1").
 */
public final class RegulatorAlerts {

    private static final String WORD = "[\\p{L}\\p{N}_]";
    private static final String JOINER = "[-.:@/]";
    private static final String BEFORE = "(?<!" + WORD + ")(?<!" + WORD + JOINER + ")";
    private static final String AFTER = "(?!" + WORD + ")(?!" + JOINER + WORD + ")";

    private RegulatorAlerts() {}

    /** The regulator's copy of {@code alert}, pseudonymised by {@code pseudonyms}. */
    public static RegulatorAlert toRegulator(RiskAlert alert, Pseudonymizer pseudonyms) {
        Replacer replacer = new Replacer(identifiers(alert), pseudonyms);
        Evidence evidence = alert.getEvidence();
        Map<String, String> facts = new LinkedHashMap<>();
        if (evidence.getFacts() != null) {
            evidence.getFacts()
                    .forEach(
                            (name, value) ->
                                    facts.put(
                                            replacer.apply(name),
                                            name.equals(SIGNAL_ALERT_IDS)
                                                    ? alertRefs(value, pseudonyms)
                                                    : replacer.apply(value)));
        }
        List<TimelineEntry> timeline = new ArrayList<>();
        if (evidence.getTimeline() != null) {
            for (TimelineEntry e : evidence.getTimeline()) {
                timeline.add(
                        new TimelineEntry(
                                e.getAt(),
                                e.getStream(),
                                e.getOrderId(),
                                replacer.apply(e.getWhat())));
            }
        }
        return RegulatorAlert.newBuilder()
                .setAlertId(pseudonyms.alertRef(alert.getAlertId()))
                .setKind(alert.getKind())
                .setDirection(alert.getDirection())
                .setRuleId(alert.getRuleId())
                .setRuleVersion(alert.getRuleVersion())
                .setSeverity(alert.getSeverity())
                .setEntityType(alert.getEntityType())
                .setEntityRef(pseudonyms.entityRef(alert.getEntityType(), alert.getEntityId()))
                .setEntityPseudonymised(Pseudonymizer.isPersonal(alert.getEntityType()))
                .setWindowStart(alert.getWindowStart())
                .setWindowEnd(alert.getWindowEnd())
                .setOrderIds(new ArrayList<>(alert.getOrderIds()))
                .setEvidence(
                        new RegulatorEvidence(
                                replacer.apply(evidence.getSummary()), facts, timeline))
                .setScore(alert.getScore())
                .setDetectedAt(alert.getDetectedAt())
                .setPseudonymKeyId(pseudonyms.keyId())
                .build();
    }

    /** The fact in which a combined alert lists the alert ids of its signals. */
    static final String SIGNAL_ALERT_IDS = "signal_alert_ids";

    /** A comma-separated list of alert ids, each replaced by its keyed reference. */
    private static String alertRefs(String ids, Pseudonymizer pseudonyms) {
        List<String> refs = new ArrayList<>();
        for (String id : ids.split(",")) {
            if (!id.isBlank()) {
                refs.add(pseudonyms.alertRef(id.trim()));
            }
        }
        return String.join(",", refs);
    }

    /** The values to replace: the registered identifiers and, when personal, the subject. */
    private static TreeSet<String> identifiers(RiskAlert alert) {
        TreeSet<String> values = new TreeSet<>();
        Map<String, String> registered = alert.getEvidence().getIdentifiers();
        if (registered != null) {
            values.addAll(registered.keySet());
        }
        if (Pseudonymizer.isPersonal(alert.getEntityType()) && alert.getEntityId() != null) {
            values.add(alert.getEntityId());
        }
        values.removeIf(String::isEmpty);
        return values;
    }

    /** Replaces whole-token identifiers with their pseudonyms, longest identifier first. */
    private static final class Replacer {
        private final Pattern pattern;
        private final Map<String, String> pseudonyms = new LinkedHashMap<>();

        Replacer(TreeSet<String> values, Pseudonymizer pseudonymizer) {
            if (values.isEmpty()) {
                pattern = null;
                return;
            }
            List<String> longestFirst = new ArrayList<>(values);
            longestFirst.sort(
                    Comparator.comparingInt(String::length)
                            .reversed()
                            .thenComparing(Comparator.naturalOrder()));
            StringBuilder alternatives = new StringBuilder();
            for (String value : longestFirst) {
                pseudonyms.put(value, pseudonymizer.pseudonym(value));
                alternatives.append(alternatives.length() == 0 ? "" : "|");
                alternatives.append(Pattern.quote(value));
            }
            pattern = Pattern.compile(BEFORE + "(?:" + alternatives + ")" + AFTER);
        }

        String apply(String text) {
            if (pattern == null || text == null || text.isEmpty()) {
                return text;
            }
            Matcher m = pattern.matcher(text);
            StringBuilder out = null;
            int last = 0;
            while (m.find()) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16);
                }
                out.append(text, last, m.start()).append(pseudonyms.get(m.group()));
                last = m.end();
            }
            if (out == null) {
                return text;
            }
            return out.append(text, last, text.length()).toString();
        }
    }
}
