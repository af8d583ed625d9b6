package io.brushguard.benchmarks.micro;

import io.brushguard.benchmarks.micro.MicroBenchmark.Contender;
import io.brushguard.benchmarks.micro.MicroBenchmark.Result;
import io.brushguard.benchmarks.micro.MicroBenchmark.Row;
import io.brushguard.benchmarks.micro.MicroWorkload.Match;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.brushguard.benchmarks.micro.HandMadeSequences.AT_TEN_SECONDS;
import static io.brushguard.benchmarks.micro.HandMadeSequences.B_BEFORE_A;
import static io.brushguard.benchmarks.micro.HandMadeSequences.EVENTS;
import static io.brushguard.benchmarks.micro.HandMadeSequences.EXPIRED_AND_FRESH;
import static io.brushguard.benchmarks.micro.HandMadeSequences.FIRST_USER;
import static io.brushguard.benchmarks.micro.HandMadeSequences.SAME_TIMESTAMP;
import static io.brushguard.benchmarks.micro.HandMadeSequences.SECOND_USER;
import static io.brushguard.benchmarks.micro.HandMadeSequences.SEVERAL_AS;
import static io.brushguard.benchmarks.micro.HandMadeSequences.T;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The micro workload's semantics on hand-made sequences, the same in the oracle, the hand-written
 * function, stock CEP and brushguard's pattern engine (each on the heap and on RocksDB); and the
 * quick mode CI runs. Nothing about speed.
 */
class MicroBenchmarkTest {

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
        for (Contender c : List.of(Contender.ENGINE_HEAP, Contender.ENGINE_ROCKSDB)) {
            StreamExecutionEnvironment env = MicroBenchmark.environment(c, null);
            List<Match> out = new ArrayList<>();
            EngineContender.matches(EngineContender.of(env.fromData(EVENTS)))
                    .executeAndCollect()
                    .forEachRemaining(
                            a ->
                                    out.add(
                                            new Match(
                                                    Long.parseLong(a.getEntityId().substring(1)),
                                                    a.getWindowStart().toEpochMilli(),
                                                    a.getWindowEnd().toEpochMilli())));
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

    @Test
    void shouldReportTheMedianRunUnlessARunDisagreesWithTheOracle() {
        Row slow = new Row(Contender.ENGINE_HEAP, 1_000, 1_000, 4.0, true, 7, 7);
        Row middle = new Row(Contender.ENGINE_HEAP, 1_000, 1_000, 2.0, true, 7, 7);
        Row fast = new Row(Contender.ENGINE_HEAP, 1_000, 1_000, 1.0, true, 7, 7);
        assertThat(MicroBenchmark.median(List.of(fast, slow, middle))).isSameAs(middle);
        assertThat(MicroBenchmark.median(List.of(fast, slow))).isSameAs(slow);
        assertThat(MicroBenchmark.median(List.of(fast))).isSameAs(fast);
        Row wrong = new Row(Contender.ENGINE_HEAP, 1_000, 1_000, 2.0, true, 6, 7);
        assertThat(MicroBenchmark.median(List.of(fast, wrong, slow))).isSameAs(wrong);
    }

    private static void assertMatches(long user, Match... expected) {
        MATCHES.forEach(
                (contender, matches) ->
                        assertThat(matches)
                                .as(contender.label)
                                .filteredOn(m -> m.user == user)
                                .containsExactlyInAnyOrder(expected));
    }
}
