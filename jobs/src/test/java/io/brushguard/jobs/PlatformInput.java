package io.brushguard.jobs;

import io.brushguard.jobs.sink.AvroBytes;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import static io.brushguard.avro.PaymentStatus.PAID;
import static io.brushguard.avro.ScanType.CREATED;
import static io.brushguard.patterns.Fixtures.created;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.payment;
import static io.brushguard.patterns.Fixtures.review;
import static io.brushguard.patterns.Fixtures.scan;

/**
 * Platform events into the input topics of a real broker, for the pipeline tests, the closing
 * events that move event time past them, and the consumers that read what the job wrote.
 *
 * <p>Why closing events: event time passes a partition only once the partition's own events do, or
 * once it is taken for idle. A test that waits for idleness to close its last windows needs a short
 * idle timeout, and a short timeout takes a partition that is merely slow to deliver its first
 * records on a loaded machine for idle while others run ahead, which makes its events late (Flink
 * 2.2's idleness clock runs on while the source task is busy, FLINK-40234; see the README). With a
 * closing event in every partition, no test waits for idleness and the timeout can be long.
 */
final class PlatformInput {

    /** The input topics under their default names. */
    static final List<String> TOPICS = List.of("orders", "payments", "logistics", "reviews");

    private PlatformInput() {}

    /**
     * A producer of raw bytes with one request in flight, so that a batch refused and retried is
     * never overtaken by a later one (which an idempotent producer's broker then takes for the
     * partition's first, refusing the retried one as out of order), and a delivery timeout of a
     * minute: a record that cannot be written fails the test with its cause ({@link #written}).
     */
    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        return new KafkaProducer<>(p);
    }

    /**
     * A consumer of raw bytes from the start of its topics, in {@code group}, reading committed
     * transactions only or not ({@code isolation}: {@code read_committed}, {@code
     * read_uncommitted}).
     */
    static KafkaConsumer<byte[], byte[]> consumer(
            String bootstrap, String group, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    /** Waits until every record is written; fails with the first one that could not be. */
    static void written(List<Future<RecordMetadata>> sent) throws Exception {
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(
                        "a test record could not be written to Kafka", e.getCause());
            }
        }
    }

    /** The event's record on its topic, keyed as spec/events.md says (waybill, else order). */
    static ProducerRecord<byte[], byte[]> record(PlatformEvent e) {
        String key = e.logistics != null ? e.logistics.getWaybillId() : String.valueOf(e.orderId());
        return new ProducerRecord<>(
                e.stream().defaultName(),
                key.getBytes(StandardCharsets.UTF_8),
                AvroBytes.encode(e.record()));
    }

    /**
     * One closing event in each of the {@code partitions} of every input topic but the {@code
     * silent} ones, two days after the last of {@code events}; the sends, for {@link #written}.
     */
    static List<Future<RecordMetadata>> close(
            KafkaProducer<byte[], byte[]> producer,
            List<PlatformEvent> events,
            int partitions,
            Set<String> silent) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        long end = Long.MIN_VALUE;
        for (PlatformEvent e : events) {
            end = Math.max(end, e.eventTime());
        }
        for (String topic : TOPICS) {
            if (silent.contains(topic)) {
                continue;
            }
            for (int partition = 0; partition < partitions; partition++) {
                ProducerRecord<byte[], byte[]> r = record(closing(topic, partition, end + days(2)));
                sent.add(producer.send(new ProducerRecord<>(topic, partition, r.key(), r.value())));
            }
        }
        return sent;
    }

    /**
     * A closing event for one partition of a topic: an order of a one-off buyer at a one-off shop,
     * its payment, its parcel's first scan, a four-star review of it. None of them is suspicious.
     */
    static PlatformEvent closing(String topic, int partition, long at) {
        String order = "closing-order-" + topic + "-" + partition;
        String buyer = "closing-buyer-" + topic + "-" + partition;
        String shop = "closing-shop-" + topic + "-" + partition;
        return switch (topic) {
            case "orders" -> created(order, buyer, shop, at);
            case "payments" -> payment("closing-payment-" + partition, order, buyer, PAID, at);
            case "logistics" -> scan("closing-waybill-" + partition, order, CREATED, at);
            case "reviews" -> review("closing-review-" + partition, shop, buyer, 4, order, at);
            default -> throw new IllegalArgumentException("not an input topic: " + topic);
        };
    }
}
