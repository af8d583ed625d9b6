package io.brushguard.benchmarks;

import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.BrushguardJob;
import io.brushguard.jobs.config.JobOptions;
import io.brushguard.jobs.config.KafkaOptions;
import io.brushguard.jobs.config.RegulatorOptions;
import io.brushguard.jobs.control.ControlTopics;
import io.brushguard.jobs.demo.Playback;
import io.brushguard.jobs.embedded.EmbeddedKafkaBroker;
import io.brushguard.jobs.generator.GeneratedData;
import io.brushguard.jobs.generator.GeneratorConfig;
import io.brushguard.jobs.generator.PlatformGenerator;
import io.brushguard.jobs.regulator.PseudonymKeySource;
import io.brushguard.jobs.source.EventRouter;
import io.brushguard.jobs.source.SourceRecord;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;
import io.brushguard.patterns.quality.Episode;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStatsSummarySnapshot;
import org.apache.flink.runtime.checkpoint.FailedCheckpointStats;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FileUtils;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Workload: sustained throughput through Kafka and Avro, side by side in one run (the performance
 * issue's first workload). The generator's platform with all four streams in its own proportions
 * (the standard profile, mode {@code full}: 10,000 shops, 100,000 buyers, 25,000 orders a day for 2
 * days, about 630k events; fraud episodes on about 1 % of the orders; {@code scale}: 2,000,000
 * buyers) is written once, in Avro and keyed as a platform keys it, to an in-process Kafka broker
 * (KRaft, 2 partitions per topic). Then each contender reads the same topics from the earliest
 * offset with its own consumer group, through the job's own bounded {@code KafkaSource} and Avro
 * decoding, at parallelism 2:
 *
 * <ol>
 *   <li>pass-through: the source keyed by order, no detection (the limit);
 *   <li>brushguard on the heap state backend;
 *   <li>brushguard on RocksDB.
 * </ol>
 *
 * Both brushguard contenders run the streaming job's graph ({@link BrushguardJob#build}) with its
 * control input (the pattern-control topic, empty: no change deployed), every shipped definition,
 * and the job's Kafka sinks (alerts, dead letters, regulator feed, shadow alerts: exactly once;
 * pattern status), with the job's Flink settings: incremental exactly-once checkpoints every 10 s
 * (2 s in the quick mode). The PostgreSQL credit store is left out. The pass-through checkpoints
 * likewise.
 *
 * <p>Time runs from the first record the source emits to the end of input at every output of the
 * graph (every timer fired, every record at its sink), read from accumulators; the wait for the
 * final checkpoint of a bounded job is not counted (the job's whole run time is printed too). Each
 * contender runs {@code runs} times one after the other in this JVM (3 in the full mode): the first
 * run of a job in a fresh JVM pays the JIT's compilation of the job's code (a fifth of the CPU in a
 * profile of a first run), which a long-running TaskManager has paid long before, so a row is the
 * median run by time, and every run's time is printed. Every brushguard run must commit the same
 * alerts.
 *
 * <p>Reports events/s of each, its ratio to the pass-through, and the alerts committed to Kafka;
 * then, for each, its checkpoints as Flink's checkpoint statistics give them (count, end-to-end
 * duration, state size) and the process's peak heap and resident memory during its job ({@link
 * MemoryPeak}); last, the event-to-alert latency through Kafka at half the RocksDB row's rate
 * ({@link KafkaAlertLatency}).
 */
public final class KafkaThroughputBenchmark {

    /** The generated platforms. */
    public enum Profile {
        /**
         * A small platform, seconds: CI runs it. Checkpoints every 2 s, so that a run of seconds
         * commits mid-run and waits less for its final checkpoint.
         */
        QUICK(
                GeneratorConfig.defaults()
                        .withDays(1)
                        .withShops(200)
                        .withBuyers(3_000)
                        .withOrdersPerDay(2_000)
                        .withEpisodesPerKind(3),
                Duration.ofSeconds(2),
                1),
        /** 10,000 shops, 100,000 buyers, 2 days of 25,000 orders; 12 episodes of each kind. */
        FULL(
                GeneratorConfig.defaults()
                        .withShops(10_000)
                        .withBuyers(100_000)
                        .withOrdersPerDay(25_000)
                        .withEpisodesPerKind(12),
                Duration.ofSeconds(10),
                3),
        /** 50,000 shops, 2,000,000 buyers, 2 days of 100,000 orders; 60 episodes of each kind. */
        SCALE(
                GeneratorConfig.defaults()
                        .withShops(50_000)
                        .withBuyers(2_000_000)
                        .withOrdersPerDay(100_000)
                        .withEpisodesPerKind(60),
                Duration.ofSeconds(10),
                1);

