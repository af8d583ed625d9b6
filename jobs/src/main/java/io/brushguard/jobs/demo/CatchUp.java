package io.brushguard.jobs.demo;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Waits until the job's consumer group has committed (on checkpoints) every offset the input topics
 * hold: the job has read and checkpointed all input.
 */
final class CatchUp {

    private final String bootstrap;
    private final String group;
    private final Collection<String> topics;

    CatchUp(String bootstrap, String group, Collection<String> topics) {
        this.bootstrap = bootstrap;
        this.group = group;
        this.topics = topics;
    }

    /** Returns when nothing is left to read, on Ctrl-C, or after {@code max}. */
    void await(AtomicBoolean interrupted, Duration max, Duration progressEvery, PrintStream out)
            throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long deadline = System.currentTimeMillis() + max.toMillis();
        long nextProgress = System.currentTimeMillis();
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get()
                    .forEach(
                            (topic, d) ->
                                    d.partitions()
                                            .forEach(
                                                    p ->
                                                            latest.put(
                                                                    new TopicPartition(
                                                                            topic, p.partition()),
                                                                    OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get()
                    .forEach((tp, info) -> ends.put(tp, info.offset()));
            while (!interrupted.get() && System.currentTimeMillis() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                long behind = 0;
                for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    behind += e.getValue() - (c == null ? 0 : c.offset());
                }
                if (behind <= 0) {
                    return;
                }
                if (System.currentTimeMillis() >= nextProgress) {
                    out.printf("the job is catching up: %,d input records still to read%n", behind);
                    nextProgress = System.currentTimeMillis() + progressEvery.toMillis();
                }
                Thread.sleep(500);
            }
        }
    }
}
