package io.brushguard.benchmarks.micro;

import io.brushguard.benchmarks.micro.MicroWorkload.Event;
import io.brushguard.benchmarks.micro.MicroWorkload.Match;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
 * Esper's matches equal the oracle's: on the hand-made sequences, and in count on the quick mode's
 * 200,000 generated events. Nothing about speed.
 */
class EsperMatcherTest {

    private static List<Match> oracle;
    private static List<Match> esper;

    @BeforeAll
    static void matchTheHandMadeSequences() {
        oracle = OracleMatcher.matches(EVENTS);
        esper = EsperMatcher.matches(EVENTS);
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
    void shouldMatchExactlyWhatTheOracleMatchesOnTheWholeStream() {
        assertThat(esper).containsExactlyInAnyOrderElementsOf(oracle);
    }

    @Test
    void shouldCountWhatTheOracleCountsOnTheQuickModesEvents() {
        MicroWorkload w = MicroWorkload.defaults(200_000);
        Event[] all = w.generate();
        long expected = OracleMatcher.count(all, all.length);
        long matches;
        try (EsperMatcher m = new EsperMatcher(all[0].timestamp, null)) {
            for (Event e : all) {
                m.accept(e);
            }
            matches = m.matches();
        }
        assertThat(expected).isPositive();
        assertThat(matches).isEqualTo(expected);
    }

    @Test
    void shouldPrintOneLineWithTheCountOfTheMainClass() {
        MicroWorkload w = MicroWorkload.defaults(20_000);
        long expected = OracleMatcher.count(w.generate(), 20_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            EsperMain.main(new String[] {"6", "10000", "20000", "0.5", "1", "600000"});
        } finally {
            System.setOut(stdout);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .matches(
                        "esper events=20000 of=20000 seconds=[0-9.]+ finished=true matches="
                                + expected
                                + "\\R");
    }

    private static void assertMatches(long user, Match... expected) {
        assertThat(oracle).filteredOn(m -> m.user == user).containsExactlyInAnyOrder(expected);
        assertThat(esper).filteredOn(m -> m.user == user).containsExactlyInAnyOrder(expected);
    }
}
