package io.brushguard.jobs;

import io.brushguard.jobs.config.JobOptions;
import io.brushguard.patterns.common.StateCache;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code brushguard.state-cache.keys} becomes the job parameter the cached operators read when they
 * open (the operators' side: {@code FunctionHostTest}, {@code EngineOnRocksDbTest}).
 */
class StateCacheSettingTest {

    @Test
    void theSettingBecomesAJobParameter() {
        Configuration conf = new Configuration();
        conf.set(JobOptions.STATE_CACHE_KEYS, 400_000);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        BrushguardJob.flinkConfiguration(conf));
        assertThat(env.getConfig().getGlobalJobParameters().toMap())
                .containsEntry(StateCache.KEYS_PARAMETER, "400000");
    }

    @Test
    void theIdleWriteBackBecomesAJobParameterBesideTheKeys() {
        Configuration conf = new Configuration();
        conf.set(JobOptions.STATE_CACHE_KEYS, 400_000);
        conf.set(JobOptions.STATE_CACHE_IDLE_WRITE_BACK_MS, 500L);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        BrushguardJob.flinkConfiguration(conf));
        assertThat(env.getConfig().getGlobalJobParameters().toMap())
                .containsEntry(StateCache.KEYS_PARAMETER, "400000")
                .containsEntry(StateCache.IDLE_WRITE_BACK_PARAMETER, "500");
        Configuration negative = new Configuration();
        negative.set(JobOptions.STATE_CACHE_IDLE_WRITE_BACK_MS, -1L);
        assertThatThrownBy(() -> BrushguardJob.flinkConfiguration(negative))
                .hasMessageContaining("brushguard.state-cache.idle-write-back-ms must be >= 0");
    }

    @Test
    void withoutTheSettingTheOperatorsKeepTheirDefaults() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        BrushguardJob.flinkConfiguration(new Configuration()));
        assertThat(env.getConfig().getGlobalJobParameters().toMap())
                .doesNotContainKey(StateCache.KEYS_PARAMETER)
                .doesNotContainKey(StateCache.IDLE_WRITE_BACK_PARAMETER);
    }

    @Test
    void aBadValueIsRefusedWithTheKey() {
        Configuration negative = new Configuration();
        negative.set(JobOptions.STATE_CACHE_KEYS, -5);
        assertThatThrownBy(() -> BrushguardJob.flinkConfiguration(negative))
                .hasMessageContaining("brushguard.state-cache.keys must be >= 0, got -5");
        Configuration text = new Configuration();
        text.setString(StateCache.KEYS_PARAMETER, "lots");
        assertThatThrownBy(() -> BrushguardJob.flinkConfiguration(text))
                .hasMessageContaining("brushguard.state-cache.keys");
    }
}
