package io.brushguard.jobs.credit;

import io.brushguard.jobs.BrushguardJob;
import io.brushguard.jobs.MiniClusters;
import io.brushguard.jobs.config.JobOptions;
import io.brushguard.jobs.config.PostgresOptions;
import io.brushguard.jobs.embedded.EmbeddedPostgresServer;
import io.brushguard.jobs.generator.GeneratedData;
import io.brushguard.jobs.generator.GeneratorConfig;
import io.brushguard.jobs.generator.PlatformGenerator;
import io.brushguard.jobs.regulator.PseudonymKeySource;
import io.brushguard.jobs.sink.AvroBytes;
import io.brushguard.jobs.sink.CreditStoreSchema;
import io.brushguard.jobs.source.EventDecoder;
import io.brushguard.jobs.source.EventTimeAssigner;
import io.brushguard.jobs.source.SourceRecord;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.credit.ListCandidateRules;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once in effect: a run that fails after a checkpoint and restarts from it, and a replay of
 * the whole input over a store that already holds it, leave every table of the credit-record store
 * exactly as one clean run does (processing-time columns aside); and a person's review decision
 * survives the replay.
 */
class CreditStoreExactlyOnceITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    /** Every table the job writes, with the columns that are processing time left out. */
    private static final Map<String, String> TABLES =
            Map.of(
                    "risk_alert", "SELECT * FROM risk_alert ORDER BY alert_id",
                    "credit_event", "SELECT * FROM credit_event ORDER BY event_id",
                    "regulator_alert", "SELECT * FROM regulator_alert ORDER BY alert_id",
                    "list_candidate", "SELECT * FROM list_candidate ORDER BY candidate_id");

    private static final List<String> PROCESSING_TIME = List.of("detected_at");

    static List<SourceRecord> records;

    @BeforeAll
    static void generate() {
        GeneratedData data =
                PlatformGenerator.generate(
                        GeneratorConfig.defaults()
                                .withSeed(5)
                                .withDays(2)
                                .withShops(150)
                                .withBuyers(2_000)
                                .withOrdersPerDay(1_500)
                                .withEpisodesPerKind(3));
        Map<String, StreamType> topics = new TreeMap<>();
        for (StreamType s : StreamType.values()) {
            topics.put(s.defaultName(), s);
        }
        EventDecoder decoder = new EventDecoder(topics);
        Map<StreamType, Long> offsets = new EnumMap<>(StreamType.class);
        records = new ArrayList<>();
        for (PlatformEvent e : data.events()) {
            long offset = offsets.merge(e.stream(), 1L, Long::sum) - 1;
            String key = String.valueOf(e.orderId());
            records.add(
                    decoder.decode(
                            e.stream().defaultName(),
                            0,
                            offset,
                            e.eventTime(),
                            key.getBytes(StandardCharsets.UTF_8),
                            AvroBytes.encode(e.record())));
        }
    }

    @Test
    void shouldLeaveTheStoreAsOneCleanRunAfterAFailureAndAReplay(@TempDir Path tmp)
            throws Exception {
        Path keyFile = tmp.resolve("pseudonym.key");
        Files.writeString(keyFile, "an-example-key-that-is-long-enough-for-hmac-sha256");
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
            PostgresOptions.Connection clean = database(pg, "clean");
            PostgresOptions.Connection failed = database(pg, "failed");

            run(clean, keyFile, tmp.resolve("cp-clean"), false);
            Map<String, List<String>> expected = dump(clean);
            assertThat(expected.get("risk_alert")).hasSizeGreaterThan(5);
            assertThat(expected.get("list_candidate")).isNotEmpty();
            assertThat(expected.get("credit_event")).hasSameSizeAs(expected.get("risk_alert"));

            assertRegulatorsCanFollowCandidatesToAlertsButNotToRiskAlertIds(clean);

            FailOnceAfterCheckpoint.reset();
            run(failed, keyFile, tmp.resolve("cp-failed"), true);
            assertThat(FailOnceAfterCheckpoint.FAILED).as("the run failed once").isTrue();
            assertThat(dump(failed)).isEqualTo(expected);

            // A person confirms a candidate; the job then reprocesses everything from the start.
            String candidate = expected.get("list_candidate").get(0).split("\\|", 2)[0];
            execute(
                    clean,
                    "UPDATE list_candidate SET review_status = 'CONFIRMED',"
                            + " reviewed_by = 'alice' WHERE candidate_id = '"
                            + candidate
                            + "'");
            run(clean, keyFile, tmp.resolve("cp-replay"), false);
            Map<String, List<String>> replayed = dump(clean);
            assertThat(replayed.get("list_candidate").get(0)).contains("|CONFIRMED|alice|");
            execute(
                    clean,
                    "UPDATE list_candidate SET review_status = 'PENDING',"
                            + " reviewed_by = NULL WHERE candidate_id = '"
                            + candidate
                            + "'");
            assertThat(dump(clean)).isEqualTo(expected);
        }
    }

    private static void run(
            PostgresOptions.Connection db, Path keyFile, Path checkpoints, boolean failOnce)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(200));
        conf.set(JobOptions.CHECKPOINT_DIR, checkpoints.toUri().toString());
        conf.set(
                io.brushguard.jobs.config.RegulatorOptions.PSEUDONYM_KEY_FILE,
                keyFile.toAbsolutePath().toString());
        Configuration flink = BrushguardJob.flinkConfiguration(conf);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        flink.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(2);
        DataStream<SourceRecord> source =
                env.fromData(records, TypeInformation.of(SourceRecord.class))
                        .uid("test-source")
                        .map(new FailOnceAfterCheckpoint(failOnce))
                        .uid("test-fail-once")
                        .assignTimestampsAndWatermarks(
                                EventTimeAssigner.strategy(
                                        Duration.ofMinutes(5), Duration.ofSeconds(5)))
                        .uid("test-timestamps");
        DetectionRules rules =
                DetectionRules.defaults()
                        .withLists(
                                ListCandidateRules.defaults()
                                        .withRedlistPeriod(Duration.ofDays(1), 20));
        BrushguardJob.Outputs out = BrushguardJob.build(source, rules);
        PseudonymKeySource keys = PseudonymKeySource.fromConfiguration(conf);
        BrushguardJob.attachStore(out, BrushguardJob.regulatorFeed(out.alerts(), keys), db, keys);
        env.execute("credit store exactly-once");
    }

    /**
     * Passes records through slowly enough for checkpoints to complete, and, when asked, throws
     * once on the first record after the second completed checkpoint.
     */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<SourceRecord, SourceRecord>
            implements CheckpointListener {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicInteger CHECKPOINTS = new AtomicInteger();
        private final boolean failOnce;
        private long seen;

        FailOnceAfterCheckpoint(boolean failOnce) {
            this.failOnce = failOnce;
        }

        static void reset() {
            FAILED.set(false);
            CHECKPOINTS.set(0);
        }

        @Override
        public SourceRecord map(SourceRecord r) throws Exception {
            if (++seen % 10 == 0) {
                Thread.sleep(1);
            }
            if (failOnce && CHECKPOINTS.get() >= 2 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after a checkpoint");
            }
            return r;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTS.incrementAndGet();
        }
    }

    /**
     * Regulators see keyed alert references, never risk_alert's ids (unkeyed hashes that include
     * the subject); the references in their candidates view are those of their alerts view.
     */
    private static void assertRegulatorsCanFollowCandidatesToAlertsButNotToRiskAlertIds(
            PostgresOptions.Connection c) throws Exception {
        List<String> regulatorIds = column(c, "SELECT alert_id FROM regulator_alerts");
        List<String> candidateRefs =
                column(c, "SELECT unnest(alert_ids) FROM regulator_candidates");
        assertThat(regulatorIds).isNotEmpty().allMatch(id -> id.startsWith("a-"));
        assertThat(regulatorIds)
                .doesNotContainAnyElementsOf(column(c, "SELECT alert_id FROM risk_alert"));
        assertThat(candidateRefs).isNotEmpty();
        assertThat(regulatorIds).containsAll(candidateRefs);
    }

    private static List<String> column(PostgresOptions.Connection c, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection db = c.open();
                Statement st = db.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static PostgresOptions.Connection database(EmbeddedPostgresServer pg, String name)
            throws Exception {
        try (Connection db = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement st = db.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        String url = pg.jdbcUrl().replaceAll("/[^/]+$", "/" + name);
        PostgresOptions.Connection c =
                new PostgresOptions.Connection(url, pg.user(), pg.password());
        CreditStoreSchema.migrate(c);
        return c;
    }

    private static void execute(PostgresOptions.Connection c, String sql) throws Exception {
        try (Connection db = c.open();
                Statement st = db.createStatement()) {
            assertThat(st.executeUpdate(sql)).isEqualTo(1);
        }
    }

    /** Every row of every table, as text, in key order, processing-time columns left out. */
    private static Map<String, List<String>> dump(PostgresOptions.Connection c) throws Exception {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection db = c.open()) {
            for (Map.Entry<String, String> t : TABLES.entrySet()) {
                List<String> rows = new ArrayList<>();
                try (Statement st = db.createStatement();
                        ResultSet rs = st.executeQuery(t.getValue())) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            if (PROCESSING_TIME.contains(meta.getColumnName(i))) {
                                continue;
                            }
                            row.append(i == 1 ? "" : "|").append(rs.getString(i));
                        }
                        rows.add(row.toString());
                    }
                }
                tables.put(t.getKey(), rows);
            }
        }
        return tables;
    }
}
