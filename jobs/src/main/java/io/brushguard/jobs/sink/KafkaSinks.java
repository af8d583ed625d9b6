package io.brushguard.jobs.sink;

import io.brushguard.avro.DeadLetter;
import io.brushguard.avro.RegulatorAlert;
import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.config.KafkaOptions;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * brushguard's Kafka outputs: risk alerts, the regulator feed and dead letters, all transactional
 * (exactly-once with checkpoints), Avro binary values. Consumers must read with {@code
 * isolation.level=read_committed}.
 */
public final class KafkaSinks {

    private KafkaSinks() {}

    public static KafkaSink<RiskAlert> alerts(Configuration conf) {
        String topic = conf.get(KafkaOptions.TOPIC_ALERTS);
        return exactlyOnce(
                conf,
                "alerts",
                (KafkaRecordSerializationSchema<RiskAlert>)
                        (alert, ctx, ts) ->
                                new ProducerRecord<>(
                                        topic,
                                        alert.getAlertId().getBytes(StandardCharsets.UTF_8),
                                        AvroBytes.encode(alert)));
    }

    /** The regulator feed, keyed by alert id like the alerts it pseudonymises. */
    public static KafkaSink<RegulatorAlert> regulatorAlerts(Configuration conf) {
        String topic = conf.get(KafkaOptions.TOPIC_REGULATOR_ALERTS);
        return exactlyOnce(
                conf,
                "regulator-alerts",
                (KafkaRecordSerializationSchema<RegulatorAlert>)
                        (alert, ctx, ts) ->
                                new ProducerRecord<>(
                                        topic,
                                        alert.getAlertId().getBytes(StandardCharsets.UTF_8),
                                        AvroBytes.encode(alert)));
    }

    public static KafkaSink<DeadLetter> deadLetters(Configuration conf) {
        String topic = conf.get(KafkaOptions.TOPIC_DEAD_LETTERS);
        return exactlyOnce(
                conf,
                "dead-letters",
                (KafkaRecordSerializationSchema<DeadLetter>)
                        (dead, ctx, ts) ->
                                new ProducerRecord<>(
                                        topic,
                                        (dead.getTopic()
                                                        + "/"
                                                        + dead.getPartition()
                                                        + "@"
                                                        + dead.getOffset())
                                                .getBytes(StandardCharsets.UTF_8),
                                        AvroBytes.encode(dead)));
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
