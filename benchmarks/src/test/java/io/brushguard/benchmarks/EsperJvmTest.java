package io.brushguard.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Esper child's command line: its heap, pre-touched when asked, as the micro runs it. */
class EsperJvmTest {

    @Test
    void aPreTouchedChildCommitsAndTouchesItsWholeHeapAtStart() {
        List<String> command = EsperJvm.command("2g", true, "cp", "Main", List.of("1", "2"));
        assertThat(command)
                .containsSubsequence("-Xmx2g", "-Xms2g", "-XX:+AlwaysPreTouch", "-cp", "cp", "Main")
                .endsWith("1", "2");
    }

    @Test
    void otherwiseItsHeapGrowsAsItNeeds() {
        List<String> command = EsperJvm.command("2g", false, "cp", "Main", List.of());
        assertThat(command).contains("-Xmx2g").doesNotContain("-Xms2g", "-XX:+AlwaysPreTouch");
    }
}
