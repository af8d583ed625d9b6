package io.brushguard.jobs.control;

import io.brushguard.jobs.config.KafkaOptions;

import org.apache.flink.configuration.Configuration;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The control and status topics of live rollout: created at job start when missing (one partition
 * each, so changes keep their order; the broker's default replication), so that a job can always
 * read its control topic. An unreachable broker fails the start with one clear line.
 */
public final class ControlTopics {

    /**
     * The control topic is the log of every change a fresh start replays: never deleted by time or
     * size, never compacted (a later switch must not outlive the deploy it refers to).
     */
    static final Map<String, String> KEEP_FOREVER =
            Map.of("retention.ms", "-1", "retention.bytes", "-1", "cleanup.policy", "delete");

    private ControlTopics() {}

    /**
     * Waits until every partition of {@code topics} has a leader: a topic just created is not
     * served at once, and a source reading it then would fail.
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                boolean ready =
                        admin
                                .describeTopics(topics)
                                .allTopicNames()
                                .get(10, TimeUnit.SECONDS)
                                .values()
                                .stream()
                                .allMatch(
                                        d ->
                                                !d.partitions().isEmpty()
                                                        && d.partitions().stream()
                                                                .allMatch(p -> p.leader() != null));
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.currentTimeMillis() > deadline) {
                    throw e;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no leader for every partition of " + topics);
            }
            Thread.sleep(100);
        }
    }

    public static void ensure(Configuration conf) {
        String servers = conf.get(KafkaOptions.BOOTSTRAP_SERVERS);
        List<String> topics =
                List.of(
                        conf.get(KafkaOptions.TOPIC_PATTERN_CONTROL),
                        conf.get(KafkaOptions.TOPIC_PATTERN_STATUS));
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000,
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(
                                    List.of(
                                            new NewTopic(topic, Optional.of(1), Optional.empty())
                                                    .configs(KEEP_FOREVER)))
                            .all()
                            .get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topics, e);
        } catch (Exception e) {
            Throwable cause =
                    e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(
                    "cannot create or read the topics "
                            + topics
                            + " at "
                            + servers
                            + ": "
                            + cause.getMessage(),
                    cause);
        }
    }
}
