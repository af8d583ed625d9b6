package io.brushguard.patterns.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the engine keeps for one subject (one key): a slot per pattern that has something in
 * flight for it, and the earliest event-time timer registered for the key. One value per key, so
 * that an event costs one state read and one write however many patterns it feeds (on RocksDB a
 * read and a write are the cost that matters). Mutable; {@link KeyStateSerializer} copies deeply.
 */
public final class KeyState {

    /** The earliest pending timer of the key, or 0 for none. */
    public long timerAt;

    public final ArrayList<Slot> slots;

    public KeyState() {
        this(new ArrayList<>(2));
    }

    KeyState(ArrayList<Slot> slots) {
        this.slots = slots;
    }

    /** The slot of {@code ruleId}, or null. */
    Slot slot(String ruleId) {
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            if (s.ruleId.equals(ruleId)) {
                return s;
            }
        }
        return null;
    }

    boolean isEmpty() {
        return slots.isEmpty();
    }

    /**
     * One pattern's state for the key: what it counted (a count) or the matches it started (a
     * sequence), and the {@link PatternSpec#stateShape()} hash they were made under.
     */
    public static final class Slot {
        public final String ruleId;
        public int shape;
        public final ArrayList<Mark> marks;

        public Slot(String ruleId, int shape) {
            this(ruleId, shape, new ArrayList<>(4));
        }

        Slot(String ruleId, int shape, ArrayList<Mark> marks) {
            this.ruleId = ruleId;
            this.shape = shape;
            this.marks = marks;
        }
    }

    /**
     * A counted event (one step: its time and order; the distinct value counted, if any) or a
     * started sequence (the time and order of each step matched so far, the index of the step it
     * waits for, and the value its steps must share).
     */
    public static final class Mark {
        public final long[] at;
        public final String[] orders;
        public int next;
        public String value;

        public Mark(int steps) {
            this(new long[steps], new String[steps], 0, null);
        }

        Mark(long[] at, String[] orders, int next, String value) {
            this.at = at;
            this.orders = orders;
            this.next = next;
            this.value = value;
        }

        /** When the mark started: the first step's time. */
        public long start() {
            return at[0];
        }

        Mark copy() {
            return new Mark(at.clone(), orders.clone(), next, value);
        }

        /** The order ids of the steps matched so far, without nulls. */
        List<String> orderIds() {
            List<String> ids = new ArrayList<>(orders.length);
            for (int i = 0; i < Math.max(next, 1) && i < orders.length; i++) {
                if (orders[i] != null) {
                    ids.add(orders[i]);
                }
            }
            return ids;
        }
    }

    KeyState copy() {
        ArrayList<Slot> s = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            ArrayList<Mark> m = new ArrayList<>(slot.marks.size());
            for (Mark mark : slot.marks) {
                m.add(mark.copy());
            }
            s.add(new Slot(slot.ruleId, slot.shape, m));
        }
        KeyState k = new KeyState(s);
        k.timerAt = timerAt;
        return k;
    }
}
