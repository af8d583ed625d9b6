package io.brushguard.benchmarks.micro;

import io.brushguard.benchmarks.micro.MicroWorkload.Event;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.brushguard.benchmarks.micro.MicroWorkload.Event.a;
import static io.brushguard.benchmarks.micro.MicroWorkload.Event.b;

/**
 * The hand-made sequences every contender's test runs (the Flink ones in {@code
 * MicroBenchmarkTest}, Esper in {@code EsperMatcherTest}): one case of the semantics each, on its
 * own users, all in one stream in event-time order.
 */
public final class HandMadeSequences {

    public static final long T = MicroWorkload.T0;

    public static final long SEVERAL_AS = 1;
    public static final long AT_TEN_SECONDS = 2;
    public static final long B_BEFORE_A = 3;
    public static final long FIRST_USER = 4;
    public static final long SECOND_USER = 5;
    public static final long SAME_TIMESTAMP = 6;
    public static final long EXPIRED_AND_FRESH = 7;

    /** All hand-made sequences in one stream, each on its own users, in event-time order. */
    public static final List<Event> EVENTS =
            List.copyOf(
                    sorted(
                            // several A's before one B: all match it; the next B matches none
                            a(SEVERAL_AS, T),
                            a(SEVERAL_AS, T + 1_000),
                            a(SEVERAL_AS, T + 2_000),
                            b(SEVERAL_AS, T + 5_000),
                            b(SEVERAL_AS, T + 6_000),
                            // a B exactly 10 s after its A does not match; 9.999 s does
                            a(AT_TEN_SECONDS, T),
                            b(AT_TEN_SECONDS, T + 10_000),
                            a(AT_TEN_SECONDS, T + 20_000),
                            b(AT_TEN_SECONDS, T + 29_999),
                            // a B matches no A that comes after it
                            b(B_BEFORE_A, T + 1_000),
                            a(B_BEFORE_A, T + 2_000),
                            // two users interleaved
                            a(FIRST_USER, T + 100),
                            a(SECOND_USER, T + 200),
                            b(SECOND_USER, T + 300),
                            b(FIRST_USER, T + 400),
                            b(FIRST_USER, T + 500),
                            // a B at the same timestamp as an earlier A matches it
                            a(SAME_TIMESTAMP, T + 3_000),
                            b(SAME_TIMESTAMP, T + 3_000),
                            // A's older than 10 s are gone when the B comes
                            a(EXPIRED_AND_FRESH, T),
                            a(EXPIRED_AND_FRESH, T + 5_000),
                            b(EXPIRED_AND_FRESH, T + 12_000)));

    private HandMadeSequences() {}

    private static List<Event> sorted(Event... events) {
        List<Event> list = new ArrayList<>(List.of(events));
        list.sort(Comparator.comparingLong(e -> e.timestamp)); // stable: ties keep their order
        return list;
    }
}
