package io.brushguard.jobs.config;

import io.brushguard.patterns.common.StateCache;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;

/** State and fault tolerance of the streaming job. */
public final class JobOptions {

    private JobOptions() {}

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("brushguard.checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Exactly-once checkpoint interval. Output becomes visible to"
                                    + " read_committed consumers and PostgreSQL at checkpoints.");

    public static final ConfigOption<String> CHECKPOINT_DIR =
            ConfigOptions.key("brushguard.checkpoint-dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Checkpoint storage URI (file:///..., s3://...). Required on a"
                                    + " cluster; the embedded demo uses a temporary directory.");

    public static final ConfigOption<Integer> STATE_CACHE_KEYS =
            ConfigOptions.key(StateCache.KEYS_PARAMETER)
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "On RocksDB: how many keys' states each detector state and the pattern"
                                    + " engine keep on the heap between checkpoints, per subtask"
                                    + " (default 20,000 per detector state, 100,000 for the"
                                    + " engine). More: fewer RocksDB reads and writes when many"
                                    + " keys are active, more heap, and more to write back at"
                                    + " each checkpoint. 0: no cache.");

    public static final ConfigOption<Long> STATE_CACHE_IDLE_WRITE_BACK_MS =
            ConfigOptions.key(StateCache.IDLE_WRITE_BACK_PARAMETER)
                    .longType()
                    .noDefaultValue()
                    .withDescription(
                            "On RocksDB: every so many milliseconds of processing time between"
                                    + " checkpoints, the detectors and the correlation write back"
                                    + " the changes of the keys untouched since the time before,"
                                    + " so that a checkpoint stops each task for less time."
                                    + " Default 2000; 0: off. Shorter intervals write a key"
                                    + " that keeps coming back again and again: 500 cost the"
                                    + " in-memory workload 17 to 40 % of its throughput with all"
                                    + " rules, 2000 a median 7 %, within the runs' spread, for a"
                                    + " shorter latency tail (benchmarks/HISTORY.md).");

    public static final ConfigOption<Integer> MAX_PARALLELISM =
            ConfigOptions.key("brushguard.max-parallelism")
                    .intType()
                    .defaultValue(256)
                    .withDescription(
                            "Key-group count: the upper bound on rescaling. Fixed for the life of"
                                    + " the job's state; changing it makes savepoints unusable.");
}
