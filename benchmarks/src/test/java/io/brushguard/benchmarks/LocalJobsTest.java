package io.brushguard.benchmarks;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Jobs run with their checkpoint statistics kept, and cancelled at their budget. */
class LocalJobsTest {

    /** Sleeps a little per element, so that the job lasts long enough to checkpoint. */
    private static final class Slow implements MapFunction<Long, Long> {
        private final long millis;

        Slow(long millis) {
            this.millis = millis;
        }

        @Override
        public Long map(Long value) throws Exception {
            Thread.sleep(millis);
            return value;
        }
    }

    private static StreamExecutionEnvironment env(long elements, long millisEach) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.fromSequence(1, elements)
                .keyBy(v -> v % 7)
                .map(new Slow(millisEach))
                .name("slow map")
                .sinkTo(new DiscardingSink<>());
        return env;
    }

    @Test
    void aFinishedJobKeepsItsCheckpointsSynchronousPhases() throws Exception {
        LocalJobs.Ended ended = LocalJobs.run(env(150, 10), "checkpointed", null);
        assertThat(ended.finished()).isTrue();
        assertThat(ended.result()).isNotNull();
        LocalJobs.SyncPhases sync = ended.syncPhases();
        assertThat(sync.longestMillis())
                .isNotEmpty()
                .allSatisfy(ms -> assertThat(ms).isNotNegative());
        assertThat(sync.tasks()).hasSameSizeAs(sync.longestMillis());
        assertThat(ended.taskNames().values()).containsAll(sync.tasks());
        assertThat(sync.describe())
                .containsPattern(
                        "^[0-9]+ checkpoints?, the longest synchronous phase in each: mean [0-9,]+"
                                + " ms, max [0-9,]+ ms \\(.+\\)$");
    }

    @Test
    void aJobOverItsBudgetIsCancelled() throws Exception {
        long t0 = System.nanoTime();
        LocalJobs.Ended ended = LocalJobs.run(env(1_000_000, 10), "endless", Duration.ofSeconds(2));
        assertThat(ended.finished()).isFalse();
        assertThat(ended.result()).isNull();
        assertThat(ended.endNanos() - t0).isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void describesTheMeanAndTheLongestWithItsTask() {
        LocalJobs.SyncPhases sync =
                new LocalJobs.SyncPhases(List.of(100L, 700L, 250L), List.of("a", "detectors", "b"));
        assertThat(sync.describe())
                .isEqualTo(
                        "3 checkpoints, the longest synchronous phase in each: mean 350 ms, max 700"
                                + " ms (detectors)");
        assertThat(LocalJobs.SyncPhases.NONE.describe()).isEqualTo("no completed checkpoint");
        assertThat(new LocalJobs.SyncPhases(List.of(5L), List.of("x".repeat(80))).describe())
                .isEqualTo(
                        "1 checkpoint, the longest synchronous phase in each: mean 5 ms, max 5 ms ("
                                + "x".repeat(57)
                                + "...)");
    }
}
