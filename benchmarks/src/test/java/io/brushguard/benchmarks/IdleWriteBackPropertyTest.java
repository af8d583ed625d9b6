package io.brushguard.benchmarks;

import io.brushguard.patterns.common.StateCache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The throughput and Kafka workloads take the state caches' idle write-back from a system property
 * ({@code run.sh}: {@code BRUSHGUARD_IDLE_WRITE_BACK_MS}), off when it is unset, and say which.
 */
class IdleWriteBackPropertyTest {

    private static final String PROPERTY = StateCache.IDLE_WRITE_BACK_PARAMETER;

    @AfterEach
    void clear() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void unsetOrBlankShouldBeOffAsTheJobsDefault() {
        System.clearProperty(PROPERTY);
        assertThat(ThroughputBenchmark.idleWriteBackMs()).isZero();
        assertThat(ThroughputBenchmark.idleWriteBackLine()).endsWith("off (the job's default)");
        System.setProperty(PROPERTY, " ");
        assertThat(ThroughputBenchmark.idleWriteBackMs()).isZero();
    }

    @Test
    void aSetIntervalShouldBeTakenAndPrinted() {
        System.setProperty(PROPERTY, "500");
        assertThat(ThroughputBenchmark.idleWriteBackMs()).isEqualTo(500);
        assertThat(ThroughputBenchmark.idleWriteBackLine()).contains("every 500 ms");
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
