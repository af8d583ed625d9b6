package io.brushguard.jobs.demo;

import io.brushguard.jobs.BrushguardJob;
import io.brushguard.jobs.backtest.QualityReport;
import io.brushguard.jobs.config.EventTimeOptions;
import io.brushguard.jobs.config.JobOptions;
import io.brushguard.jobs.config.KafkaOptions;
import io.brushguard.jobs.config.PostgresOptions;
import io.brushguard.jobs.config.RegulatorOptions;
import io.brushguard.jobs.embedded.EmbeddedKafkaBroker;
import io.brushguard.jobs.embedded.EmbeddedPostgresServer;
import io.brushguard.jobs.generator.GeneratedData;
import io.brushguard.jobs.generator.GeneratorConfig;
import io.brushguard.jobs.generator.PlatformGenerator;
import io.brushguard.jobs.source.EventRouter;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.credit.ListCandidateRules;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;
import io.brushguard.patterns.quality.Episode;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code brushguard demo}: the whole pipeline on one machine with no outside services. A real Kafka
 * broker (KRaft) and a real PostgreSQL start in-process, the job runs on a local Flink MiniCluster
 * with RocksDB and exactly-once checkpoints, and the generator plays a synthetic platform with
 * labelled fraud into the input topics. Alerts are printed as the job commits them; at the end
 * (duration reached, all events played, or Ctrl-C) the job is drained and a summary with precision
 * and recall against the injected labels is printed.
 */
public final class Demo {

    /** Demo settings; see {@code brushguard demo --help}. */
    public record Settings(
            Duration duration,
            long seed,
            int parallelism,
            Path workDir,
            boolean quiet,
            int corruptEvery,
            GeneratorConfig generator) {}

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private Demo() {}

