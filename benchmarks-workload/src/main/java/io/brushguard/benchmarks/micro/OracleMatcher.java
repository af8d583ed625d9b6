package io.brushguard.benchmarks.micro;

import io.brushguard.benchmarks.micro.MicroWorkload.Event;
import io.brushguard.benchmarks.micro.MicroWorkload.Match;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The correctness oracle and near-physical limit: the workload's semantics as a hand-written
 * single-thread loop over events in memory, no Flink. Per user it keeps the timestamps of the A's
 * still waiting for a B, oldest first.
 */
public final class OracleMatcher {

    private final Map<Long, Pending> pending = new HashMap<>();
    private final List<Match> out;
    private long matches;

    private OracleMatcher(List<Match> out) {
        this.out = out;
    }

    /** The number of matches in the first {@code n} events. */
    public static long count(Event[] events, int n) {
        OracleMatcher m = new OracleMatcher(null);
        for (int i = 0; i < n; i++) {
            m.accept(events[i]);
        }
        return m.matches;
    }

    /** The matches of {@code events}, in the order their B's arrive. */
    public static List<Match> matches(List<Event> events) {
        List<Match> out = new ArrayList<>();
        OracleMatcher m = new OracleMatcher(out);
        events.forEach(m::accept);
        return out;
    }

    private void accept(Event e) {
        Pending p = pending.get(e.user);
        if (e.type == MicroWorkload.A) {
            if (p == null) {
                p = new Pending();
                pending.put(e.user, p);
            }
            p.expire(e.timestamp);
            p.add(e.timestamp);
        } else if (p != null && p.size > 0) {
            p.expire(e.timestamp);
            matches += p.size;
            if (out != null) {
                for (int i = 0; i < p.size; i++) {
                    out.add(new Match(e.user, p.ts[i], e.timestamp));
                }
            }
            p.size = 0;
        }
    }

    /** The A timestamps of one user still waiting for a B, oldest first. */
    private static final class Pending {
        long[] ts = new long[4];
        int size;

        void add(long t) {
            if (size == ts.length) {
                ts = java.util.Arrays.copyOf(ts, size * 2);
            }
            ts[size++] = t;
        }

        /** Drops the A's a B at {@code now} could no longer match. */
        void expire(long now) {
            int first = 0;
            while (first < size && now - ts[first] >= MicroWorkload.WITHIN_MS) {
                first++;
            }
            if (first > 0) {
                System.arraycopy(ts, first, ts, 0, size - first);
                size -= first;
            }
        }
    }
}
