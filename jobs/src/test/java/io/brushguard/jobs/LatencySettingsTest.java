package io.brushguard.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The job's network buffer timeout: its own default, unless the user sets Flink's option. */
class LatencySettingsTest {

    @Test
    void theJobFlushesItsNetworkBuffersEvery10Milliseconds() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        BrushguardJob.flinkConfiguration(new Configuration()));
        assertThat(env.getBufferTimeout()).isEqualTo(10L);
    }

    @Test
    void aBufferTimeoutTheUserSetIsKept() {
        Configuration conf = new Configuration();
        conf.setString(ExecutionOptions.BUFFER_TIMEOUT.key(), "100 ms");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        BrushguardJob.flinkConfiguration(conf));
        assertThat(env.getBufferTimeout()).isEqualTo(100L);
        assertThat(BrushguardJob.flinkConfiguration(conf).get(ExecutionOptions.BUFFER_TIMEOUT))
                .isEqualTo(Duration.ofMillis(100));
    }
}
