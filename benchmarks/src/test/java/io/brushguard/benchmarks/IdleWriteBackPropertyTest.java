package io.brushguard.benchmarks;

import io.brushguard.patterns.common.StateCache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The throughput and Kafka workloads take the state caches' idle write-back from a system property
 * ({@code run.sh}: {@code BRUSHGUARD_IDLE_WRITE_BACK_MS}; 0: off), the job's default when it is
 * unset, and say which.
 */
class IdleWriteBackPropertyTest {

    private static final String PROPERTY = StateCache.IDLE_WRITE_BACK_PARAMETER;

    @AfterEach
    void clear() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void unsetOrBlankShouldBeTheJobsDefault() {
        System.clearProperty(PROPERTY);
        assertThat(ThroughputBenchmark.idleWriteBackMs())
                .isEqualTo(StateCache.DEFAULT_IDLE_WRITE_BACK_MS)
                .isPositive();
        assertThat(ThroughputBenchmark.idleWriteBackLine())
                .endsWith(
                        "every "
                                + StateCache.DEFAULT_IDLE_WRITE_BACK_MS
                                + " ms (the job's default)");
        System.setProperty(PROPERTY, " ");
        assertThat(ThroughputBenchmark.idleWriteBackMs())
                .isEqualTo(StateCache.DEFAULT_IDLE_WRITE_BACK_MS);
    }

    @Test
    void aSetIntervalShouldBeTakenAndPrinted() {
        System.setProperty(PROPERTY, "500");
        assertThat(ThroughputBenchmark.idleWriteBackMs()).isEqualTo(500);
        assertThat(ThroughputBenchmark.idleWriteBackLine())
                .endsWith("every 500 ms (" + PROPERTY + "=500)");
    }

    @Test
    void zeroShouldBeOff() {
        System.setProperty(PROPERTY, "0");
        assertThat(ThroughputBenchmark.idleWriteBackMs()).isZero();
        assertThat(ThroughputBenchmark.idleWriteBackLine()).endsWith("off (" + PROPERTY + "=0)");
    }

    @Test
    void aValueThatIsNotAWholeNumberAtLeastZeroShouldBeRefused() {
        for (String bad : new String[] {"-1", "half a second", "1.5"}) {
            System.setProperty(PROPERTY, bad);
            assertThatThrownBy(ThroughputBenchmark::idleWriteBackMs)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(PROPERTY)
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