    public static int run(Settings s, PrintStream out) throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        Interrupts.onCtrlC(interrupted, out);
        boolean temporary = s.workDir() == null;
        Path work = temporary ? Files.createTempDirectory("brushguard-demo-") : s.workDir();
        Files.createDirectories(work);
        try {
            return run(s, work, interrupted, out);
        } finally {
            if (temporary) {
                deleteRecursively(work);
            }
        }
    }

    private static int run(Settings s, Path work, AtomicBoolean interrupted, PrintStream out)
            throws Exception {
        long t0 = System.currentTimeMillis();
        out.printf("brushguard demo: work directory %s%n", work);

        GeneratedData data = PlatformGenerator.generate(s.generator());
        List<PlatformEvent> events = data.events();
        out.printf(
                "generated %,d events over %s of platform time with %d labelled fraud episodes (seed %d)%n",
                events.size(),
                human(
                        Duration.ofMillis(
                                events.get(events.size() - 1).eventTime()
                                        - events.get(0).eventTime())),
                data.labels().size(),
                s.seed());

        out.println("starting Kafka (KRaft) and PostgreSQL ...");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(work.resolve("kafka"));
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start()) {
            Configuration conf = configuration(s, work, kafka, postgres);
            Map<StreamType, String> topics = new EnumMap<>(StreamType.class);
            KafkaOptions.inputTopics(conf).forEach((topic, stream) -> topics.put(stream, topic));
            List<String> allTopics = new ArrayList<>(topics.values());
            allTopics.add(conf.get(KafkaOptions.TOPIC_ALERTS));
            allTopics.add(conf.get(KafkaOptions.TOPIC_DEAD_LETTERS));
            allTopics.add(conf.get(KafkaOptions.TOPIC_REGULATOR_ALERTS));
            allTopics.add(conf.get(KafkaOptions.TOPIC_SHADOW_ALERTS));
            kafka.createTopics(2, allTopics.toArray(String[]::new));
            out.printf(
                    "Kafka at %s, PostgreSQL at %s (%.1f s)%n",
                    kafka.bootstrapServers(),
                    postgres.jdbcUrl(),
                    (System.currentTimeMillis() - t0) / 1000.0);

            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(
                            BrushguardJob.flinkConfiguration(conf));
            env.setParallelism(s.parallelism());
            BrushguardJob.attach(env, conf, DEMO_RULES);
            JobClient job = env.executeAsync("brushguard demo");
            out.printf(
                    "Flink job %s running (parallelism %d, RocksDB, checkpoints every %s)%n%n",
                    job.getJobID(),
                    s.parallelism(),
                    human(conf.get(JobOptions.CHECKPOINT_INTERVAL)));

            try (AlertFeed feed =
                            new AlertFeed(
                                    kafka.bootstrapServers(),
                                    conf.get(KafkaOptions.TOPIC_ALERTS),
                                    conf.get(KafkaOptions.TOPIC_DEAD_LETTERS),
                                    out,
                                    !s.quiet());
                    Playback playback =
                            new Playback(
                                    kafka.bootstrapServers(), topics, s.corruptEvery(), s.seed())) {
                Playback.Cursor cursor = play(s, events, playback, feed, interrupted, out);
                // Drain only once the job has read everything: stop-with-drain stops the sources
                // where they are and fires every timer, so unread input would be lost and the
                // stories cut short would look like fraud (a review with its signature unread).
                new CatchUp(
                                kafka.bootstrapServers(),
                                conf.get(KafkaOptions.GROUP_ID),
                                topics.values())
                        .await(interrupted, Duration.ofMinutes(10), PROGRESS_EVERY, out);
                out.printf(
                        "%nthe job has read all input; draining it (final watermark, last checkpoint) ...%n");
                job.stopWithSavepoint(
                                true,
                                work.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(3, TimeUnit.MINUTES);
                JobExecutionResult result = job.getJobExecutionResult().get(1, TimeUnit.MINUTES);
                feed.awaitQuiet(Duration.ofSeconds(3), Duration.ofSeconds(30));
                summary(out, result, feed, playback, cursor, data.labels(), postgres, t0);
            }
        }
        return 0;
    }

    private static Playback.Cursor play(
            Settings s,
            List<PlatformEvent> events,
            Playback playback,
            AlertFeed feed,
            AtomicBoolean interrupted,
            PrintStream out)
            throws InterruptedException {
        long first = events.get(0).eventTime();
        long span = Math.max(1, events.get(events.size() - 1).eventTime() - first);
        // Play the data in 80% of the duration; the rest is for the final drain.
        long playMillis = Math.max(1_000, (long) (s.duration().toMillis() * 0.8));
        double speed = (double) span / playMillis;
        out.printf(
                "playing at %,.0fx real time: %s of platform time in %s%n",
                speed, human(Duration.ofMillis(span)), human(Duration.ofMillis(playMillis)));
        Playback.Cursor cursor = new Playback.Cursor(events);
        long start = System.currentTimeMillis();
        long nextProgress = start + PROGRESS_EVERY.toMillis();
        while (!cursor.done() && !interrupted.get()) {
            long elapsed = System.currentTimeMillis() - start;
            if (elapsed >= s.duration().toMillis()) {
                break;
            }
            cursor.sendUntil(first + (long) (elapsed * speed), playback);
            if (System.currentTimeMillis() >= nextProgress) {
                nextProgress += PROGRESS_EVERY.toMillis();
                out.printf(
                        "[%3ds] platform time %s UTC | events sent %,d (+%d corrupt) | alerts %s | dead letters %d%n",
                        elapsed / 1000,
                        AlertConsole.time(cursor.lastSentTime()),
                        playback.sent(),
                        playback.corrupted(),
                        feed.alertsByKind(),
                        feed.deadLetters().size());
            }
            Thread.sleep(50);
        }
        playback.flush();
        if (interrupted.get()) {
            out.println("interrupted: stopping cleanly (Ctrl-C again to abort)");
        }
        return cursor;
    }

    /**
     * The shipped rules, except that a red list needs 1 day of clean activity instead of 30: the
     * demo's platform lives for days, not months.
     */
    static final DetectionRules DEMO_RULES =
            DetectionRules.defaults()
                    .withLists(
                            ListCandidateRules.defaults()
                                    .withRedlistPeriod(Duration.ofDays(1), 20));

    private static Configuration configuration(
            Settings s, Path work, EmbeddedKafkaBroker kafka, EmbeddedPostgresServer postgres)
            throws java.io.IOException {
        Configuration conf = new Configuration();
        // A fresh random pseudonymisation key for this run, in a file only this user can read;
        // a platform supplies its own (BRUSHGUARD_PSEUDONYM_KEY or a key file).
        Path key = work.resolve("pseudonym.key");
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        Files.writeString(key, java.util.HexFormat.of().formatHex(random));
        try {
            Files.setPosixFilePermissions(
                    key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system; the work directory is private to this run anyway.
        }
        conf.set(RegulatorOptions.PSEUDONYM_KEY_FILE, key.toString());
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(KafkaOptions.STARTING_OFFSETS, "earliest");
        conf.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, "brushguard-demo");
        conf.set(PostgresOptions.JDBC_URL, postgres.jdbcUrl());
        conf.set(PostgresOptions.JDBC_USER, postgres.user());
        conf.set(PostgresOptions.JDBC_PASSWORD, postgres.password());
        conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2));
        conf.set(JobOptions.CHECKPOINT_DIR, work.resolve("checkpoints").toUri().toString());
        // Simulated time runs thousands of times faster than the wall clock here, so the
        // out-of-orderness bound is small in platform time and idleness short in wall time.
        conf.set(EventTimeOptions.MAX_OUT_OF_ORDERNESS, Duration.ofMinutes(1));
        // Idleness must outlast any gap in one partition's records while the job is busy: a
        // partition wrongly declared idle lets the watermark pass it, and its next records are
        // late. With 2 s, a demo on a loaded 2-core machine dead-lettered ~1,200 scans as LATE.
        conf.set(EventTimeOptions.IDLE_TIMEOUT, Duration.ofSeconds(10));
        return conf;
    }

    private static void summary(
            PrintStream out,
            JobExecutionResult result,
            AlertFeed feed,
            Playback playback,
            Playback.Cursor cursor,
            List<Episode> labels,
            EmbeddedPostgresServer postgres,
            long t0)
            throws Exception {
        Map<String, Object> acc = result.getAllAccumulatorResults();
        out.printf(
                "%n================ brushguard demo summary (%.0f s) ================%n",
                (System.currentTimeMillis() - t0) / 1000.0);
        out.println("events processed by the job, per stream:");
        long total = 0;
        for (StreamType stream : StreamType.values()) {
            Object n =
                    acc.getOrDefault(
                            EventRouter.EVENTS_ACCUMULATOR_PREFIX + stream.defaultName(), 0L);
            total += ((Number) n).longValue();
            out.printf("  %-10s %,10d%n", stream.defaultName(), ((Number) n).longValue());
        }
        out.printf("  %-10s %,10d (sent %,d)%n", "total", total, playback.sent());
        out.printf(
                "dead letters: %d (corrupt records sent: %d), late events: %s%n",
                ((Number) acc.getOrDefault(EventRouter.DEAD_LETTERS_ACCUMULATOR, 0L)).longValue(),
                playback.corrupted(),
                acc.getOrDefault(EventRouter.LATE_ACCUMULATOR, 0L));
        out.println("alerts per kind (risk-alerts topic, read_committed): " + feed.alertsByKind());
        out.println("alerts per kind in PostgreSQL risk_alert: " + countInPostgres(postgres));
        CreditSummary.print(out, postgres);
        long playedUntil = cursor.lastSentTime();
        List<Episode> played = new ArrayList<>();
        for (Episode e : labels) {
            if (e.end() <= playedUntil) {
                played.add(e);
            }
        }
        if (played.size() < labels.size()) {
            out.printf(
                    "(scoring the %d of %d episodes that were fully played before the end)%n",
                    played.size(), labels.size());
        }
        out.print(QualityReport.render(feed.alerts(), played));
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // Leaving a temporary directory behind is not worth failing the demo for.
        }
    }

    /** "23.6 days", "5.2 hours", "72 s". */
    static String human(Duration d) {
        double seconds = d.toMillis() / 1000.0;
        if (seconds >= 2 * 86_400) {
            return String.format("%.1f days", seconds / 86_400);
        }
        if (seconds >= 2 * 3_600) {
            return String.format("%.1f hours", seconds / 3_600);
        }
        return String.format("%.0f s", seconds);
    }

    private static Map<String, Long> countInPostgres(EmbeddedPostgresServer pg) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement st = db.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT kind, count(*) FROM risk_alert GROUP BY kind")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }
}
