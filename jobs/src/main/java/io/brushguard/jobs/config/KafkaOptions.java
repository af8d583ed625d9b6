package io.brushguard.jobs.config;

import io.brushguard.patterns.model.StreamType;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where brushguard reads its input and writes its outputs in Kafka. */
public final class KafkaOptions {

    private KafkaOptions() {}

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("brushguard.kafka.bootstrap-servers")
                    .stringType()
                    .defaultValue("localhost:9092")
                    .withDescription("Kafka bootstrap servers for every input and output topic.");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("brushguard.kafka.group-id")
                    .stringType()
                    .defaultValue("brushguard")
                    .withDescription("Consumer group id (offsets are committed on checkpoints).");

    public static final ConfigOption<String> STARTING_OFFSETS =
            ConfigOptions.key("brushguard.kafka.starting-offsets")
                    .stringType()
                    .defaultValue("committed-or-earliest")
                    .withDescription(
                            "Where a job without state starts: earliest, latest or"
                                    + " committed-or-earliest. A job restored from a checkpoint or"
                                    + " savepoint always resumes from its state.");

    public static final ConfigOption<String> TOPIC_ORDERS = topic(StreamType.ORDERS);
    public static final ConfigOption<String> TOPIC_PAYMENTS = topic(StreamType.PAYMENTS);
    public static final ConfigOption<String> TOPIC_LOGISTICS = topic(StreamType.LOGISTICS);
    public static final ConfigOption<String> TOPIC_REVIEWS = topic(StreamType.REVIEWS);

    public static final ConfigOption<String> TOPIC_ALERTS =
            ConfigOptions.key("brushguard.kafka.topic.alerts")
                    .stringType()
                    .defaultValue("risk-alerts")
                    .withDescription(
                            "Output topic for risk alerts (Avro RiskAlert, key alert_id).");

    public static final ConfigOption<String> TOPIC_REGULATOR_ALERTS =
            ConfigOptions.key("brushguard.kafka.topic.regulator-alerts")
                    .stringType()
                    .defaultValue("regulator-alerts")
                    .withDescription(
                            "Output topic of the regulator feed (Avro RegulatorAlert, key"
                                    + " alert_id): risk alerts with personal identifiers"
                                    + " pseudonymised.");

    public static final ConfigOption<String> TOPIC_DEAD_LETTERS =
            ConfigOptions.key("brushguard.kafka.topic.dead-letters")
                    .stringType()
                    .defaultValue("dead-letters")
                    .withDescription(
                            "Output topic for undecodable and late input (Avro DeadLetter).");

    public static final ConfigOption<String> TOPIC_SHADOW_ALERTS =
            ConfigOptions.key("brushguard.kafka.topic.shadow-alerts")
                    .stringType()
                    .defaultValue("shadow-alerts")
                    .withDescription(
                            "Output topic for the alerts of pattern definitions in shadow mode"
                                    + " (Avro RiskAlert, key alert_id); never in the alert feed,"
                                    + " the credit store or the regulator feed.");

    public static final ConfigOption<String> TOPIC_PATTERN_CONTROL =
            ConfigOptions.key("brushguard.kafka.topic.pattern-control")
                    .stringType()
                    .defaultValue("pattern-control")
                    .withDescription(
                            "Control topic of live definition changes (JSON PatternChange, key"
                                    + " rule id), read from the start: brushguard patterns deploy,"
                                    + " disable, enable, shadow, unshadow, remove and list write"
                                    + " it. Create it with one partition.");

    public static final ConfigOption<String> TOPIC_PATTERN_STATUS =
            ConfigOptions.key("brushguard.kafka.topic.pattern-status")
                    .stringType()
                    .defaultValue("pattern-status")
                    .withDescription(
                            "Status topic: the job's answer to each control message, with the"
                                    + " definitions it runs (JSON PatternStatus, key request id,"
                                    + " at least once).");

    public static final ConfigOption<Boolean> CREATE_CONTROL_TOPICS =
            ConfigOptions.key("brushguard.kafka.create-control-topics")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Create the control and status topics at job start when they are"
                                    + " missing (one partition each). Set false where the job may"
                                    + " not create topics; then create them beforehand.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("brushguard.kafka.transactional-id-prefix")
                    .stringType()
                    .defaultValue("brushguard")
                    .withDescription(
                            "Prefix of the sinks' transactional ids; unique per job on a cluster.");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            ConfigOptions.key("brushguard.kafka.transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Producer transaction timeout of the exactly-once sinks. Must not"
                                    + " exceed the broker's transaction.max.timeout.ms (15 min by"
                                    + " default) and must exceed checkpoint interval plus"
                                    + " recovery time.");

    public static final ConfigOption<DeliveryGuarantee> ALERTS_DELIVERY =
            ConfigOptions.key("brushguard.kafka.alerts-delivery")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.EXACTLY_ONCE)
                    .withDescription(
                            "How risk-alerts is written: exactly-once (transactional; an alert is"
                                    + " visible to read_committed consumers when the next"
                                    + " checkpoint completes) or at-least-once (visible at once;"
                                    + " a restart may repeat the alerts since the last"
                                    + " checkpoint, under the same alert id, which is the record"
                                    + " key). The other topics stay exactly-once.");

    private static ConfigOption<String> topic(StreamType stream) {
        return ConfigOptions.key("brushguard.kafka.topic." + stream.defaultName())
                .stringType()
                .defaultValue(stream.defaultName())
                .withDescription("Input topic of " + stream.defaultName() + " (Avro).");
    }

    /** The input topics and the stream each carries. */
    public static Map<String, StreamType> inputTopics(Configuration conf) {
        Map<String, StreamType> topics = new LinkedHashMap<>();
        topics.put(conf.get(TOPIC_ORDERS), StreamType.ORDERS);
        topics.put(conf.get(TOPIC_PAYMENTS), StreamType.PAYMENTS);
        topics.put(conf.get(TOPIC_LOGISTICS), StreamType.LOGISTICS);
        topics.put(conf.get(TOPIC_REVIEWS), StreamType.REVIEWS);
        if (topics.size() != 4) {
            throw new IllegalArgumentException(
                    "the four input topics must be distinct: " + topics.keySet());
        }
        return topics;
    }
}
