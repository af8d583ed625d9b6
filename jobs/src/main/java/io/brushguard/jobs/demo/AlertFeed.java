package io.brushguard.jobs.demo;

import io.brushguard.avro.DeadLetter;
import io.brushguard.avro.RiskAlert;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Follows the job's output topics as a downstream consumer would (read_committed, so only what a
 * checkpoint committed), printing alerts and dead letters as they arrive.
 */
final class AlertFeed implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String alertsTopic;
    private final PrintStream out;
    private final boolean printAlerts;
    private final SpecificDatumReader<RiskAlert> alertReader =
            new SpecificDatumReader<>(RiskAlert.class);
    private final SpecificDatumReader<DeadLetter> deadReader =
            new SpecificDatumReader<>(DeadLetter.class);
    private final List<RiskAlert> alerts = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long lastRecordAt = System.currentTimeMillis();
    private BinaryDecoder decoder;

    AlertFeed(
            String bootstrap,
            String alertsTopic,
            String deadTopic,
            PrintStream out,
            boolean printAlerts) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "brushguard-demo-console");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        this.consumer.subscribe(List.of(alertsTopic, deadTopic));
        this.alertsTopic = alertsTopic;
        this.out = out;
        this.printAlerts = printAlerts;
        this.thread = new Thread(this::loop, "brushguard-demo-alert-feed");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                lastRecordAt = System.currentTimeMillis();
                try {
                    decoder = DecoderFactory.get().binaryDecoder(r.value(), decoder);
                    if (r.topic().equals(alertsTopic)) {
                        RiskAlert a = alertReader.read(null, decoder);
                        synchronized (this) {
                            alerts.add(a);
                        }
                        if (printAlerts) {
                            out.print(AlertConsole.render(a));
                        }
                    } else {
                        DeadLetter d = deadReader.read(null, decoder);
                        synchronized (this) {
                            deadLetters.add(d);
                        }
                        out.printf(
                                "DEAD LETTER %s %s/%d@%d: %s%n",
                                d.getReason(),
                                d.getTopic(),
                                d.getPartition(),
                                d.getOffset(),
                                d.getError());
                    }
                } catch (Exception e) {
                    out.println(
                            "cannot read output record " + r.topic() + "@" + r.offset() + ": " + e);
                }
            }
        }
    }

    /** Waits until nothing new arrived for {@code quiet}, at most {@code max}. */
    void awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
        long deadline = System.currentTimeMillis() + max.toMillis();
        while (System.currentTimeMillis() < deadline
                && System.currentTimeMillis() - lastRecordAt < quiet.toMillis()) {
            Thread.sleep(100);
        }
    }

    synchronized List<RiskAlert> alerts() {
        return new ArrayList<>(alerts);
    }

    synchronized List<DeadLetter> deadLetters() {
        return new ArrayList<>(deadLetters);
    }

    synchronized Map<String, Long> alertsByKind() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        alerts.forEach(a -> counts.merge(a.getKind(), 1L, Long::sum));
        return counts;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
        consumer.close(Duration.ofSeconds(2));
    }
}
