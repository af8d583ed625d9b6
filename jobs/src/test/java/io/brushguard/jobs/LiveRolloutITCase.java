package io.brushguard.jobs;

import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.config.EventTimeOptions;
import io.brushguard.jobs.config.JobOptions;
import io.brushguard.jobs.config.KafkaOptions;
import io.brushguard.jobs.config.RegulatorOptions;
import io.brushguard.jobs.control.PatternChange;
import io.brushguard.jobs.control.PatternChange.Action;
import io.brushguard.jobs.control.PatternControlClient;
import io.brushguard.jobs.control.PatternStatus;
import io.brushguard.jobs.embedded.EmbeddedKafkaBroker;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.definition.PatternDefinitions;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live rollout on the real job, through a real broker: a new pattern deployed while the job runs is
 * checked, applied and answered within seconds, alerts with its id and version, shows in the job's
 * report; an invalid one is rejected with its line and reason and changes nothing.
 */
class LiveRolloutITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    private static final String BURST =
            String.join(
                    "\n",
                    "id: live.one-star-burst",
                    "version: 2",
                    "kind: MALICIOUS_REVIEW",
                    "direction: DEFLATE",
                    "subject: SHOP",
                    "severity: HIGH",
                    "enabled: true",
                    "window: 3h",
                    "count:",
                    "  stream: reviews",
                    "  where: [rating == 1, order_id is null]",
                    "  distinct: reviewer_id",
                    "  min: 4");

    @Test
    void aPatternDeployedToTheRunningJobAlertsWithItsVersion(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(tmp.resolve("kafka"))) {
            Configuration conf = new Configuration();
            conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            conf.set(KafkaOptions.STARTING_OFFSETS, "earliest");
            conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
            conf.set(JobOptions.CHECKPOINT_DIR, tmp.resolve("checkpoints").toUri().toString());
            // No partition is taken for idle while the test runs: closing events move event time
            // (see PlatformInput).
            conf.set(EventTimeOptions.IDLE_TIMEOUT, Duration.ofMinutes(5));
            Path key = tmp.resolve("pseudonym.key");
            Files.writeString(key, "a-live-rollout-test-key-of-at-least-32-bytes");
            conf.set(RegulatorOptions.PSEUDONYM_KEY_FILE, key.toString());
            kafka.createTopics(
                    2,
                    "orders",
                    "payments",
                    "logistics",
                    "reviews",
                    "risk-alerts",
                    "regulator-alerts",
                    "dead-letters",
                    "shadow-alerts");

            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(
                            BrushguardJob.flinkConfiguration(conf));
            env.setParallelism(2);
            BrushguardJob.attach(env, conf, DetectionRules.defaults());
            JobClient job = env.executeAsync("brushguard live rollout");
            try (PatternControlClient control =
                    new PatternControlClient(
                            kafka.bootstrapServers(), "pattern-control", "pattern-status")) {
                Duration wait = Duration.ofSeconds(60);
                PatternStatus bad =
                        control.send(
                                change(Action.DEPLOY, BURST.replace("rating == 1", "ratng == 1")),
                                wait);
                assertThat(bad).as("the job answers").isNotNull();
                assertThat(bad.outcome()).isEqualTo(PatternStatus.REJECTED);
                assertThat(bad.reason())
                        .contains("live.one-star-burst.yaml:11:")
                        .contains("unknown field 'ratng'");

                PatternStatus applied = control.send(change(Action.DEPLOY, BURST), wait);
                assertThat(applied.outcome()).isEqualTo(PatternStatus.APPLIED);
                assertThat(applied.revision()).isEqualTo(1);

                // A new version of a built-in rule, too: its detector runs it from now on.
                String builtIn = "malicious-review.unverified-low-rating-burst";
                String v2 =
                        PatternDefinitions.shippedText(builtIn)
                                .replace("version: 1", "version: 2")
                                .replace("min-reviews: 5", "min-reviews: 4");
                PatternStatus retuned =
                        control.send(
                                new PatternChange(
                                        PatternControlClient.newRequestId(),
                                        Action.DEPLOY,
                                        builtIn,
                                        v2,
                                        builtIn + ".yaml",
                                        "it-test"),
                                wait);
                assertThat(retuned.outcome()).isEqualTo(PatternStatus.APPLIED);

                produce(kafka.bootstrapServers(), BrushguardJobITCase.platformEvents());
                List<RiskAlert> alerts =
                        awaitAlerts(kafka.bootstrapServers(), Duration.ofSeconds(90));
                assertThat(alerts)
                        .filteredOn(a -> a.getRuleId().equals("live.one-star-burst"))
                        .extracting(a -> a.getRuleVersion() + " " + a.getEntityId())
                        .containsExactly("2 victim");
                assertThat(alerts)
                        .filteredOn(a -> a.getRuleId().equals(builtIn))
                        .extracting(a -> a.getRuleVersion() + " " + a.getEntityId())
                        .containsExactly("2 victim");

                PatternStatus report = control.send(change(Action.REPORT, null), wait);
                assertThat(report.outcome()).isEqualTo(PatternStatus.REPORT);
                assertThat(report.definitions())
                        .anySatisfy(
                                r -> {
                                    assertThat(r.id()).isEqualTo("live.one-star-burst");
                                    assertThat(r.version()).isEqualTo(2);
                                    assertThat(r.origin()).isEqualTo("deployed");
                                    assertThat(r.type()).isEqualTo("declarative");
                                });
                assertThat(report.definitions())
                        .filteredOn(r -> r.type().equals("built-in"))
                        .hasSize(DetectionRules.defaults().metas().size());

                PatternStatus older =
                        control.send(
                                change(Action.DEPLOY, BURST.replace("version: 2", "version: 1")),
                                wait);
                assertThat(older.outcome()).isEqualTo(PatternStatus.REJECTED);
                assertThat(older.reason()).contains("raise version");
            } finally {
                job.cancel().get();
            }
        }
    }

    private static PatternChange change(Action action, String text) {
        return new PatternChange(
                PatternControlClient.newRequestId(),
                action,
                action == Action.REPORT ? null : "live.one-star-burst",
                text,
                text == null ? null : "live.one-star-burst.yaml",
                "it-test");
    }

    /** The events, then a closing event in each partition of every input topic. */
    private static void produce(String bootstrap, List<PlatformEvent> events) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = PlatformInput.producer(bootstrap)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (PlatformEvent e : events) {
                sent.add(producer.send(PlatformInput.record(e)));
            }
            sent.addAll(PlatformInput.close(producer, events, 2, Set.of()));
            PlatformInput.written(sent);
        }
    }

    private static List<RiskAlert> awaitAlerts(String bootstrap, Duration timeout)
            throws Exception {
        SpecificDatumReader<RiskAlert> reader = new SpecificDatumReader<>(RiskAlert.class);
        List<RiskAlert> found = new ArrayList<>();
        int all = 0;
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        try (KafkaConsumer<byte[], byte[]> consumer =
                PlatformInput.consumer(bootstrap, "live-rollout-test", "read_committed")) {
            consumer.subscribe(List.of("risk-alerts"));
            // The three built-in alerts of the data set, and the deployed pattern's one.
            while (all < 4 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    RiskAlert a =
                            reader.read(null, DecoderFactory.get().binaryDecoder(r.value(), null));
                    all++;
                    found.add(a);
                }
            }
        }
        return found;
    }
}