        final GeneratorConfig config;
        final Duration checkpointInterval;

        /** Runs per contender unless the command line gives them. */
        final int runs;

        Profile(GeneratorConfig config, Duration checkpointInterval, int runs) {
            this.config = config;
            this.checkpointInterval = checkpointInterval;
            this.runs = runs;
        }

        static Profile of(String mode) {
            return switch (mode) {
                case "quick" -> QUICK;
                case "full" -> FULL;
                case "scale" -> SCALE;
                default ->
                        throw new IllegalArgumentException(
                                "mode must be full, quick or scale, got '" + mode + "'");
            };
        }
    }

    static final String FIRST_RECORD = "benchmark.first-record-nanos";

    /** Prefix of the end-of-input accumulators, one per output (accumulators are per task). */
    static final String END_OF_INPUT = "benchmark.end-of-input-nanos.";

    static final String RECORDS = "benchmark.records";
    private static final int PARTITIONS = 2;
    private static final int PARALLELISM = 2;

    /** One contender's run. */
    public record Result(
            String name,
            String stateBackend,
            long read,
            long deadLetters,
            long late,
            double seconds,
            double jobSeconds,
            Map<String, Integer> alertsByKind,
            Set<String> alertIds,
            Checkpoints checkpoints,
            MemoryPeak.Figures memory,
            List<Double> runSeconds) {

        double eventsPerSecond(long events) {
            return events / seconds;
        }

        /** This run, with the times of all the contender's runs, in the order they ran. */
        Result withRuns(List<Double> seconds) {
            return new Result(
                    name,
                    stateBackend,
                    read,
                    deadLetters,
                    late,
                    this.seconds,
                    jobSeconds,
                    alertsByKind,
                    alertIds,
                    checkpoints,
                    memory,
                    List.copyOf(seconds));
        }
    }

    /**
     * The median of one contender's runs by time (of an even number, the slower of the middle two),
     * carrying every run's time in the order they ran.
     */
    static Result median(List<Result> runs) {
        return Median.run(runs, java.util.Comparator.comparingDouble(Result::seconds))
                .withRuns(runs.stream().map(Result::seconds).toList());
    }

    /**
     * The checkpoints of one contender's job, from Flink's own checkpoint statistics (what the web
     * UI and {@code /jobs/<id>/checkpoints} show), read from the finished job's archived execution
     * graph. Durations are end to end (trigger to the last acknowledgement), ms; sizes are bytes:
     * {@code stateSize} the full state a checkpoint refers to, {@code checkpointedSize} what it
     * persisted itself (with incremental checkpoints the new files only; else the full state);
     * {@code syncPhases} the longest synchronous phase of each completed checkpoint still in
     * Flink's history ({@link LocalJobs.SyncPhases#describe}).
     */
    public record Checkpoints(
            long completed,
            long failed,
            long p50Millis,
            long maxMillis,
            long maxStateSize,
            long lastStateSize,
            long lastCheckpointedSize,
            String lastFailure,
            String syncPhases) {

        static Checkpoints of(CheckpointStatsSnapshot stats, LocalJobs.SyncPhases sync) {
            CompletedCheckpointStatsSummarySnapshot summary = stats.getSummaryStats();
            CompletedCheckpointStats last = stats.getHistory().getLatestCompletedCheckpoint();
            FailedCheckpointStats failed = stats.getHistory().getLatestFailedCheckpoint();
            long completed = stats.getCounts().getNumberOfCompletedCheckpoints();
            return new Checkpoints(
                    completed,
                    stats.getCounts().getNumberOfFailedCheckpoints(),
                    completed == 0
                            ? -1
                            : Math.round(summary.getEndToEndDurationStats().getQuantile(0.5)),
                    completed == 0 ? -1 : summary.getEndToEndDurationStats().getMaximum(),
                    completed == 0 ? -1 : summary.getStateSizeStats().getMaximum(),
                    last == null ? -1 : last.getStateSize(),
                    last == null ? -1 : last.getCheckpointedSize(),
                    failed == null ? null : failed.getFailureMessage(),
                    sync.describe());
        }
    }

    /** What every contender of one run shares. */
    private record Run(
            EmbeddedKafkaBroker kafka,
            Path work,
            Path key,
            DetectionRules rules,
            Duration checkpointInterval,
            long events,
            PrintStream out) {}

    private KafkaThroughputBenchmark() {}

