package io.brushguard.jobs.control;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The sending side of the control plane: publishes one {@link PatternChange} to the control topic
 * and waits for the running job's {@link PatternStatus} of the same request id on the status topic.
 * Used by {@code brushguard patterns deploy|disable|enable|shadow|unshadow|remove|list}.
 *
 * <p>It reads the status topic from its end as it was <em>before</em> the change is published, so
 * the answer cannot be missed however fast the job is. Publishing is idempotent with {@code
 * acks=all}. Kafka that cannot be reached, or a topic that does not exist, fails within {@link
 * #KAFKA_TIMEOUT} with an {@link IOException} of one line.
 *
 * <p>Not thread-safe; one instance holds one producer and one consumer until {@link #close()}.
 */
public final class PatternControlClient implements AutoCloseable {

    /** How long reaching Kafka (metadata, offsets, the publishing itself) may take. */
    public static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final String controlTopic;
    private final String statusTopic;
    private final Duration kafkaTimeout;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;

    public PatternControlClient(String bootstrapServers, String controlTopic, String statusTopic) {
        this(bootstrapServers, controlTopic, statusTopic, KAFKA_TIMEOUT);
    }

    PatternControlClient(
            String bootstrapServers,
            String controlTopic,
            String statusTopic,
            Duration kafkaTimeout) {
        this.bootstrapServers = bootstrapServers;
        this.controlTopic = controlTopic;
        this.statusTopic = statusTopic;
        this.kafkaTimeout = kafkaTimeout;
    }

    public String controlTopic() {
        return controlTopic;
    }

    public String statusTopic() {
        return statusTopic;
    }

    /** A new request id for a {@link PatternChange}. */
    public static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Publishes {@code change} and waits for the job's answer to it.
     *
     * @param change the change; a missing request id is given one
     * @param wait how long to wait for the answer once the change is published
     * @return the answer, or null when none came within {@code wait}
     * @throws IOException (one line) when Kafka cannot be reached, a topic does not exist, or the
     *     change could not be published
     */
    public PatternStatus send(PatternChange change, Duration wait) throws IOException {
        if (change.requestId() == null || change.requestId().isBlank()) {
            change =
                    new PatternChange(
                            newRequestId(),
                            change.action(),
                            change.id(),
                            change.definition(),
                            change.file(),
                            change.by());
        }
        String requestId = change.requestId();
        KafkaConsumer<byte[], byte[]> c = consumer();
        List<TopicPartition> status = partitions(c, statusTopic);
        partitions(c, controlTopic);
        // Where the status topic ends now, resolved before publishing: seekToEnd alone is lazy.
        c.assign(status);
        c.seekToEnd(status);
        try {
            for (TopicPartition tp : status) {
                c.position(tp, kafkaTimeout);
            }
        } catch (KafkaException e) {
            throw unreachable("could not read the end of " + statusTopic, e);
        }
        publish(change);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            for (ConsumerRecord<byte[], byte[]> r :
                    c.poll(Duration.ofNanos(Math.min(left, POLL.toNanos())))) {
                PatternStatus s = statusOf(r);
                if (s != null && requestId.equals(s.requestId())) {
                    return s;
                }
            }
        }
    }

    private void publish(PatternChange change) throws IOException {
        String key = change.id() == null || change.id().isBlank() ? "report" : change.id();
        try {
            producer()
                    .send(
                            new ProducerRecord<>(
                                    controlTopic,
                                    key.getBytes(StandardCharsets.UTF_8),
                                    change.toJson()))
                    .get(kafkaTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            producer.flush();
        } catch (ExecutionException e) {
            throw unreachable("could not publish to " + controlTopic, e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw unreachable("could not publish to " + controlTopic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing to " + controlTopic);
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c, String topic)
            throws IOException {
        List<PartitionInfo> infos;
        try {
            infos = c.partitionsFor(topic, kafkaTimeout);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IOException(
                    "cannot reach Kafka at "
                            + bootstrapServers
                            + " within "
                            + kafkaTimeout.toSeconds()
                            + "s; is it running, and are --bootstrap-servers right?");
        } catch (KafkaException e) {
            throw unreachable("could not read the partitions of " + topic, e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new IOException(
                    "topic "
                            + topic
                            + " does not exist on "
                            + bootstrapServers
                            + "; create it with one partition (docs/patterns.md, Live rollout)");
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private static PatternStatus statusOf(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return null;
        }
        try {
            return PatternStatus.fromJson(r.value());
        } catch (IOException e) {
            return null; // not ours to judge: someone else's message on the topic
        }
    }

    private IOException unreachable(String what, Throwable cause) {
        return new IOException(
                what
                        + " at "
                        + bootstrapServers
                        + ": "
                        + (cause == null ? "unknown error" : cause.getMessage()));
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            Properties p = common();
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "brushguard-patterns-status");
            consumer =
                    new KafkaConsumer<>(
                            p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties p = common();
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "brushguard-patterns-control");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(kafkaTimeout.toMillis()));
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            p.put(
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    String.valueOf(kafkaTimeout.toMillis() + 1_000));
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private Properties common() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("request.timeout.ms", String.valueOf(kafkaTimeout.toMillis()));
        p.put("default.api.timeout.ms", String.valueOf(kafkaTimeout.toMillis()));
        p.put("reconnect.backoff.max.ms", "1000");
        return p;
    }

    @Override
    public void close() {
        Duration t = Duration.ofSeconds(2);
        if (producer != null) {
            producer.close(t);
            producer = null;
        }
        if (consumer != null) {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(t));
            consumer = null;
        }
    }
}
