package io.brushguard.jobs.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedKafkaBrokerTest {

    @TempDir static Path dataDir;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(dataDir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void readCommittedConsumerSeesOnlyRecordsOfCommittedTransactions() throws Exception {
        String topic = "transactions";
        broker.createTopics(2, topic);

        try (KafkaProducer<String, String> producer = transactionalProducer("tx-test")) {
            producer.initTransactions();

            producer.beginTransaction();
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "committed-" + i));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "aborted-" + i));
            }
            // The aborted records must reach the log, or the test would prove nothing.
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 1, "k4", "committed-4"));
            producer.commitTransaction();
        }

        assertThat(readAll(topic, "read_committed"))
                .containsExactlyInAnyOrder(
                        "committed-0", "committed-1", "committed-2", "committed-3", "committed-4");
        assertThat(readAll(topic, "read_uncommitted"))
                .contains("aborted-0", "aborted-1", "aborted-2", "aborted-3")
                .hasSize(9);
    }

    @Test
    void createTopicsIsIdempotentAndKeepsExistingTopics() throws Exception {
        broker.createTopics(2, "idempotent");
        broker.createTopics(3, "idempotent", "idempotent-second");

        try (Admin admin = admin()) {
            var topics =
                    admin.describeTopics(List.of("idempotent", "idempotent-second"))
                            .allTopicNames()
                            .get(10, TimeUnit.SECONDS);
            assertThat(topics.get("idempotent").partitions()).hasSize(2);
            assertThat(topics.get("idempotent-second").partitions()).hasSize(3);
        }
    }

    @Test
    void topicsAreNotCreatedAutomatically() throws Exception {
        try (KafkaConsumer<String, String> consumer = consumer("read_committed")) {
            // The consumer's metadata request asks for auto-creation; the broker must refuse.
            assertThat(consumer.partitionsFor("typo", Duration.ofSeconds(10))).isEmpty();
        }
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain("typo");
        }
    }

    @Test
    void startRefusesALogDirectoryThatAlreadyExists(@TempDir Path otherDir) throws Exception {
        Files.createDirectories(otherDir.resolve(EmbeddedKafkaBroker.LOG_DIR_NAME));

        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(otherDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void closeStopsTheBrokerButLeavesTheCallersDataDirectory(@TempDir Path ownDir)
            throws Exception {
        EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start(ownDir);
        int port = Integer.parseInt(own.bootstrapServers().split(":")[1]);
        assertThat(ownDir.resolve(EmbeddedKafkaBroker.LOG_DIR_NAME).resolve("meta.properties"))
                .isRegularFile();

        own.close();
        own.close();

        assertThat(ownDir.resolve(EmbeddedKafkaBroker.LOG_DIR_NAME).resolve("meta.properties"))
                .isRegularFile();
        // The listener is gone: its port can be bound again.
        try (ServerSocket rebound = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(rebound.getLocalPort()).isEqualTo(port);
        }
    }

    private static List<String> readAll(String topic, String isolationLevel) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(isolationLevel)) {
            List<TopicPartition> partitions =
                    List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Under read_committed the end offsets are the last stable offsets, so reaching them
            // means everything visible has been read, including past the aborted batch.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime())
                        .as("read %s before deadline", topic)
                        .isLessThan(deadline);
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static KafkaProducer<String, String> transactionalProducer(String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static KafkaConsumer<String, String> consumer(String isolationLevel) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    private static Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return Admin.create(p);
    }
}