    /** {@code KafkaThroughputBenchmark [full|quick|scale] [runs per contender]}. */
    public static void main(String[] args) throws Exception {
        Profile profile = Profile.of(args.length > 0 ? args[0] : "full");
        run(profile, args.length > 1 ? runs(args[1]) : profile.runs, System.out);
    }

    static int runs(String arg) {
        try {
            int runs = Integer.parseInt(arg.trim());
            if (runs >= 1) {
                return runs;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "runs per contender must be a whole number >= 1, got '" + arg + "'");
    }

    /** {@link #run(Profile, int, PrintStream)} with the profile's runs per contender. */
    public static List<Result> run(Profile profile, PrintStream out) throws Exception {
        return run(profile, profile.runs, out);
    }

    /**
     * Runs every contender {@code runs} times on the profile's platform and prints the table;
     * returns each contender's median run.
     */
    public static List<Result> run(Profile profile, int runs, PrintStream out) throws Exception {
        out.printf(
                "brushguard Kafka throughput benchmark (%s mode), %s%n",
                profile.name().toLowerCase(), Instant.now());
        out.println(Machine.describe());
        out.println(ThroughputBenchmark.idleWriteBackLine());
        DetectionRules rules = DetectionRules.defaults();
        List<RuleMeta> metas = rules.metas();
        out.printf(
                "rules: %d shipped definitions, %d enabled, %d in shadow mode%n",
                metas.size(),
                metas.stream().filter(RuleMeta::enabled).count(),
                metas.stream().filter(m -> m.enabled() && m.shadow()).count());

        Path work = Files.createTempDirectory("brushguard-kafka-bench-");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(work.resolve("kafka"))) {
            long events = produce(profile.config, kafka, out);
            out.printf(
                    "contenders: parallelism %d, exactly-once checkpoints every %d s; %d run(s)"
                            + " each, one after the other in this JVM, a row being the median run"
                            + " by time%n",
                    PARALLELISM, profile.checkpointInterval.toSeconds(), runs);
            Path key = pseudonymKey(work);
            Run run = new Run(kafka, work, key, rules, profile.checkpointInterval, events, out);
            List<List<Result>> all = new ArrayList<>();
            all.add(contender("pass-through", null, run, runs));
            all.add(contender("brushguard heap", "hashmap", run, runs));
            all.add(contender("brushguard RocksDB", "rocksdb", run, runs));
            List<Result> results = all.stream().map(KafkaThroughputBenchmark::median).toList();
            print(results, events, out);
            printAlertAgreement(all.subList(1, all.size()), out);
            printCheckpointsAndMemory(results, profile.checkpointInterval, out);
            Result rocks = results.get(2);
            for (DeliveryGuarantee delivery :
                    List.of(DeliveryGuarantee.EXACTLY_ONCE, DeliveryGuarantee.AT_LEAST_ONCE)) {
                latency(
                        profile.config,
                        run,
                        rocks.eventsPerSecond(events) / 2,
                        rocks.alertIds(),
                        delivery);
            }
            return results;
        } finally {
            FileUtils.deleteDirectoryQuietly(work.toFile());
        }
    }

    /** Generates the platform and writes it to the input topics; returns the number of events. */
    private static long produce(
            GeneratorConfig config, EmbeddedKafkaBroker kafka, PrintStream out) {
        long t0 = System.nanoTime();
        GeneratedData data = PlatformGenerator.generate(config);
        List<PlatformEvent> events = data.events();
        Map<StreamType, Integer> perStream = new EnumMap<>(StreamType.class);
        Set<String> orders = new HashSet<>();
        for (PlatformEvent e : events) {
            perStream.merge(e.stream(), 1, Integer::sum);
            if (e.order != null) {
                orders.add(e.orderId());
            }
        }
        Set<String> fraudOrders = new HashSet<>();
        for (Episode episode : data.labels()) {
            fraudOrders.addAll(episode.orderIds());
        }
        fraudOrders.retainAll(orders);
        out.printf(
                "workload: %,d events %s; %,d shops, %,d buyers, %d day(s), %,d orders; %d"
                        + " fraud episodes on %,d orders (%.1f %% of orders)%n",
                events.size(),
                perStream,
                config.shops(),
                config.buyers(),
                config.days(),
                orders.size(),
                data.labels().size(),
                fraudOrders.size(),
                100.0 * fraudOrders.size() / orders.size());
        double generated = (System.nanoTime() - t0) / 1e9;

        Configuration topicNames = new Configuration();
        Map<StreamType, String> topics = new EnumMap<>(StreamType.class);
        KafkaOptions.inputTopics(topicNames).forEach((topic, stream) -> topics.put(stream, topic));
        kafka.createTopics(PARTITIONS, topics.values().toArray(String[]::new));
        long t1 = System.nanoTime();
        // The demo's producer: Avro binary, keyed by order id (logistics by waybill id).
        try (Playback playback = new Playback(kafka.bootstrapServers(), topics, 0, config.seed())) {
            for (PlatformEvent e : events) {
                playback.send(e);
            }
            playback.flush();
        }
        out.printf(
                "kafka: embedded broker, %d partitions per topic; generated in %.1f s, produced in"
                        + " %.1f s, before any contender starts%n",
                PARTITIONS, generated, (System.nanoTime() - t1) / 1e9);
        return events.size();
    }

