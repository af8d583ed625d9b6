package io.brushguard.benchmarks;

import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.demo.Playback;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Event-to-alert latency through Kafka, end to end: a producer writes the events to the input
 * topics at a fixed rate while the job runs, noting when it sent each; a read_committed consumer
 * reads the job's alert topic. An alert's latency is the wall-clock time the consumer sees it minus
 * the time the producer sent the latest event at or before the alert's stream timestamp (the event
 * time of the event that completed it), as {@link EventToAlertLatency} defines it for the in-memory
 * workload. The Kafka alert records do not carry that timestamp (the job's sink leaves the record
 * timestamp to the producer), so a chained step before the sink notes it under the alert id.
 * Through the exactly-once sink an alert becomes visible at the checkpoint after it was written:
 * this latency includes up to one checkpoint interval.
 *
 * <p>The job runs in this JVM (a local mini cluster), so the notes are static maps; one latency run
 * at a time.
 */
final class KafkaAlertLatency {

    private KafkaAlertLatency() {}

    /** Alert id → its stream timestamp, noted as it leaves the graph. */
    static final Map<String, Long> STREAM_TIMESTAMPS = new ConcurrentHashMap<>();

    /** Subtasks of {@link NoteStreamTimestamp} opened: the job is deployed down to its sinks. */
    static final AtomicInteger OPENED = new AtomicInteger();

    static void reset() {
        EventToAlertLatency.reset();
        STREAM_TIMESTAMPS.clear();
        OPENED.set(0);
    }

    /** Notes each alert's stream timestamp under its id; passes it on. */
    static final class NoteStreamTimestamp extends ProcessFunction<RiskAlert, RiskAlert> {
        @Override
        public void open(OpenContext ctx) {
            OPENED.incrementAndGet();
        }

        @Override
        public void processElement(RiskAlert alert, Context ctx, Collector<RiskAlert> out) {
            if (ctx.timestamp() != null) {
                STREAM_TIMESTAMPS.put(alert.getAlertId().toString(), ctx.timestamp());
            }
            out.collect(alert);
        }
    }

    /**
     * Sends {@code events} in their order at {@code perSecond}, noting the wall-clock time each
     * event time was first sent ({@link EventToAlertLatency#ENTERED}).
     */
    static void produce(
            String bootstrap,
            Map<StreamType, String> topics,
            long seed,
            List<PlatformEvent> events,
            double perSecond) {
        try (Playback playback = new Playback(bootstrap, topics, 0, seed)) {
            long start = System.nanoTime();
            long count = 0;
            for (PlatformEvent e : events) {
                long due = start + (long) (count++ * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                EventToAlertLatency.ENTERED.putIfAbsent(e.eventTime(), System.currentTimeMillis());
                playback.send(e);
            }
            playback.flush();
        }
    }

    /** A read_committed consumer of the alert topic that notes each alert's latency. */
    static final class AlertReader implements Runnable, AutoCloseable {
        private final String bootstrap;
        private final String topic;
        private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        private final AtomicLong lastSeenNanos = new AtomicLong(System.nanoTime());
        private final AtomicLong unmatched = new AtomicLong();
        private final Set<String> alertIds = ConcurrentHashMap.newKeySet();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile Throwable failure;

        AlertReader(String bootstrap, String topic) {
            this.bootstrap = bootstrap;
            this.topic = topic;
            thread = new Thread(this, "benchmark-alert-reader");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            SpecificDatumReader<RiskAlert> reader = new SpecificDatumReader<>(RiskAlert.class);
            BinaryDecoder decoder = null;
            try (KafkaConsumer<byte[], byte[]> consumer =
                    KafkaThroughputBenchmark.readCommittedFromStart(bootstrap, topic)) {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        long seen = System.currentTimeMillis();
                        decoder = DecoderFactory.get().binaryDecoder(r.value(), decoder);
                        RiskAlert alert = reader.read(null, decoder);
                        lastSeenNanos.set(System.nanoTime());
                        alertIds.add(alert.getAlertId().toString());
                        Long at = STREAM_TIMESTAMPS.get(alert.getAlertId().toString());
                        Map.Entry<Long, Long> sent =
                                at == null ? null : EventToAlertLatency.ENTERED.floorEntry(at);
                        if (sent == null) {
                            unmatched.incrementAndGet();
                        } else {
                            latencies.add(seen - sent.getValue());
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        }

        /** {@link System#nanoTime()} when the last alert was read (or the reader started). */
        long lastSeenNanos() {
            return lastSeenNanos.get();
        }

        long unmatched() {
            return unmatched.get();
        }

        /** The ids of the alerts read. */
        Set<String> alertIds() {
            return Set.copyOf(alertIds);
        }

        EventToAlertLatency.Result result() {
            return EventToAlertLatency.Result.of(latencies);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
            if (failure != null) {
                throw new IllegalStateException("reading " + topic + " failed", failure);
            }
        }
    }
}
