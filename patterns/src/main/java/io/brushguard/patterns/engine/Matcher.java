package io.brushguard.patterns.engine;

import io.brushguard.patterns.correlation.EnrichedEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The engine's matching, without Flink: what one event, or the passing of event time, does to one
 * subject's {@link KeyState}. Events of a key must come in event-time order; the operator sorts
 * them ({@link PatternEngineOperator}).
 *
 * <p>Semantics, for a pattern with window {@code W}:
 *
 * <ul>
 *   <li><b>count</b>: an event of the step joins the events counted less than {@code W} before it
 *       (with {@code distinct}, it replaces an earlier event of the same value). When there are
 *       {@code min} of them the pattern matches; they are reported together and counting starts
 *       again after them (no event is reported twice).
 *   <li><b>sequence</b>: an event of the first step starts a match. A started match waiting for
 *       step {@code k} takes the first event of step {@code k} that comes after its previous step,
 *       shares its {@code same} values, and is less than {@code W} after the first step. It matches
 *       when every step has its event. A match still incomplete {@code W} after its start is
 *       dropped. One event may complete several started matches, never the one it starts.
 *   <li><b>absence</b> (a sequence whose last step is absent): a started match whose steps but the
 *       last happened matches when {@code W} passes after its start with no event of the last step;
 *       such an event cancels it.
 * </ul>
 *
 * A key keeps at most {@link #MAX_MARKS} started matches per pattern; beyond that the oldest are
 * dropped (counted in {@link #dropped}).
 */
final class Matcher {

    /** The most started matches one key keeps for one sequence pattern. */
    static final int MAX_MARKS = 10_000;

    /** Started matches dropped because a key had {@link #MAX_MARKS}; for the metric. */
    long dropped;

    // Scratch of sequence(), per step: whether the event is that step (0 not worked out, 1 yes, 2
    // no) and its shared value. Reused: a matcher serves one thread.
    private byte[] is = new byte[4];
    private String[] same = new String[4];

    /**
     * Applies event {@code e} at {@code ts} to the state of subject {@code subjectId} for each
     * pattern of {@code patterns}. Slots of patterns not in {@code patterns}, or made under another
     * state shape, are dropped first.
     */
    void onEvent(
            List<CompiledPattern> patterns,
            List<CompiledPattern> candidates,
            KeyState state,
            EnrichedEvent e,
            long ts,
            String subjectId,
            Consumer<Match> out) {
        retain(patterns, state);
        String orderId = e.event.orderId();
        // Only the patterns the event may concern: the others' state waits for their own events
        // or timers (what expires meanwhile is reported the same, only later).
        for (int p = 0; p < candidates.size(); p++) {
            CompiledPattern c = candidates.get(p);
            if (c.count != null) {
                count(c, state, e, ts, orderId, subjectId, out);
            } else {
                sequence(c, state, e, ts, orderId, subjectId, out);
            }
        }
        state.slots.removeIf(s -> s.marks.isEmpty());
    }

    /** Event time has passed {@code time}: expires what can no longer match. */
    void onTime(
            List<CompiledPattern> patterns,
            KeyState state,
            long time,
            String subjectId,
            Consumer<Match> out) {
        retain(patterns, state);
        for (CompiledPattern c : patterns) {
            KeyState.Slot slot = state.slot(c.ruleId);
            if (slot != null) {
                expire(c, slot, time, subjectId, out);
            }
        }
        state.slots.removeIf(s -> s.marks.isEmpty());
    }

    /**
     * When event time must next reach the key (0: never): the earliest absence deadline, and the
     * time after which everything kept has expired, on the pattern's clean-up grid ({@code busy}:
     * its busy grid, for a key whose clean-up found it still in use).
     */
    static long nextWake(List<CompiledPattern> patterns, KeyState state, boolean busy) {
        long wake = Long.MAX_VALUE;
        for (KeyState.Slot slot : state.slots) {
            CompiledPattern c = find(patterns, slot.ruleId);
            if (c == null || slot.marks.isEmpty()) {
                continue;
            }
            if (state.timerAt != 0 && !c.absentLast) {
                // A clean-up timer is pending; when it fires it re-arms for what is left.
                continue;
            }
            long newest = Long.MIN_VALUE;
            for (KeyState.Mark m : slot.marks) {
                newest = Math.max(newest, m.start());
                if (c.absentLast && m.next == c.steps.size() - 1) {
                    wake = Math.min(wake, m.start() + c.window);
                }
            }
            long grid = busy ? c.busyGrid : c.grid;
            long cleanup = Math.floorDiv(newest + c.window, grid) * grid + grid;
            wake = Math.min(wake, cleanup);
        }
        return wake == Long.MAX_VALUE ? 0 : wake;
    }

    private static void count(
            CompiledPattern c,
            KeyState state,
            EnrichedEvent e,
            long ts,
            String orderId,
            String subjectId,
            Consumer<Match> out) {
        if (!c.count.match().matches(e)) {
            return;
        }
        String value = null;
        if (c.count.distinct() != null) {
            Object v = c.count.distinct().read(e);
            if (v == null) {
                return;
            }
            value = v.toString();
        }
        KeyState.Slot slot = slot(c, state);
        Iterator<KeyState.Mark> it = slot.marks.iterator();
        while (it.hasNext()) {
            KeyState.Mark m = it.next();
            if (ts - m.start() >= c.window || (value != null && value.equals(m.value))) {
                it.remove();
            }
        }
        KeyState.Mark mark = new KeyState.Mark(1);
        mark.at[0] = ts;
        mark.orders[0] = orderId;
        mark.next = 1;
        mark.value = value;
        slot.marks.add(mark);
        if (slot.marks.size() >= c.count.min()) {
            out.accept(new Match(c, subjectId, new ArrayList<>(slot.marks), ts, false));
            slot.marks.clear();
        }
    }

    private void sequence(
            CompiledPattern c,
            KeyState state,
            EnrichedEvent e,
            long ts,
            String orderId,
            String subjectId,
            Consumer<Match> out) {
        List<Step> steps = c.steps;
        int n = steps.size();
        KeyState.Slot slot = state.slot(c.ruleId);
        boolean starts = steps.get(0).matches(e);
        if (slot == null && !starts) {
            return;
        }
        if (slot != null && !slot.marks.isEmpty()) {
            expire(c, slot, ts, subjectId, out);
            // Which steps this event is, and its shared values, each worked out once.
            if (is.length < n) {
                is = new byte[n];
                same = new String[n];
            }
            Arrays.fill(is, 0, n, (byte) 0);
            Iterator<KeyState.Mark> it = slot.marks.iterator();
            while (it.hasNext()) {
                KeyState.Mark m = it.next();
                int k = m.next;
                if (is[k] == 0) {
                    Step step = steps.get(k);
                    boolean matches = step.matches(e);
                    same[k] = matches ? step.sameValue(e) : null;
                    is[k] = (byte) (matches && same[k] != null ? 1 : 2);
                }
                if (is[k] != 1 || !same[k].equals(m.value)) {
                    continue;
                }
                if (steps.get(k).absent()) {
                    it.remove();
                    continue;
                }
                m.at[k] = ts;
                m.orders[k] = orderId;
                m.next = k + 1;
                if (m.next == n) {
                    out.accept(new Match(c, subjectId, List.of(m), ts, false));
                    it.remove();
                }
            }
        }
        if (starts) {
            String value = steps.get(0).sameValue(e);
            if (value == null) {
                return;
            }
            if (slot == null) {
                slot = slot(c, state);
            }
            if (slot.marks.size() >= MAX_MARKS) {
                slot.marks.remove(0);
                dropped++;
            }
            KeyState.Mark m = new KeyState.Mark(n);
            m.at[0] = ts;
            m.orders[0] = orderId;
            m.next = 1;
            m.value = value;
            slot.marks.add(m);
        }
    }

    /** Drops what is {@code W} or more before {@code time}, reporting absences. */
    private static void expire(
            CompiledPattern c,
            KeyState.Slot slot,
            long time,
            String subjectId,
            Consumer<Match> out) {
        Iterator<KeyState.Mark> it = slot.marks.iterator();
        while (it.hasNext()) {
            KeyState.Mark m = it.next();
            if (time - m.start() < c.window) {
                if (c.count == null) {
                    // Started matches are in start order: the rest are younger.
                    break;
                }
                continue;
            }
            it.remove();
            if (c.absentLast && m.next == c.steps.size() - 1) {
                out.accept(new Match(c, subjectId, List.of(m), m.start() + c.window, true));
            }
        }
    }

    private static KeyState.Slot slot(CompiledPattern c, KeyState state) {
        KeyState.Slot slot = state.slot(c.ruleId);
        if (slot == null) {
            slot = new KeyState.Slot(c.ruleId, c.shape);
            state.slots.add(slot);
        }
        return slot;
    }

    /** Drops the slots of patterns no longer running, or kept under another state shape. */
    private static void retain(List<CompiledPattern> patterns, KeyState state) {
        for (int i = state.slots.size() - 1; i >= 0; i--) {
            KeyState.Slot s = state.slots.get(i);
            CompiledPattern c = find(patterns, s.ruleId);
            if (c == null || c.shape != s.shape) {
                state.slots.remove(i);
            }
        }
    }

    private static CompiledPattern find(List<CompiledPattern> patterns, String ruleId) {
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).ruleId.equals(ruleId)) {
                return patterns.get(i);
            }
        }
        return null;
    }
}
