package io.brushguard.benchmarks.micro;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Workload: the micro pattern every contender can run identically (issue 6), nexmark style.
 *
 * <p><b>Events.</b> {@code {long user; byte type; long timestamp}} with {@code type} A or B. Event
 * {@code i} (0-based) of a workload is a pure function of {@code (seed, i)}: its user is uniform
 * over {@code 0..users-1}, it is an A with probability {@code aShare}, else a B, and its timestamp
 * is {@code T0 + i * stepMs}. Timestamps therefore strictly increase with no jitter, and a source
 * can generate event {@code i} from the seed without holding the array. With the defaults (10,000
 * users, 1 ms per event) a user sees an event every 10 s on average and a B every 20 s, so about 40
 * % of the A's have a B within 10 s and the rest do not.
 *
 * <p><b>Semantics</b> (the one definition every contender follows). Per user, in stream order
 * (timestamps non-decreasing), every A event {@code a} matches the first B event {@code b} that
 * comes after it in the stream, if {@code b.timestamp - a.timestamp < 10,000 ms}; otherwise {@code
 * a} has no match. Several A's before one B all match that B; a B matches no A that comes after it;
 * a B at the same timestamp as an earlier A matches it (difference 0); a B exactly 10 s after the A
 * does not. This is what stock Flink CEP produces for {@code Pattern.begin("a").where(type ==
 * A).followedBy("b").where(type == B).within(10 s)} with the default {@code
 * AfterMatchSkipStrategy.noSkip()}: the within check prunes a partial match once {@code timestamp -
 * start >= window}, and {@code followedBy} takes the first matching B only. {@code
 * MicroBenchmarkTest} checks it against CEP on hand-made sequences.
 *
 * <p>Figures are the count of (A, B) matches and the sustained events/s of each contender.
 */
public final class MicroWorkload implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public static final byte A = 'A';
    public static final byte B = 'B';

    /** The pattern's window, exclusive: a B matches if it is less than this after its A. */
    public static final long WITHIN_MS = 10_000;

    /** The first event's timestamp: 2026-01-01T00:00:00Z. */
    public static final long T0 = 1_767_225_600_000L;

    public final long seed;
    public final int users;
    public final long events;
    public final double aShare;
    public final long stepMs;

    public MicroWorkload(long seed, int users, long events, double aShare, long stepMs) {
        this.seed = seed;
        this.users = users;
        this.events = events;
        this.aShare = aShare;
        this.stepMs = stepMs;
    }

    /** 10,000 users, A/B 50/50, 1 ms between events, seed 6. */
    public static MicroWorkload defaults(long events) {
        return new MicroWorkload(6, 10_000, events, 0.5, 1);
    }

    /** The same events, only the first {@code n}. */
    public MicroWorkload prefix(long n) {
        return new MicroWorkload(seed, users, Math.min(n, events), aShare, stepMs);
    }

    /** Event {@code i}, from the seed alone. */
    public Event event(long i) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        long user = r.nextInt(users);
        byte type = r.nextDouble() < aShare ? A : B;
        return new Event(user, type, T0 + i * stepMs);
    }

    /** All events, in order, as an array for the oracle. */
    public Event[] generate() {
        Event[] all = new Event[Math.toIntExact(events)];
        for (int i = 0; i < all.length; i++) {
            all[i] = event(i);
        }
        return all;
    }

    public String describe() {
        return String.format(
                "workload: %,d events, %,d users, %.0f/%.0f A/B, %d ms between events, seed %d;"
                        + " every A matches the first later B of its user if less than %,d ms"
                        + " after it",
                events, users, aShare * 100, (1 - aShare) * 100, stepMs, seed, WITHIN_MS);
    }

    /** One event of the workload (a Flink POJO). */
    public static final class Event {
        public long user;
        public byte type;
        public long timestamp;

        public Event() {}

        public Event(long user, byte type, long timestamp) {
            this.user = user;
            this.type = type;
            this.timestamp = timestamp;
        }

        public static Event a(long user, long timestamp) {
            return new Event(user, A, timestamp);
        }

        public static Event b(long user, long timestamp) {
            return new Event(user, B, timestamp);
        }

        @Override
        public String toString() {
            return (char) type + "(" + user + "@" + timestamp + ")";
        }
    }

    /** One match: the A's and the B's timestamps of a user (a Flink POJO). */
    public static final class Match {
        public long user;
        public long aTimestamp;
        public long bTimestamp;

        public Match() {}

        public Match(long user, long aTimestamp, long bTimestamp) {
            this.user = user;
            this.aTimestamp = aTimestamp;
            this.bTimestamp = bTimestamp;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Match m
                    && m.user == user
                    && m.aTimestamp == aTimestamp
                    && m.bTimestamp == bTimestamp;
        }

        @Override
        public int hashCode() {
            return Objects.hash(user, aTimestamp, bTimestamp);
        }

        @Override
        public String toString() {
            return "(" + user + ": A@" + aTimestamp + ", B@" + bTimestamp + ")";
        }
    }
}
