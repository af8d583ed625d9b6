package io.brushguard.jobs;

import io.brushguard.avro.DeadLetter;
import io.brushguard.avro.RegulatorAlert;
import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.config.EventTimeOptions;
import io.brushguard.jobs.config.JobOptions;
import io.brushguard.jobs.config.KafkaOptions;
import io.brushguard.jobs.config.PostgresOptions;
import io.brushguard.jobs.config.RegulatorOptions;
import io.brushguard.jobs.embedded.EmbeddedKafkaBroker;
import io.brushguard.jobs.embedded.EmbeddedPostgresServer;
import io.brushguard.jobs.regulator.Pseudonymizer;
import io.brushguard.patterns.DetectionRules;
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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through a real Kafka broker and a real PostgreSQL: events in, a corrupt record among them, alerts
 * out on the transactional topic and in the risk_alert table, the dead letter on its topic.
 */
class EndToEndITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    @Test
    void shouldCarryEventsFromKafkaToAlertsInKafkaAndPostgresAndCorruptRecordsToDeadLetters(
            @TempDir Path tmp) throws Exception {
        Outcome out = runPipeline(tmp, BrushguardJobITCase.platformEvents(), ALL_KINDS);

        assertThat(out.kinds())
                .as(out.diagnosis())
                .containsExactly("BRUSHING", "EMPTY_PARCEL", "MALICIOUS_REVIEW");
        assertThat(out.dead()).hasSize(1);
        assertThat(out.dead().get(0).getTopic()).isEqualTo("orders");
        assertThat(out.dead().get(0).getError()).contains("not a valid OrderEvent");
        assertThat(out.alertIdsInPostgres()).isEqualTo(out.alertIds());
        // The regulator feed: one pseudonymised record per alert, none under a risk alert's id.
        assertThat(refs(out.regulator())).isEqualTo(alertRefs(out.alerts()));
        assertThat(out.regulator())
                .allSatisfy(
                        r -> {
                            assertThat(r.getAlertId()).startsWith("a-");
                            assertThat(out.alertIds()).doesNotContain(r.getAlertId());
                            if (r.getEntityPseudonymised()) {
                                assertThat(r.getEntityRef()).startsWith("p-");
                            }
                        });
        assertThat(out.regulator()).anyMatch(r -> !r.getEntityPseudonymised());
    }

    @Test
    void shouldKeepDetectingWhileTwoInputTopicsStaySilent(@TempDir Path tmp) throws Exception {
        List<PlatformEvent> ordersAndScansOnly = new ArrayList<>();
        for (PlatformEvent e : BrushguardJobITCase.platformEvents()) {
            if (e.order != null || e.logistics != null) {
                ordersAndScansOnly.add(e);
            }
        }
        // The silent topics' partitions never see a record: only idleness lets event time pass
        // them. Long enough that a partition slow to deliver its first records on a loaded machine
        // is not taken for idle first (its events would come late: two red runs at 1 s and 8 s).
        Outcome out =
                runPipeline(
                        tmp,
                        ordersAndScansOnly,
                        Set.of("BRUSHING", "EMPTY_PARCEL"),
                        conf -> conf.set(EventTimeOptions.IDLE_TIMEOUT, Duration.ofSeconds(20)),
                        true,
                        Set.of("payments", "reviews"));

        assertThat(out.kinds()).as(out.diagnosis()).containsExactly("BRUSHING", "EMPTY_PARCEL");
    }

    @Test
    void shouldPublishAlertsAtOnceWhenTheyAreSetToAtLeastOnce(@TempDir Path tmp) throws Exception {
        // No checkpoint completes while the test runs: whatever a read_committed consumer sees
        // was written outside a transaction.
        Outcome out =
                runPipeline(
                        tmp,
                        BrushguardJobITCase.platformEvents(),
                        ALL_KINDS,
                        conf -> {
                            conf.setString(KafkaOptions.ALERTS_DELIVERY.key(), "at-least-once");
                            conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofHours(1));
                        },
                        false,
                        Set.of());

        assertThat(out.kinds())
                .as(out.diagnosis())
                .containsExactly("BRUSHING", "EMPTY_PARCEL", "MALICIOUS_REVIEW");
        // The regulator feed and the dead letters stay transactional: nothing committed yet.
        assertThat(out.regulator()).isEmpty();
        assertThat(out.dead()).isEmpty();
    }

    private static final Set<String> ALL_KINDS =
            Set.of("BRUSHING", "EMPTY_PARCEL", "MALICIOUS_REVIEW");

    private static final int PARTITIONS = 2;

    private static final String KEY = "an-end-to-end-test-key-of-at-least-32-bytes";
    private static final Pseudonymizer PSEUDONYMS =
            Pseudonymizer.withKey(KEY.getBytes(StandardCharsets.UTF_8));

    private static Set<String> kindsOf(List<RiskAlert> alerts) {
        Set<String> kinds = new TreeSet<>();
        alerts.forEach(a -> kinds.add(a.getKind()));
        return kinds;
    }

    /** The regulator's keyed references of these alerts. */
    private static Set<String> alertRefs(List<RiskAlert> alerts) {
        Set<String> refs = new TreeSet<>();
        alerts.forEach(a -> refs.add(PSEUDONYMS.alertRef(a.getAlertId())));
        return refs;
    }

    private static Set<String> refs(List<RegulatorAlert> regulator) {
        Set<String> refs = new TreeSet<>();
        regulator.forEach(r -> refs.add(r.getAlertId()));
        return refs;
    }

    private record Outcome(
            List<RiskAlert> alerts,
            List<DeadLetter> dead,
            List<RegulatorAlert> regulator,
            Set<String> alertIdsInPostgres,
            String diagnosis) {
        Set<String> kinds() {
            return kindsOf(alerts);
        }

        Set<String> alertIds() {
            Set<String> ids = new TreeSet<>();
            alerts.forEach(a -> ids.add(a.getAlertId()));
            return ids;
        }
    }

    /**
     * Produces the events (and one corrupt record) to a fresh broker, runs the job with the
     * production configuration (RocksDB, exactly-once, no generated uids) until alerts of the
     * wanted kinds are committed, and collects what came out.
     */
    private static Outcome runPipeline(Path tmp, List<PlatformEvent> events, Set<String> kinds)
            throws Exception {
        return runPipeline(tmp, events, kinds, conf -> {}, true, Set.of());
    }

    /**
     * {@link #runPipeline(Path, List, Set)} with {@code settings} applied last. It waits until
     * alerts of all the wanted {@code kinds} are out. Without {@code committed}, it waits for the
     * alerts only (not for the dead letter, the regulator feed or PostgreSQL), then reads on for
     * two seconds.
     *
     * <p>After the events, every partition of the input topics but the {@code silent} ones gets a
     * closing event ({@link PlatformInput#close}), so no alert waits for idleness and the idle
     * timeout is five minutes: no partition slow to start is taken for idle while others run ahead
     * (two red runs when it was 1 s and 8 s). A test with silent topics sets a shorter one.
     */
    private static Outcome runPipeline(
            Path tmp,
            List<PlatformEvent> events,
            Set<String> kinds,
            Consumer<Configuration> settings,
            boolean committed,
            Set<String> silent)
            throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(tmp.resolve("kafka"));
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start()) {
            Configuration conf = new Configuration();
            conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            conf.set(KafkaOptions.STARTING_OFFSETS, "earliest");
            conf.set(PostgresOptions.JDBC_URL, postgres.jdbcUrl());
            conf.set(PostgresOptions.JDBC_USER, postgres.user());
            conf.set(PostgresOptions.JDBC_PASSWORD, postgres.password());
            conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
            conf.set(JobOptions.CHECKPOINT_DIR, tmp.resolve("checkpoints").toUri().toString());
            conf.set(EventTimeOptions.IDLE_TIMEOUT, Duration.ofMinutes(5));
            Path key = tmp.resolve("pseudonym.key");
            java.nio.file.Files.writeString(key, KEY);
            conf.set(RegulatorOptions.PSEUDONYM_KEY_FILE, key.toString());
            settings.accept(conf);
            kafka.createTopics(
                    PARTITIONS,
                    "orders",
                    "payments",
                    "logistics",
                    "reviews",
                    "risk-alerts",
                    "regulator-alerts",
                    "dead-letters",
                    "shadow-alerts");

            produce(kafka.bootstrapServers(), events, silent);

            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(
                            BrushguardJob.flinkConfiguration(conf));
            env.setParallelism(2);
            BrushguardJob.attach(env, conf, DetectionRules.defaults());
            JobClient job = env.executeAsync("brushguard end-to-end");
            try {
                List<RiskAlert> alerts = new ArrayList<>();
                List<DeadLetter> dead = new ArrayList<>();
                List<RegulatorAlert> regulator = new ArrayList<>();
                consume(
                        kafka.bootstrapServers(),
                        alerts,
                        dead,
                        regulator,
                        kinds,
                        committed ? 1 : 0,
                        committed,
                        Duration.ofSeconds(90));
                String diagnosis =
                        kindsOf(alerts).containsAll(kinds)
                                ? ""
                                : "alert kinds; dead letters written so far (committed or not): "
                                        + deadLetterReasons(kafka.bootstrapServers());
                return new Outcome(
                        alerts,
                        dead,
                        regulator,
                        committed
                                ? alertIdsInPostgres(
                                        postgres, alerts.size(), Duration.ofSeconds(30))
                                : Set.of(),
                        diagnosis);
            } finally {
                job.cancel().get();
            }
        }
    }

    /**
     * The events keyed as spec/events.md says, a truncated order record right after the first, and
     * the closing events of the topics that are not {@code silent}.
     */
    private static void produce(String bootstrap, List<PlatformEvent> events, Set<String> silent)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = PlatformInput.producer(bootstrap)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            boolean corruptSent = false;
            for (PlatformEvent e : events) {
                ProducerRecord<byte[], byte[]> r = PlatformInput.record(e);
                sent.add(producer.send(r));
                if (!corruptSent && e.order != null) {
                    sent.add(
                            producer.send(
                                    new ProducerRecord<>(
                                            r.topic(), r.key(), Arrays.copyOf(r.value(), 9))));
                    corruptSent = true;
                }
            }
            sent.addAll(PlatformInput.close(producer, events, PARTITIONS, silent));
            PlatformInput.written(sent);
        }
    }

    /** The reasons of all dead letters on their topic, transactions committed or not. */
    private static List<String> deadLetterReasons(String bootstrap) throws Exception {
        SpecificDatumReader<DeadLetter> reader = new SpecificDatumReader<>(DeadLetter.class);
        List<String> reasons = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                PlatformInput.consumer(bootstrap, "e2e-diagnosis", "read_uncommitted")) {
            consumer.subscribe(List.of("dead-letters"));
            long until = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    DeadLetter d =
                            reader.read(null, DecoderFactory.get().binaryDecoder(r.value(), null));
                    reasons.add(d.getReason() + " " + d.getTopic() + "/" + d.getPartition());
                }
            }
        }
        return reasons;
    }

    private static void consume(
            String bootstrap,
            List<RiskAlert> alerts,
            List<DeadLetter> dead,
            List<RegulatorAlert> regulator,
            Set<String> kindsWanted,
            int deadWanted,
            boolean regulatorToo,
            Duration timeout)
            throws Exception {
        SpecificDatumReader<RiskAlert> alertReader = new SpecificDatumReader<>(RiskAlert.class);
        SpecificDatumReader<DeadLetter> deadReader = new SpecificDatumReader<>(DeadLetter.class);
        SpecificDatumReader<RegulatorAlert> regulatorReader =
                new SpecificDatumReader<>(RegulatorAlert.class);
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        try (KafkaConsumer<byte[], byte[]> consumer =
                PlatformInput.consumer(bootstrap, "e2e-test", "read_committed")) {
            consumer.subscribe(List.of("risk-alerts", "dead-letters", "regulator-alerts"));
            long readOn = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, readOn)) {
                if (readOn == Long.MAX_VALUE
                        && kindsOf(alerts).containsAll(kindsWanted)
                        && dead.size() >= deadWanted
                        && (!regulatorToo || refs(regulator).equals(alertRefs(alerts)))) {
                    if (regulatorToo) {
                        break;
                    }
                    readOn = System.currentTimeMillis() + 2_000;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    var decoder = DecoderFactory.get().binaryDecoder(r.value(), null);
                    if (r.topic().equals("risk-alerts")) {
                        alerts.add(alertReader.read(null, decoder));
                    } else if (r.topic().equals("regulator-alerts")) {
                        regulator.add(regulatorReader.read(null, decoder));
                    } else {
                        dead.add(deadReader.read(null, decoder));
                    }
                }
            }
        }
    }

    private static Set<String> alertIdsInPostgres(
            EmbeddedPostgresServer pg, int wanted, Duration timeout) throws Exception {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        Set<String> ids = new TreeSet<>();
        while (System.currentTimeMillis() < deadline) {
            ids.clear();
            try (Connection db =
                            DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                    ResultSet rs =
                            db.createStatement().executeQuery("SELECT alert_id FROM risk_alert")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            if (ids.size() >= wanted) {
                break;
            }
            Thread.sleep(200);
        }
        return ids;
    }
}