    /**
     * One contender, {@code runs} times one after the other: the pass-through when {@code backend}
     * is null, else brushguard on that state backend. Each run reads every input topic from the
     * earliest to the latest offset with its own group.
     */
    private static List<Result> contender(String name, String backend, Run run, int runs)
            throws Exception {
        List<Result> results = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            results.add(contender(name, backend, run, runs == 1 ? "" : "-" + i));
        }
        return results;
    }

    /** One run of a contender; {@code suffix} sets its topics, group and transactions apart. */
    private static Result contender(String name, String backend, Run run, String suffix)
            throws Exception {
        EmbeddedKafkaBroker kafka = run.kafka();
        PrintStream out = run.out();
        long events = run.events();
        String id = (backend == null ? "pass-through" : backend) + suffix;
        Path checkpoints = Files.createDirectories(run.work().resolve("checkpoints-" + id));
        Configuration conf = jobConfiguration(id, checkpoints, run);
        Configuration flink = BrushguardJob.flinkConfiguration(conf);
        if (backend != null) {
            flink.set(StateBackendOptions.STATE_BACKEND, backend);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(PARALLELISM);

        DataStream<SourceRecord> records =
                BrushguardJob.kafkaSource(env, conf, OffsetsInitializer.latest())
                        .map(new FirstRecord())
                        .uid("benchmark-first-record")
                        .name("benchmark: time of the first record");
        if (backend == null) {
            records.flatMap(
                            (SourceRecord r, Collector<PlatformEvent> c) -> {
                                if (r.event != null) {
                                    c.collect(r.event);
                                }
                            })
                    .returns(TypeInformation.of(PlatformEvent.class))
                    .uid("benchmark-events")
                    .name("benchmark: events")
                    .keyBy(e -> e.orderId() != null ? e.orderId() : e.review.getReviewId())
                    .map(new CountEvents())
                    .uid("benchmark-keyed-by-order")
                    .name("benchmark: keyed by order")
                    .transform(
                            "benchmark: end of input",
                            TypeInformation.of(Long.class),
                            new EndOfInput<Long>("discard"))
                    .uid("benchmark-end")
                    .sinkTo(new DiscardingSink<>())
                    .uid("benchmark-discard")
                    .name("discard");
        } else {
            createOutputTopics(kafka, conf);
            PseudonymKeySource keys = PseudonymKeySource.fromConfiguration(conf);
            keys.load();
            BrushguardJob.Outputs out0 =
                    BrushguardJob.build(
                            records,
                            run.rules(),
                            BrushguardJob.controlSource(env, conf, OffsetsInitializer.latest()));
            // The same outputs, each through a chained marker of its end of input.
            BrushguardJob.Outputs marked =
                    new BrushguardJob.Outputs(
                            ended(out0.alerts(), "alerts"),
                            ended(out0.deadLetters(), "dead-letters"),
                            out0.signals(),
                            ended(out0.listCandidates(), "list-candidates"),
                            ended(out0.shadowAlerts(), "shadow-alerts"),
                            out0.shadowSignals(),
                            ended(out0.patternStatus(), "pattern-status"));
            BrushguardJob.attachSinks(conf, marked, keys);
        }

        Executed executed;
        MemoryPeak.Figures memory;
        try (MemoryPeak peak = MemoryPeak.start()) {
            executed = execute(env, "benchmark " + name);
            memory = peak.stop();
        }
        JobExecutionResult result = executed.result();
        double jobSeconds = executed.jobSeconds();
        Long first = result.getAccumulatorResult(FIRST_RECORD);
        List<Long> ends =
                result.getAllAccumulatorResults().entrySet().stream()
                        .filter(a -> a.getKey().startsWith(END_OF_INPUT))
                        .map(a -> (Long) a.getValue())
                        .toList();
        Long last = ends.stream().max(Long::compare).orElse(null);
        if (first == null || last == null) {
            throw new IllegalStateException(name + ": no record read or no end of input");
        }
        double seconds = (last - first) / 1e9;
        long read;
        long deadLetters = 0;
        long late = 0;
        Map<String, Integer> byKind = new TreeMap<>();
        Set<String> ids = new HashSet<>();
        if (backend == null) {
            read = counter(result, RECORDS);
        } else {
            read = 0;
            for (StreamType stream : StreamType.values()) {
                read +=
                        counter(
                                result,
                                EventRouter.EVENTS_ACCUMULATOR_PREFIX + stream.defaultName());
            }
            deadLetters = counter(result, EventRouter.DEAD_LETTERS_ACCUMULATOR);
            late = counter(result, EventRouter.LATE_ACCUMULATOR);
            readAlerts(kafka.bootstrapServers(), conf.get(KafkaOptions.TOPIC_ALERTS), byKind, ids);
        }
        FileUtils.deleteDirectoryQuietly(checkpoints.toFile());
        out.printf(
                "  %-20s read %,d events (%,d dead letters, of them %,d late) in %.1f s from the"
                        + " first record to the end of input at its %d outputs (job %.1f s)%s%n",
                suffix.isEmpty() ? name : name + " run " + suffix.substring(1),
                read + deadLetters,
                deadLetters,
                late,
                seconds,
                ends.size(),
                jobSeconds,
                backend == null ? "" : "; alerts committed to Kafka " + byKind);
        if (read + deadLetters != events) {
            throw new IllegalStateException(
                    name + " read " + (read + deadLetters) + " of the " + events + " events");
        }
        return new Result(
                name,
                flink.get(StateBackendOptions.STATE_BACKEND),
                read,
                deadLetters,
                late,
                seconds,
                jobSeconds,
                byKind,
                ids,
                executed.checkpoints(),
                memory,
                List.of(seconds));
    }

    /** The job's configuration for one contender: its own group, transactions and output topics. */
    private static Configuration jobConfiguration(String id, Path checkpoints, Run run) {
        Configuration conf = new Configuration();
        conf.set(KafkaOptions.BOOTSTRAP_SERVERS, run.kafka().bootstrapServers());
        conf.set(KafkaOptions.GROUP_ID, "benchmark-" + id);
        conf.set(KafkaOptions.STARTING_OFFSETS, "earliest");
        conf.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, "benchmark-" + id);
        conf.set(KafkaOptions.TOPIC_ALERTS, "risk-alerts-" + id);
        conf.set(KafkaOptions.TOPIC_DEAD_LETTERS, "dead-letters-" + id);
        conf.set(KafkaOptions.TOPIC_REGULATOR_ALERTS, "regulator-alerts-" + id);
        conf.set(KafkaOptions.TOPIC_SHADOW_ALERTS, "shadow-alerts-" + id);
        conf.set(RegulatorOptions.PSEUDONYM_KEY_FILE, run.key().toString());
        conf.set(JobOptions.CHECKPOINT_INTERVAL, run.checkpointInterval());
        conf.set(JobOptions.CHECKPOINT_DIR, checkpoints.toUri().toString());
        conf.set(JobOptions.STATE_CACHE_IDLE_WRITE_BACK_MS, ThroughputBenchmark.idleWriteBackMs());
        return conf;
    }

    /**
     * Event-to-alert latency through Kafka ({@link KafkaAlertLatency}): brushguard on RocksDB, the
     * contender's job but unbounded, on fresh input topics that a producer fills at {@code
     * perSecond} while it runs; the job is cancelled once the producer is done and no alert came
     * for two checkpoint intervals and 5 s. The alerts are written with {@code delivery} ({@link
     * KafkaOptions#ALERTS_DELIVERY}); the other topics stay exactly-once.
     */
    private static void latency(
            GeneratorConfig config,
            Run run,
            double perSecond,
            Set<String> contenderAlerts,
            DeliveryGuarantee delivery)
            throws Exception {
        EmbeddedKafkaBroker kafka = run.kafka();
        PrintStream out = run.out();
        boolean exactlyOnce = delivery == DeliveryGuarantee.EXACTLY_ONCE;
        String id = exactlyOnce ? "latency" : "latency-at-least-once";
        Path checkpoints = Files.createDirectories(run.work().resolve("checkpoints-" + id));
        Configuration conf = jobConfiguration(id, checkpoints, run);
        conf.set(KafkaOptions.ALERTS_DELIVERY, delivery);
        for (ConfigOption<String> topic :
                List.of(
                        KafkaOptions.TOPIC_ORDERS,
                        KafkaOptions.TOPIC_PAYMENTS,
                        KafkaOptions.TOPIC_LOGISTICS,
                        KafkaOptions.TOPIC_REVIEWS)) {
            conf.set(topic, conf.get(topic) + "-" + id);
        }
        Map<StreamType, String> inputs = new EnumMap<>(StreamType.class);
        KafkaOptions.inputTopics(conf).forEach((topic, stream) -> inputs.put(stream, topic));
        kafka.createTopics(PARTITIONS, inputs.values().toArray(String[]::new));
        createOutputTopics(kafka, conf);
        // The same events again (the generator is deterministic), generated before the job starts.
        List<PlatformEvent> events = PlatformGenerator.generate(config).events();

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        BrushguardJob.flinkConfiguration(conf));
        env.setParallelism(PARALLELISM);
        PseudonymKeySource keys = PseudonymKeySource.fromConfiguration(conf);
        keys.load();
        BrushguardJob.Outputs out0 =
                BrushguardJob.build(
                        BrushguardJob.kafkaSource(env, conf, null),
                        run.rules(),
                        BrushguardJob.controlSource(env, conf, OffsetsInitializer.latest()));
        BrushguardJob.Outputs noted =
                new BrushguardJob.Outputs(
                        out0.alerts()
                                .process(new KafkaAlertLatency.NoteStreamTimestamp())
                                .uid("benchmark-latency-note")
                                .name("benchmark: stream timestamp of each alert"),
                        out0.deadLetters(),
                        out0.signals(),
                        out0.listCandidates(),
                        out0.shadowAlerts(),
                        out0.shadowSignals(),
                        out0.patternStatus());
        BrushguardJob.attachSinks(conf, noted, keys);

        KafkaAlertLatency.reset();
        JobClient client = env.executeAsync("benchmark latency");
        EventToAlertLatency.Result result;
        long unmatched;
        double sentSeconds;
        Set<String> seen;
        try (KafkaAlertLatency.AlertReader reader =
                new KafkaAlertLatency.AlertReader(
                        kafka.bootstrapServers(), conf.get(KafkaOptions.TOPIC_ALERTS))) {
            // Deployed down to the alert sink's input, then a moment for the sources to start.
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (KafkaAlertLatency.OPENED.get() == 0) {
                if (System.nanoTime() > deadline
                        || client.getJobStatus().get().isGloballyTerminalState()) {
                    throw new IllegalStateException("latency: the job did not start");
                }
                Thread.sleep(50);
            }
            Thread.sleep(1_000);
            long sending = System.nanoTime();
            KafkaAlertLatency.produce(
                    kafka.bootstrapServers(), inputs, config.seed(), events, perSecond);
            long sent = System.nanoTime();
            sentSeconds = (sent - sending) / 1e9;
            // Quiet since the last alert, or since the last event if no alert came after it.
            long quiet = run.checkpointInterval().multipliedBy(2).plusSeconds(5).toNanos();
            deadline = sent + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() - Math.max(sent, reader.lastSeenNanos()) < quiet
                    && System.nanoTime() < deadline) {
                if (client.getJobStatus().get().isGloballyTerminalState()) {
                    throw new IllegalStateException("latency: the job ended before it was stopped");
                }
                Thread.sleep(100);
            }
            result = reader.result();
            unmatched = reader.unmatched();
            seen = reader.alertIds();
        } finally {
            client.cancel().get();
            // Cancelled: its result is the cancellation; wait for it, then its cluster closes.
            client.getJobExecutionResult().handle((ignored, cancelled) -> null).get();
            FileUtils.deleteDirectoryQuietly(checkpoints.toFile());
        }
        result.print(
                out,
                String.format(
                        "%nevent-to-alert latency through Kafka, RocksDB, alerts %s, %,d events",
                        delivery, events.size()),
                perSecond);
        Set<String> missing = new HashSet<>(contenderAlerts);
        missing.removeAll(seen);
        Set<String> extra = new HashSet<>(seen);
        extra.removeAll(contenderAlerts);
        out.printf(
                "  producer send to read_committed consumer, checkpoints every %d s (%s); sent in"
                        + " %.1f s (%.1f s planned); %,d alerts without a noted stream timestamp;"
                        + " of the %,d alerts of the brushguard RocksDB row, %,d not seen (the"
                        + " job is unbounded: no final watermark), and %,d others%n",
                run.checkpointInterval().toSeconds(),
                exactlyOnce
                        ? "an alert waits up to one interval for the exactly-once commit"
                        : "alerts written at once, at least once",
                sentSeconds,
                events.size() / perSecond,
                unmatched,
                contenderAlerts.size(),
                missing.size(),
                extra.size());
    }

    private static void createOutputTopics(EmbeddedKafkaBroker kafka, Configuration conf) {
        kafka.createTopics(
                PARTITIONS,
                conf.get(KafkaOptions.TOPIC_ALERTS),
                conf.get(KafkaOptions.TOPIC_DEAD_LETTERS),
                conf.get(KafkaOptions.TOPIC_REGULATOR_ALERTS),
                conf.get(KafkaOptions.TOPIC_SHADOW_ALERTS));
        ControlTopics.ensure(conf);
    }

    /** A finished job: its result, its run time from submission to end, its checkpoints. */
    private record Executed(
            JobExecutionResult result, double jobSeconds, Checkpoints checkpoints) {}

    /**
     * Runs the job as {@code env.execute} does, keeping its checkpoint statistics ({@link
     * LocalJobs}).
     */
    private static Executed execute(StreamExecutionEnvironment env, String name) throws Exception {
        long t0 = System.nanoTime();
        LocalJobs.Ended ended = LocalJobs.run(env, name, null);
        return new Executed(
                ended.result(),
                (ended.endNanos() - t0) / 1e9,
                Checkpoints.of(ended.checkpoints(), ended.syncPhases()));
    }

    private static void print(List<Result> results, long events, PrintStream out) {
        double pass = results.get(0).eventsPerSecond(events);
        out.printf("%n%-36s %12s %8s %8s%n", "contender", "events/s", "ratio", "alerts");
        for (Result r : results) {
            double rate = r.eventsPerSecond(events);
            int alerts = r.alertsByKind().values().stream().mapToInt(Integer::intValue).sum();
            out.printf(
                    "%-36s %,12.0f %8.2f %8s%n",
                    r.name(),
                    rate,
                    rate / pass,
                    r.name().equals("pass-through") ? "-" : String.format("%,d", alerts));
        }
        if (results.get(0).runSeconds().size() > 1) {
            StringBuilder times = new StringBuilder("seconds of each run, in order:");
            for (Result r : results) {
                times.append(String.format(" %s", r.name()));
                String sep = " ";
                for (double t : r.runSeconds()) {
                    times.append(String.format("%s%.1f", sep, t));
                    sep = ", ";
                }
                times.append(';');
            }
            times.setLength(times.length() - 1);
            out.println(times);
        }
    }

    /**
     * Whether every run of heap and RocksDB committed the same alert ids as the first heap run, and
     * if not, how many of its ids each run missed and added.
     */
    static void printAlertAgreement(List<List<Result>> brushguard, PrintStream out) {
        Set<String> first = brushguard.get(0).get(0).alertIds();
        List<String> differ = new ArrayList<>();
        int runs = 0;
        for (List<Result> contender : brushguard) {
            for (int i = 0; i < contender.size(); i++) {
                Result r = contender.get(i);
                runs++;
                Set<String> missed = new HashSet<>(first);
                missed.removeAll(r.alertIds());
                Set<String> added = new HashSet<>(r.alertIds());
                added.removeAll(first);
                if (!missed.isEmpty() || !added.isEmpty()) {
                    differ.add(
                            String.format(
                                    "%s run %d: %d missing, %d more",
                                    r.name(), i + 1, missed.size(), added.size()));
                }
            }
        }
        out.printf(
                "alerts of heap and RocksDB: %s%n",
                differ.isEmpty()
                        ? "the same " + first.size() + (runs > 2 ? " in each of their runs" : "")
                        : "differ from the first heap run's "
                                + first.size()
                                + " ("
                                + String.join("; ", differ)
                                + ")");
    }

    /** The second table: each contender's checkpoints and the process's peak memory during it. */
    private static void printCheckpointsAndMemory(
            List<Result> results, Duration interval, PrintStream out) {
        out.printf(
                "%ncheckpoints: Flink's statistics of each job (exactly once, every %d s, incremental"
                        + " where the backend does it; durations end to end; state: full size, max"
                        + " over the job and of the last checkpoint; persisted: what the last one"
                        + " wrote); memory: peaks of this JVM during the job, sampled every 100 ms%n",
                interval.toSeconds());
        out.printf(
                "%-20s %-8s %6s %6s %7s %7s %10s %10s %10s %10s %10s %10s%n",
                "contender",
                "backend",
                "ckpts",
                "failed",
                "p50 ms",
                "max ms",
                "state max",
                "state last",
                "persisted",
                "heap peak",
                "RSS start",
                "RSS peak");
        for (Result r : results) {
            Checkpoints c = r.checkpoints();
            MemoryPeak.Figures m = r.memory();
            out.printf(
                    "%-20s %-8s %6d %6d %7s %7s %10s %10s %10s %10s %10s %10s%n",
                    r.name(),
                    r.stateBackend(),
                    c.completed(),
                    c.failed(),
                    millis(c.p50Millis()),
                    millis(c.maxMillis()),
                    bytes(c.maxStateSize()),
                    bytes(c.lastStateSize()),
                    bytes(c.lastCheckpointedSize()),
                    bytes(m.heapUsedPeak()),
                    bytes(m.rssAtStart()),
                    bytes(m.rssPeak()));
        }
        for (Result r : results) {
            out.printf("%s, checkpoints: %s%n", r.name(), r.checkpoints().syncPhases());
        }
        for (Result r : results) {
            if (r.checkpoints().lastFailure() != null) {
                out.printf(
                        "%s: the last failed checkpoint: %s%n",
                        r.name(), r.checkpoints().lastFailure());
            }
        }
    }

    private static String millis(long ms) {
        return ms < 0 ? "-" : String.format("%,d", ms);
    }

    /** Bytes in binary units, "-" when unknown. */
    static String bytes(long bytes) {
        if (bytes < 0) {
            return "-";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format("%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format("%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    private static long counter(JobExecutionResult result, String name) {
        Object value = result.getAccumulatorResult(name);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /**
     * A consumer of every partition of {@code topic} from its beginning, reading as a consumer of
     * the job must (read_committed), raw bytes.
     */
    static KafkaConsumer<byte[], byte[]> readCommittedFromStart(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic).stream()
                        .map(i -> new TopicPartition(topic, i.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /**
     * Every alert committed to {@code topic}, read as a consumer of the job must (read_committed).
     */
    private static void readAlerts(
            String bootstrap, String topic, Map<String, Integer> byKind, Set<String> ids)
            throws IOException {
        SpecificDatumReader<RiskAlert> reader = new SpecificDatumReader<>(RiskAlert.class);
        BinaryDecoder decoder = null;
        try (KafkaConsumer<byte[], byte[]> consumer = readCommittedFromStart(bootstrap, topic)) {
            List<TopicPartition> partitions = new ArrayList<>(consumer.assignment());
            // Under read_committed these are the last stable offsets: every committed alert.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    decoder = DecoderFactory.get().binaryDecoder(r.value(), decoder);
                    RiskAlert alert = reader.read(null, decoder);
                    byKind.merge(alert.getKind().toString(), 1, Integer::sum);
                    ids.add(alert.getAlertId().toString());
                }
            }
        }
    }

    /** A fresh random pseudonymisation key for the regulator feed, as the demo makes one. */
    private static Path pseudonymKey(Path work) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Path key = work.resolve("pseudonym.key");
        Files.writeString(key, HexFormat.of().formatHex(random));
        return key;
    }

    private static <T> DataStream<T> ended(DataStream<T> stream, String output) {
        return stream.transform(
                        "benchmark: end of " + output, stream.getType(), new EndOfInput<>(output))
                .uid("benchmark-end-" + output);
    }

    /** Passes records on; notes when the first one went through (accumulator, minimum). */
    static final class FirstRecord extends RichMapFunction<SourceRecord, SourceRecord> {
        private transient LongMinimum first;
        private transient boolean seen;

        @Override
        public void open(OpenContext ctx) {
            first = new LongMinimum();
            getRuntimeContext().addAccumulator(FIRST_RECORD, first);
        }

        @Override
        public SourceRecord map(SourceRecord r) {
            if (!seen) {
                seen = true;
                // The MiniCluster runs in this JVM, so nanoTime is comparable across subtasks.
                first.add(System.nanoTime());
            }
            return r;
        }
    }

    /** The pass-through's keyed step: counts the events, hands on their event time. */
    static final class CountEvents extends RichMapFunction<PlatformEvent, Long> {
        private transient LongCounter count;

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getLongCounter(RECORDS);
        }

        @Override
        public Long map(PlatformEvent e) {
            count.add(1);
            return e.eventTime();
        }
    }

    /**
     * Passes records on; notes when its input ended (accumulator, maximum), which is after every
     * operator upstream has finished its input and fired its timers.
     */
    static final class EndOfInput<T> extends AbstractStreamOperator<T>
            implements OneInputStreamOperator<T, T>, BoundedOneInput {
        private final String outputName;
        private transient LongMaximum end;

        EndOfInput(String outputName) {
            this.outputName = outputName;
        }

        @Override
        public void open() throws Exception {
            super.open();
            end = new LongMaximum();
            getRuntimeContext().addAccumulator(END_OF_INPUT + outputName, end);
        }

        @Override
        public void processElement(StreamRecord<T> element) {
            output.collect(element);
        }

        @Override
        public void endInput() {
            end.add(System.nanoTime());
        }
    }
}
