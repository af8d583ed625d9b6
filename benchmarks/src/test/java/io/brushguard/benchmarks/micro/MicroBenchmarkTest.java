package io.brushguard.benchmarks.micro;

import io.brushguard.benchmarks.micro.MicroBenchmark.Contender;
import io.brushguard.benchmarks.micro.MicroBenchmark.Result;
import io.brushguard.benchmarks.micro.MicroBenchmark.Row;
import io.brushguard.benchmarks.micro.MicroWorkload.Event;
import io.brushguard.benchmarks.micro.MicroWorkload.Match;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.brushguard.benchmarks.micro.MicroWorkload.Event.a;
import static io.brushguard.benchmarks.micro.MicroWorkload.Event.b;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The micro workload's semantics on hand-made sequences, the same in the oracle, the hand-written
 * function and stock CEP (each on the heap and on RocksDB); and the quick mode CI runs. Nothing
 * about speed.
 */
class MicroBenchmarkTest {

    private static final long T = MicroWorkload.T0;

    private static final long SEVERAL_AS = 1;
    private static final long AT_TEN_SECONDS = 2;
    private static final long B_BEFORE_A = 3;
    private static final long FIRST_USER = 4;
    private static final long SECOND_USER = 5;
    private static final long SAME_TIMESTAMP = 6;
    private static final long EXPIRED_AND_FRESH = 7;

    /** All hand-made sequences in one stream, each on its own users, in event-time order. */
    private static final List<Event> EVENTS =
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
                    b(EXPIRED_AND_FRESH, T + 12_000));

    private static final Map<Contender, List<Match>> MATCHES = new EnumMap<>(Contender.class);

    @BeforeAll
    static void matchTheHandMadeSequences() throws Exception {
        MATCHES.put(Contender.ORACLE, OracleMatcher.matches(EVENTS));
        for (Contender c :
                List.of(
                        Contender.HAND_HEAP,
                        Contender.HAND_ROCKSDB,
                        Contender.CEP_HEAP,
                        Contender.CEP_ROCKSDB)) {
            StreamExecutionEnvironment env = MicroBenchmark.environment(c, null);
            List<Match> out = new ArrayList<>();
            MicroBenchmark.matches(
                            c,
                            MicroBenchmark.byUser(
                                    MicroBenchmark.withEventTime(env.fromData(EVENTS))))
                    .executeAndCollect()
                    .forEachRemaining(out::add);
            MATCHES.put(c, out);
        }
    }

    @Test
    void shouldMatchEveryWaitingAWithTheFirstBOnly() {
        assertMatches(
                SEVERAL_AS,
                new Match(SEVERAL_AS, T, T + 5_000),
                new Match(SEVERAL_AS, T + 1_000, T + 5_000),
                new Match(SEVERAL_AS, T + 2_000, T + 5_000));
    }

    @Test
    void shouldNotMatchABExactlyTenSecondsAfterTheA() {
        assertMatches(AT_TEN_SECONDS, new Match(AT_TEN_SECONDS, T + 20_000, T + 29_999));
    }

    @Test
    void shouldNotMatchABThatComesBeforeTheA() {
        assertMatches(B_BEFORE_A);
    }

    @Test
    void shouldMatchEachUserOnlyWithItsOwnEvents() {
        assertMatches(FIRST_USER, new Match(FIRST_USER, T + 100, T + 400));
        assertMatches(SECOND_USER, new Match(SECOND_USER, T + 200, T + 300));
    }

    @Test
    void shouldMatchABAtTheSameTimestampAfterTheA() {
        assertMatches(SAME_TIMESTAMP, new Match(SAME_TIMESTAMP, T + 3_000, T + 3_000));
    }

    @Test
    void shouldNotMatchAnAOlderThanTheWindow() {
        assertMatches(EXPIRED_AND_FRESH, new Match(EXPIRED_AND_FRESH, T + 5_000, T + 12_000));
    }

    @Test
    void shouldAgreeWithTheOracleInEveryContenderThatFinishesTheQuickMode() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Result result =
                MicroBenchmark.run(
                        MicroBenchmark.Mode.of("quick"),
                        new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        long oracle = result.rows().get(0).matches();

        assertThat(oracle).isPositive().isLessThan(result.aEvents());
        assertThat(result.rows()).extracting(Row::contender).containsExactly(Contender.values());
        assertThat(result.rows())
                .filteredOn(Row::comparable)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.agrees()).as(r.toString()).isTrue());
        assertThat(table)
                .contains("machine: ")
                .contains("workload: 200,000 events, 10,000 users")
                .containsPattern("flink pass-through\\s+200,000\\s+[0-9.]+\\s+[0-9,]+\\s+1\\.00");
    }

    private static void assertMatches(long user, Match... expected) {
        MATCHES.forEach(
                (contender, matches) ->
                        assertThat(matches)
                                .as(contender.label)
                                .filteredOn(m -> m.user == user)
                                .containsExactlyInAnyOrder(expected));
    }

    private static List<Event> sorted(Event... events) {
        List<Event> list = new ArrayList<>(List.of(events));
        list.sort(Comparator.comparingLong(e -> e.timestamp)); // stable: ties keep their order
        return list;
    }
}
