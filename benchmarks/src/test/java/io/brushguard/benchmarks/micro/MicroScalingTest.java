package io.brushguard.benchmarks.micro;

import io.brushguard.benchmarks.micro.MicroBenchmark.Contender;
import io.brushguard.benchmarks.micro.MicroBenchmark.Row;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The scaling runs' quick mode, as CI runs it: every run agrees with the oracle. Not speed. */
class MicroScalingTest {

    @Test
    void everyRunFindsTheOraclesMatches() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<MicroScaling.Line> lines =
                MicroScaling.run(true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(lines)
                .extracting(l -> l.dimension() + " " + l.value())
                .containsExactly(
                        "definitions 1",
                        "definitions 10",
                        "users 10000",
                        "users 100000",
                        "users 100000",
                        "users 10000");
        assertThat(lines).allSatisfy(l -> assertThat(l.row().agrees()).as(l.toString()).isTrue());
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("agrees with oracle")
                .contains("two runs in mirrored order");
    }

    @Test
    void mirroredOrderRunsEveryValueOnceEarlyAndOnceLate() {
        assertThat(MicroScaling.mirrored(new int[] {1, 2, 3})).containsExactly(1, 2, 3, 3, 2, 1);
        assertThat(MicroScaling.mirrored(new int[] {7})).containsExactly(7, 7);
    }

    @Test
    void aValuesRateIsAllItsEventsOverAllItsRunsTime() {
        // 1,000 events in 1 s and 1,000 in 3 s: 2,000 in 4 s, 500/s (not the mean of the rates,
        // 666.7/s, which would let the fast run count for more than its time).
        Row fast = new Row(Contender.ENGINE_ROCKSDB, 1_000, 1_000, 1.0, true, 5, 5);
        Row slow = new Row(Contender.ENGINE_ROCKSDB, 1_000, 1_000, 3.0, true, 5, 5);
        Row other = new Row(Contender.ENGINE_ROCKSDB, 1_000, 1_000, 2.0, true, 4, 5);
        List<MicroScaling.Combined> combined =
                MicroScaling.combine(
                        List.of(
                                new MicroScaling.Line("users", 10, fast),
                                new MicroScaling.Line("definitions", 1, other),
                                new MicroScaling.Line("users", 20, other),
                                new MicroScaling.Line("users", 10, slow)),
                        "users");
        assertThat(combined).extracting(MicroScaling.Combined::value).containsExactly(10L, 20L);
        assertThat(combined.get(0).perSecond()).isCloseTo(500.0, within(1e-9));
        assertThat(combined.get(0).runs()).containsExactly(fast, slow);
        assertThat(combined.get(0).comparable()).isTrue();
        assertThat(combined.get(1).comparable()).isFalse();
    }
}
