package io.brushguard.jobs.control;

import io.brushguard.jobs.cli.Main;
import io.brushguard.jobs.control.PatternChange.Action;
import io.brushguard.jobs.embedded.EmbeddedKafkaBroker;
import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.definition.PatternDefinitions;
import io.brushguard.patterns.engine.CatalogUpdate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PatternControlClient} and the {@code patterns} commands against a real broker, with a fake
 * job: a thread that judges each change of the control topic with {@link ControlDecisions} (as the
 * job's control operator does) and answers on the status topic.
 */
class PatternControlClientTest {

    private static final Path EXAMPLE =
            Path.of("..", "docs", "examples", "patterns", "review-bomb-new-accounts.yaml");
    private static final String ID = "review-bomb-new-accounts";
    private static final String CONTROL = "pattern-control";
    private static final String STATUS = "pattern-status";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir static Path dataDir;

    private static EmbeddedKafkaBroker broker;
    private static Thread job;
    private static final AtomicBoolean stop = new AtomicBoolean();
    private static volatile Throwable jobFailure;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start(dataDir);
        broker.createTopics(1, CONTROL, STATUS, "quiet-control", "quiet-status");
        job = new Thread(PatternControlClientTest::fakeJob, "fake-job");
        job.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        stop.set(true);
        if (job != null) {
            job.join(10_000);
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** The job's control operator, without Flink: read changes from the start, answer each. */
    private static void fakeJob() {
        Map<String, Object> common = Map.of("bootstrap.servers", broker.bootstrapServers());
        LiveCatalog catalog = new LiveCatalog(PatternDefinitions.shipped());
        CatalogUpdate current = CatalogUpdate.EMPTY;
        try (KafkaConsumer<byte[], byte[]> in =
                        new KafkaConsumer<>(
                                common, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> out =
                        new KafkaProducer<>(
                                common, new ByteArraySerializer(), new ByteArraySerializer())) {
            TopicPartition tp = new TopicPartition(CONTROL, 0);
            in.assign(List.of(tp));
            in.seekToBeginning(List.of(tp));
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : in.poll(Duration.ofMillis(100))) {
                    PatternChange change = PatternChange.fromJson(r.value());
                    ControlDecisions.Decision d =
                            ControlDecisions.decide(
                                    change, current, catalog, System.currentTimeMillis());
                    if (d.next() != null) {
                        current = d.next();
                    }
                    out.send(
                                    new ProducerRecord<>(
                                            STATUS,
                                            change.requestId().getBytes(StandardCharsets.UTF_8),
                                            d.status().toJson()))
                            .get();
                }
            }
        } catch (Throwable t) {
            jobFailure = t;
        }
    }

    private static PatternControlClient client() {
        return new PatternControlClient(broker.bootstrapServers(), CONTROL, STATUS);
    }

    private static PatternChange deploy(String yaml) {
        return new PatternChange(
                PatternControlClient.newRequestId(), Action.DEPLOY, ID, yaml, ID + ".yaml", "bob");
    }

    private static PatternChange change(Action action, String id) {
        return new PatternChange(
                PatternControlClient.newRequestId(), action, id, null, null, "bob");
    }

    private static String cli(int expectedCode, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                Main.run(
                        argv,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedCode);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldDeployListRejectSwitchAndRemoveThroughTheRunningJob() throws Exception {
        String v1 = Files.readString(EXAMPLE);
        String v2 = v1.replace("version: 1", "version: 2").replace("min: 5", "min: 4");
        try (PatternControlClient client = client()) {
            // Deploy from the command line: checked here, published, applied by the job.
            assertThat(
                            cli(
                                    0,
                                    "patterns",
                                    "deploy",
                                    EXAMPLE.toString(),
                                    "--bootstrap-servers",
                                    broker.bootstrapServers(),
                                    "--by",
                                    "alice"))
                    .isEqualTo("APPLIED " + ID + " v1 (revision 1): enabled, shadow\n");

            // The job lists it as deployed, by alice, among the shipped rules.
            String list =
                    cli(
                            0,
                            "patterns",
                            "list",
                            "--set",
                            "brushguard.kafka.bootstrap-servers=" + broker.bootstrapServers());
            assertThat(list.lines().filter(l -> l.startsWith(ID + " ")))
                    .singleElement()
                    .asString()
                    .matches(
                            ID
                                    + " +1 +declarative +MALICIOUS_REVIEW +SHOP +yes +yes +deployed"
                                    + " +alice +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(list).endsWith(" definitions, revision 1\n");
            PatternStatus report = client.send(change(Action.REPORT, null), WAIT);
            assertThat(report.outcome()).isEqualTo(PatternStatus.REPORT);
            assertThat(report.definitions())
                    .extracting(PatternStatus.Rule::id)
                    .contains(ID, "brushing.fast-confirm")
                    .hasSize(PatternDefinitions.shipped().metas().size() + 1);

            // The same file again changes nothing.
            PatternStatus same = client.send(deploy(v1), WAIT);
            assertThat(same.outcome()).isEqualTo(PatternStatus.UNCHANGED);
            assertThat(same.revision()).isEqualTo(1);

            // A higher version replaces it; a lower one is rejected with the reason.
            PatternStatus second = client.send(deploy(v2), WAIT);
            assertThat(second.outcome()).isEqualTo(PatternStatus.APPLIED);
            assertThat(second.revision()).isEqualTo(2);
            PatternStatus lower = client.send(deploy(v1), WAIT);
            assertThat(lower.outcome()).isEqualTo(PatternStatus.REJECTED);
            assertThat(lower.reason())
                    .isEqualTo(
                            "version 1 of "
                                    + ID
                                    + " is lower than version 2, already deployed or started with;"
                                    + " raise version");
            assertThat(lower.revision()).isEqualTo(2);

            // A built-in rule is disabled on the running job.
            PatternStatus disabled =
                    client.send(change(Action.DISABLE, "brushing.fast-confirm"), WAIT);
            assertThat(disabled.outcome()).isEqualTo(PatternStatus.APPLIED);
            assertThat(disabled.definitions())
                    .filteredOn(r -> r.id().equals("brushing.fast-confirm"))
                    .singleElement()
                    .satisfies(
                            r -> {
                                assertThat(r.enabled()).isFalse();
                                assertThat(r.type()).isEqualTo("built-in");
                                assertThat(r.origin()).isEqualTo("deployed");
                                assertThat(r.by()).isEqualTo("bob");
                            });

            // Removed from the command line.
            assertThat(
                            cli(
                                    0,
                                    "patterns",
                                    "remove",
                                    ID,
                                    "--bootstrap-servers",
                                    broker.bootstrapServers()))
                    .isEqualTo("APPLIED " + ID + " removed (revision 4)\n");
            PatternStatus after = client.send(change(Action.REPORT, null), WAIT);
            assertThat(after.definitions()).extracting(PatternStatus.Rule::id).doesNotContain(ID);
        }
        assertThat(jobFailure).isNull();
    }

    @Test
    void shouldReturnNullWhenNobodyAnswersInTime() throws Exception {
        try (PatternControlClient client =
                new PatternControlClient(
                        broker.bootstrapServers(), "quiet-control", "quiet-status")) {
            long started = System.nanoTime();
            assertThat(client.send(change(Action.REPORT, null), Duration.ofMillis(800))).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void shouldSayWhenATopicDoesNotExist() {
        try (PatternControlClient client =
                new PatternControlClient(broker.bootstrapServers(), CONTROL, "no-such-status")) {
            assertThatThrownBy(() -> client.send(change(Action.REPORT, null), WAIT))
                    .isInstanceOf(IOException.class)
                    .hasMessage(
                            "topic no-such-status does not exist on "
                                    + broker.bootstrapServers()
                                    + "; create it with one partition (docs/patterns.md, Live"
                                    + " rollout)");
        }
    }

    @Test
    void shouldFailQuicklyWhenKafkaCannotBeReached() {
        try (PatternControlClient client =
                new PatternControlClient("127.0.0.1:1", CONTROL, STATUS, Duration.ofSeconds(2))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.send(change(Action.REPORT, null), WAIT))
                    .isInstanceOf(IOException.class)
                    .hasMessage(
                            "cannot reach Kafka at 127.0.0.1:1 within 2s; is it running, and are"
                                    + " --bootstrap-servers right?");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofSeconds(8));
        }
    }
}
