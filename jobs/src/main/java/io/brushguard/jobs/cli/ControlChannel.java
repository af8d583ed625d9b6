package io.brushguard.jobs.cli;

import io.brushguard.jobs.config.KafkaOptions;
import io.brushguard.jobs.control.PatternChange;
import io.brushguard.jobs.control.PatternControlClient;
import io.brushguard.jobs.control.PatternStatus;

import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.time.Duration;

/**
 * Where the {@code patterns} commands of the running job send their changes: the control and status
 * topics ({@link PatternControlClient}), or a fake in tests.
 */
interface ControlChannel extends AutoCloseable {

    /** The answer of the job to {@code change}, or null when none came within {@code wait}. */
    PatternStatus send(PatternChange change, Duration wait) throws IOException;

    /** The topic the job reads changes from, for messages. */
    String controlTopic();

    @Override
    void close();

    /** Opens the channel of a configuration ({@code --bootstrap-servers}, {@code --config}...). */
    interface Factory {
        ControlChannel open(Configuration conf);
    }

    /** The real one: Kafka. */
    static ControlChannel kafka(Configuration conf) {
        PatternControlClient client =
                new PatternControlClient(
                        conf.get(KafkaOptions.BOOTSTRAP_SERVERS),
                        conf.get(KafkaOptions.TOPIC_PATTERN_CONTROL),
                        conf.get(KafkaOptions.TOPIC_PATTERN_STATUS));
        return new ControlChannel() {
            @Override
            public PatternStatus send(PatternChange change, Duration wait) throws IOException {
                return client.send(change, wait);
            }

            @Override
            public String controlTopic() {
                return client.controlTopic();
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }
}
