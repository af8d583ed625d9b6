package io.brushguard.jobs.sink;

import io.brushguard.avro.DeadLetter;
import io.brushguard.avro.RegulatorAlert;
import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.config.KafkaOptions;
import io.brushguard.jobs.control.PatternStatus;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.util.function.SerializableFunction;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * brushguard's Kafka outputs: risk alerts, the regulator feed, dead letters and shadow alerts, all
 * transactional (exactly-once with checkpoints) unless risk alerts are set to at least once, Avro
 * binary values. Consumers must read with {@code isolation.level=read_committed}.
 */
public final class KafkaSinks {

    private KafkaSinks() {}

    /**
     * The alerts, keyed by alert id: exactly-once by default; at least once, visible without
     * waiting for a checkpoint, with {@link KafkaOptions#ALERTS_DELIVERY} {@code at-least-once}.
     */
    public static KafkaSink<RiskAlert> alerts(Configuration conf) {
        KafkaRecordSerializationSchema<RiskAlert> serializer =
                avroKeyedBy(conf.get(KafkaOptions.TOPIC_ALERTS), RiskAlert::getAlertId);
        DeliveryGuarantee delivery = conf.get(KafkaOptions.ALERTS_DELIVERY);
        switch (delivery) {
            case EXACTLY_ONCE:
                return exactlyOnce(conf, "alerts", serializer);
            case AT_LEAST_ONCE:
                return atLeastOnce(conf, serializer);
            default:
                throw new IllegalArgumentException(
                        KafkaOptions.ALERTS_DELIVERY.key()
                                + " must be exactly-once or at-least-once, not "
                                + delivery
                                + ": alerts are never written without a delivery guarantee");
        }
    }

    /**
     * The alerts of rules in shadow mode, keyed by alert id; apart from {@link #alerts} so that no
     * consumer of the alert feed ever sees them.
     */
    public static KafkaSink<RiskAlert> shadowAlerts(Configuration conf) {
        return exactlyOnce(
                conf,
                "shadow-alerts",
                avroKeyedBy(conf.get(KafkaOptions.TOPIC_SHADOW_ALERTS), RiskAlert::getAlertId));
    }

    /** The regulator feed, keyed by its (keyed) alert reference. */
    public static KafkaSink<RegulatorAlert> regulatorAlerts(Configuration conf) {
        return exactlyOnce(
                conf,
                "regulator-alerts",
                avroKeyedBy(
                        conf.get(KafkaOptions.TOPIC_REGULATOR_ALERTS), RegulatorAlert::getAlertId));
    }

    /** Dead letters, keyed by where they came from: {@code topic/partition@offset}. */
    public static KafkaSink<DeadLetter> deadLetters(Configuration conf) {
        return exactlyOnce(
                conf,
                "dead-letters",
                avroKeyedBy(
                        conf.get(KafkaOptions.TOPIC_DEAD_LETTERS),
                        dead ->
                                dead.getTopic()
                                        + "/"
                                        + dead.getPartition()
                                        + "@"
                                        + dead.getOffset()));
    }

    /**
     * The control operator's answers (JSON, key request id), at least once and at once: they tell a
     * person whether a change was applied, so they must not wait for a checkpoint. A replay may
     * repeat an answer; the request id tells repeats apart.
     */
    public static KafkaSink<PatternStatus> patternStatus(Configuration conf) {
        String topic = conf.get(KafkaOptions.TOPIC_PATTERN_STATUS);
        return atLeastOnce(
                conf,
                (PatternStatus s, KafkaRecordSerializationSchema.KafkaSinkContext ctx, Long ts) ->
                        new ProducerRecord<>(
                                topic,
                                s.requestId() == null
                                        ? null
                                        : s.requestId().getBytes(StandardCharsets.UTF_8),
                                s.toJson()));
    }

    /** Records written as they come, without transactions: a restart may repeat some. */
    private static <T> KafkaSink<T> atLeastOnce(
            Configuration conf, KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(conf.get(KafkaOptions.BOOTSTRAP_SERVERS))
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /** Avro binary values on {@code topic}, with a UTF-8 key. */
    private static <T extends SpecificRecordBase> KafkaRecordSerializationSchema<T> avroKeyedBy(
            String topic, SerializableFunction<T, String> key) {
        return (record, ctx, ts) ->
                new ProducerRecord<>(
                        topic,
                        key.apply(record).getBytes(StandardCharsets.UTF_8),
                        AvroBytes.encode(record));
    }

    private static <T> KafkaSink<T> exactlyOnce(
            Configuration conf, String name, KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(conf.get(KafkaOptions.BOOTSTRAP_SERVERS))
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(
                        conf.get(KafkaOptions.TRANSACTIONAL_ID_PREFIX) + "-" + name)
                // Must stay below the broker's transaction.max.timeout.ms (15 min by default),
                // and above the longest checkpoint plus restart time, or commits are lost.
                .setProperty(
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        String.valueOf(conf.get(KafkaOptions.TRANSACTION_TIMEOUT).toMillis()))
                .build();
    }
}
