package io.brushguard.patterns.credit;

import io.brushguard.avro.Severity;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Proposes blacklist and red-list candidates for one subject (keyed by {@link
 * CreditFact#subjectKey()}), from the alerts on it and its activity.
 *
 * <ul>
 *   <li><b>Blacklist</b>, on every alert: for each of the subject's alerts, the alerts of at least
 *       the blacklist severity in the window that ends at it. {@code REPEATED_<KIND>} when one kind
 *       has {@link ListCandidateRules#blacklistAlerts} of them, {@code SEVERAL_KINDS} when they
 *       span {@link ListCandidateRules#blacklistKinds} kinds.
 *   <li><b>Red list</b>, at the end of every day the subject was active (an event-time timer):
 *       {@code CLEAN_AND_ACTIVE_<n>D} when it was first active at least the period ago, in the
 *       period had enough activity, on at least half of its days, and had no alert of any kind.
 * </ul>
 *
 * <p>Alerts whose subject is the victim ({@link CreditFact#victim}: a shop attacked by malicious
 * reviews) count for neither list.
 *
 * <p>Why it is deterministic: a blacklist proposal depends only on the set of alerts (every window
 * ending at an alert is evaluated, so arrival order changes which proposals come first, never their
 * union, and the store keeps the union). A red-list decision at a day's end reads only alerts and
 * activity up to that moment; the watermark guarantees they have all arrived in streaming, and in
 * batch execution (all of a key's input first, then its timers in order) the same reads give the
 * same answer.
 *
 * <p>State per subject: the alerts of the last window (at most {@link #MAX_MARKS}), and for
 * red-list types one counter per active day of the last period.
 */
public class ListCandidateFunction extends KeyedProcessFunction<String, CreditFact, ListCandidate> {

    static final int MAX_MARKS = 200;
    private static final long DAY_MS = ListCandidateRules.DAY_MS;

    private final ListCandidateRules rules;
    private transient ValueState<List<AlertMark>> marks;
    private transient MapState<Long, Integer> activityByDay;
    private transient ValueState<Long> firstActiveDay;

    public ListCandidateFunction(ListCandidateRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext openContext) {
        marks =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "alert-marks",
                                        new ListTypeInfo<>(TypeInformation.of(AlertMark.class))));
        activityByDay =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("activity-by-day", Types.LONG, Types.INT));
        firstActiveDay =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("first-active-day", Types.LONG));
    }

    @Override
    public void processElement(CreditFact fact, Context ctx, Collector<ListCandidate> out)
            throws Exception {
        if (fact.isAlert() && fact.victim) {
            return; // a shop attacked by malicious reviews: neither a mark against it nor a stain
        } else if (fact.isAlert()) {
            onAlert(fact, out);
            // Clean-up: the day's end once this alert is too old for any decision.
            long expires =
                    fact.at + rules.blacklistWindow().toMillis() + rules.redlistPeriod().toMillis();
            ctx.timerService().registerEventTimeTimer(dayEnd(expires));
        } else if (rules.redlistTypes().stream().anyMatch(t -> t.name().equals(fact.entityType))) {
            long day = Math.floorDiv(fact.at, DAY_MS);
            Integer n = activityByDay.get(day);
            activityByDay.put(day, n == null ? 1 : n + 1);
            if (n != null) {
                return; // not the day's first activity: its timer and first day are set
            }
            Long first = firstActiveDay.value();
            if (first == null || day < first) {
                firstActiveDay.update(day);
            }
            ctx.timerService().registerEventTimeTimer(dayEnd(fact.at));
        }
    }

    private void onAlert(CreditFact fact, Collector<ListCandidate> out) throws Exception {
        List<AlertMark> all = marks.value();
        if (all == null) {
            all = new ArrayList<>();
        }
        for (AlertMark m : all) {
            if (m.alertId.equals(fact.alertId)) {
                return;
            }
        }
        all.add(new AlertMark(fact));
        all.sort(Comparator.comparingLong((AlertMark m) -> m.at).thenComparing(m -> m.alertId));
        while (all.size() > MAX_MARKS) {
            all.remove(0);
        }
        marks.update(all);
        ListCandidate blacklist = blacklist(fact.entityType, fact.entityId, all);
        if (blacklist != null) {
            out.collect(blacklist);
        }
    }

    /** The blacklist proposal from every window ending at one of the alerts, or null. */
    ListCandidate blacklist(String entityType, String entityId, List<AlertMark> all) {
        long window = rules.blacklistWindow().toMillis();
        int least = Severity.valueOf(rules.blacklistSeverity().name()).ordinal();
        TreeSet<String> reasons = new TreeSet<>();
        TreeMap<String, AlertMark> behind = new TreeMap<>();
        for (AlertMark end : all) {
            Map<String, List<AlertMark>> byKind = new TreeMap<>();
            for (AlertMark m : all) {
                if (m.at > end.at - window
                        && m.at <= end.at
                        && Severity.valueOf(m.severity).ordinal() >= least) {
                    byKind.computeIfAbsent(m.kind, k -> new ArrayList<>()).add(m);
                }
            }
            for (Map.Entry<String, List<AlertMark>> e : byKind.entrySet()) {
                if (e.getValue().size() >= rules.blacklistAlerts()) {
                    reasons.add("REPEATED_" + e.getKey());
                    e.getValue().forEach(m -> behind.put(m.alertId, m));
                }
            }
            if (byKind.size() >= rules.blacklistKinds()) {
                reasons.add("SEVERAL_KINDS");
                byKind.values().forEach(ms -> ms.forEach(m -> behind.put(m.alertId, m)));
            }
        }
        if (reasons.isEmpty()) {
            return null;
        }
        List<AlertMark> proof = new ArrayList<>(behind.values());
        proof.sort(Comparator.comparingLong((AlertMark m) -> m.at).thenComparing(m -> m.alertId));
        while (proof.size() > rules.maxAlertIds()) {
            proof.remove(0);
        }
        ListCandidate c = new ListCandidate(ListCandidate.BLACKLIST, entityType, entityId);
        c.reasonCodes.addAll(reasons);
        proof.forEach(m -> c.alertIds.add(m.alertId));
        c.firstSeen = proof.get(0).at;
        c.lastSeen = proof.get(proof.size() - 1).at;
        return c;
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<ListCandidate> out)
            throws Exception {
        long day = Math.floorDiv(ts, DAY_MS);
        int days = rules.redlistDays();
        long periodStartDay = day - days + 1;
        long periodStart = periodStartDay * DAY_MS;
        int activity = 0;
        int activeDays = 0;
        Iterator<Map.Entry<Long, Integer>> it = activityByDay.iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Integer> e = it.next();
            if (e.getKey() < periodStartDay) {
                it.remove();
            } else if (e.getKey() <= day) {
                activity += e.getValue();
                activeDays++;
            }
        }
        List<AlertMark> all = marks.value();
        boolean clean = true;
        if (all != null) {
            for (AlertMark m : all) {
                if (m.at >= periodStart && m.at <= ts) {
                    clean = false;
                    break;
                }
            }
            pruneMarks(all, ts);
        }
        Long first = firstActiveDay.value();
        boolean known = first != null && first <= periodStartDay;
        boolean active = activity >= rules.redlistMinActivity() && 2 * activeDays >= days;
        if (clean && known && active) {
            String[] subject = ctx.getCurrentKey().split("\\|", 2);
            ListCandidate c = new ListCandidate(ListCandidate.REDLIST, subject[0], subject[1]);
            c.reasonCodes.add("CLEAN_AND_ACTIVE_" + days + "D");
            c.firstSeen = ts;
            c.lastSeen = ts;
            out.collect(c);
        }
    }

    private static long dayEnd(long ts) {
        return (Math.floorDiv(ts, DAY_MS) + 1) * DAY_MS - 1;
    }

    /** Drops alerts too old for any later decision: before both windows, looking back from now. */
    private void pruneMarks(List<AlertMark> all, long now) throws Exception {
        long keepFrom = now - rules.blacklistWindow().toMillis() - rules.redlistPeriod().toMillis();
        if (all.removeIf(m -> m.at < keepFrom)) {
            if (all.isEmpty()) {
                marks.clear();
            } else {
                marks.update(all);
            }
        }
    }
}
