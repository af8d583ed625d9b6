package io.brushguard.jobs;

import io.brushguard.jobs.config.KafkaOptions;
import io.brushguard.jobs.config.RegulatorOptions;
import io.brushguard.patterns.DetectionRules;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The streaming job's graph with {@code rules}, built (never run) as the {@code run} command builds
 * it.
 */
final class StreamingGraphs {

    private StreamingGraphs() {}

    /** The graph, with a pseudonym key written under {@code dir} and an unreachable broker. */
    static StreamGraph of(Path dir, DetectionRules rules) throws Exception {
        Path key = dir.resolve("pseudonym.key");
        Files.writeString(key, "a-graph-test-key-of-at-least-32-bytes");
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, "localhost:1");
        conf.set(KafkaOptions.CREATE_CONTROL_TOPICS, false);
        conf.set(RegulatorOptions.PSEUDONYM_KEY_FILE, key.toString());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        BrushguardJob.flinkConfiguration(conf));
        BrushguardJob.attach(env, conf, rules);
        return env.getStreamGraph();
    }
}
