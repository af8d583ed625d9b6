package io.brushguard.jobs.demo;

import io.brushguard.jobs.sink.AvroBytes;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * Plays generated events into the input topics as a platform would, keyed as spec/events.md says
 * (orders, payments and reviews by order id, logistics by waybill id), compressing simulated time
 * by a fixed factor. Every {@code corruptEvery} events it also sends one broken record (truncated,
 * garbage, a tombstone, an out-of-range rating) so the demo shows dead-lettering at work.
 *
 * <p>Public for the Kafka throughput benchmark, which fills the input topics with it (no corrupt
 * records) before its contenders read them.
 */
public final class Playback implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final Map<StreamType, String> topics;
    private final int corruptEvery;
    private final Random random;
    private long sent;
    private long corrupted;
    private long failed;
    private Exception firstFailure;

    public Playback(String bootstrap, Map<StreamType, String> topics, int corruptEvery, long seed) {
        this(producer(bootstrap), topics, corruptEvery, seed);
    }

    /** With a given producer (tests). */
    Playback(
            Producer<byte[], byte[]> producer,
            Map<StreamType, String> topics,
            int corruptEvery,
            long seed) {
        this.producer = producer;
        this.topics = topics;
        this.corruptEvery = corruptEvery;
        this.random = new Random(seed);
    }

    private static Producer<byte[], byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }

    public void send(PlatformEvent e) {
        byte[] value = AvroBytes.encode(e.record());
        String topic = topics.get(e.stream());
        producer.send(new ProducerRecord<>(topic, key(e), value), this::onWritten);
        sent++;
        if (corruptEvery > 0 && sent % corruptEvery == 0) {
            sendCorrupt(topic, value);
        }
    }

    private void sendCorrupt(String topic, byte[] valid) {
        byte[] bad;
        switch ((int) (corrupted % 3)) {
            case 0:
                bad = Arrays.copyOf(valid, Math.max(1, valid.length / 2));
                break;
            case 1:
                bad = new byte[24];
                random.nextBytes(bad);
                bad[0] = 0x7f;
                break;
            default:
                bad = null;
                break;
        }
        producer.send(
                new ProducerRecord<>(topic, "corrupt".getBytes(StandardCharsets.UTF_8), bad),
                this::onWritten);
        corrupted++;
    }

    private static byte[] key(PlatformEvent e) {
        String key =
                e.logistics != null
                        ? e.logistics.getWaybillId()
                        : e.orderId() != null ? e.orderId() : e.review.getReviewId();
        return key.getBytes(StandardCharsets.UTF_8);
    }

    public long sent() {
        return sent;
    }

    long corrupted() {
        return corrupted;
    }

    /** The producer's callback, on its I/O thread. */
    private void onWritten(RecordMetadata written, Exception error) {
        if (error != null) {
            synchronized (this) {
                failed++;
                if (firstFailure == null) {
                    firstFailure = error;
                }
            }
        }
    }

    /**
     * Waits until every record sent is written; fails if any could not be (its events would be
     * missing from what the job saw, and the demo's scores would be wrong without a word).
     */
    public void flush() {
        producer.flush();
        synchronized (this) {
            if (failed > 0) {
                throw new IllegalStateException(
                        failed + " of the records sent could not be written to Kafka",
                        firstFailure);
            }
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    /** Events in event-time order, with a cursor. */
    static final class Cursor {
        private final List<PlatformEvent> events;
        private int next;

        Cursor(List<PlatformEvent> events) {
            this.events = events;
        }

        boolean done() {
            return next >= events.size();
        }

        /** Sends every event with event time at or before {@code cutoff}; returns how many. */
        int sendUntil(long cutoff, Playback playback) {
            int n = 0;
            while (next < events.size() && events.get(next).eventTime() <= cutoff) {
                playback.send(events.get(next++));
                n++;
            }
            return n;
        }

        long lastSentTime() {
            return next == 0 ? Long.MIN_VALUE : events.get(next - 1).eventTime();
        }
    }
}
