package io.brushguard.benchmarks.micro;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The scaling runs' quick mode, as CI runs it: every run agrees with the oracle. Not speed. */
class MicroScalingTest {

    @Test
    void everyRunFindsTheOraclesMatches() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<MicroScaling.Line> lines =
                MicroScaling.run(true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(lines)
                .extracting(l -> l.dimension() + " " + l.value())
                .containsExactly("definitions 1", "definitions 10", "users 10000", "users 100000");
        assertThat(lines).allSatisfy(l -> assertThat(l.row().agrees()).as(l.toString()).isTrue());
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("agrees with oracle");
    }
}
