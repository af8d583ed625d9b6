package io.brushguard.benchmarks;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.jobs.BrushguardJob;
import io.brushguard.jobs.control.PatternChange;
import io.brushguard.jobs.generator.GeneratorConfig;
import io.brushguard.jobs.generator.PlatformGenerator;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Workload: detection throughput, side by side in one run. The generator's demo platform (about
 * 245k events of all four streams, 18 fraud episodes) is replayed {@code copies} times, each copy
 * shifted in time, from one ordered source; watermarks with 1 min out-of-orderness; parallelism 2.
 * Contenders on the same events:
 *
 * <ol>
 *   <li>pass-through: the same source keyed by order, no detection (the limit);
 *   <li>brushguard on the heap state backend;
 *   <li>the same without the control input (the start definitions only, as a backtest runs): what
 *       live rollout's operators cost;
 *   <li>brushguard on RocksDB with incremental checkpoints every 10 s (and with heap timers).
 * </ol>
 *
 * Every brushguard contender but the second runs the streaming job's graph with its control input.
 *
 * <p>Reports events/s of each and its ratio to the pass-through. Kafka and Avro decoding are not
 * part of this workload.
 */
public final class ThroughputBenchmark {

    private ThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("quick");
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : (quick ? 1 : 4);
        run(copies, quick, System.out);
    }

    public static void run(int copies, boolean quick, PrintStream out) throws Exception {
        int perCopy = PlatformGenerator.generate(config(quick)).events().size();
        long total = (long) perCopy * copies;
        out.printf(
                "brushguard throughput benchmark (%s mode), %s%n",
                quick ? "quick" : "full", Instant.now());
        out.println(Machine.describe());
        out.printf(
                "workload: %,d events (%d copies of %,d), parallelism 2%n", total, copies, perCopy);
        double pass =
                measure(
                        "pass-through (keyed by order)",
                        quick,
                        copies,
                        total,
                        false,
                        null,
                        false,
                        true,
                        out);
        double heap =
                measure(
                        "brushguard, heap state",
                        quick,
                        copies,
                        total,
                        true,
                        "hashmap",
                        false,
                        true,
                        out);
        double heapFixed =
                measure(
                        "brushguard, heap, no live changes",
                        quick,
                        copies,
                        total,
                        true,
                        "hashmap",
                        false,
                        false,
                        out);
        double rocks =
                measure(
                        "brushguard, RocksDB, checkpoints 10 s",
                        quick,
                        copies,
                        total,
                        true,
                        "rocksdb",
                        false,
                        true,
                        out);
        double rocksHeapTimers =
                measure(
                        "brushguard, RocksDB + heap timers",
                        quick,
                        copies,
                        total,
                        true,
                        "rocksdb",
                        true,
                        true,
                        out);
        out.printf("%n%-40s %14s %10s%n", "contender", "events/s", "ratio");
        out.printf("%-40s %,14.0f %10.2f%n", "pass-through", pass, 1.0);
        out.printf("%-40s %,14.0f %10.2f%n", "brushguard heap", heap, heap / pass);
        out.printf(
                "%-40s %,14.0f %10.2f%n",
                "brushguard heap, no live changes", heapFixed, heapFixed / pass);
        out.printf("%-40s %,14.0f %10.2f%n", "brushguard RocksDB", rocks, rocks / pass);
        out.printf(
                "%-40s %,14.0f %10.2f%n",
                "brushguard RocksDB, heap timers", rocksHeapTimers, rocksHeapTimers / pass);
    }

    private static double measure(
            String name,
            boolean quick,
            int copies,
            long total,
            boolean detect,
            String backend,
            boolean heapTimers,
            boolean live,
            PrintStream out)
            throws Exception {
        Configuration conf = new Configuration();
        Path checkpoints = null;
        if (backend != null) {
            conf.set(StateBackendOptions.STATE_BACKEND, backend);
        }
        if ("rocksdb".equals(backend)) {
            checkpoints = Files.createTempDirectory("brushguard-bench-cp-");
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            if (heapTimers) {
                conf.set(
                        RocksDBOptions.TIMER_SERVICE_FACTORY,
                        EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
            }
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(10));
            conf.set(
                    CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                    CheckpointingMode.EXACTLY_ONCE);
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        DataStream<PlatformEvent> events =
                env.fromSequence(0, total - 1)
                        .setParallelism(1)
                        .map(new Replay(quick, copies))
                        .setParallelism(1)
                        .returns(TypeInformation.of(PlatformEvent.class))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<PlatformEvent>forBoundedOutOfOrderness(
                                                Duration.ofMinutes(1))
                                        .withTimestampAssigner((e, t) -> e.eventTime()))
                        .setParallelism(1);
        if (detect) {
            // The streaming job's graph: with its control input (one report request, so the
            // control operator, the catalog broadcast and the live operators all run).
            DataStream<PatternChange> control =
                    !live
                            ? null
                            : env.fromData(
                                            List.of(
                                                    new PatternChange(
                                                            "benchmark",
                                                            PatternChange.Action.REPORT,
                                                            null,
                                                            null,
                                                            null,
                                                            "benchmark")),
                                            TypeInformation.of(PatternChange.class))
                                    .setParallelism(1);
            BrushguardJob.detect(events, DetectionRules.defaults(), control)
                    .sinkTo(new DiscardingSink<>());
        } else {
            events.keyBy(e -> e.orderId() != null ? e.orderId() : e.review.getReviewId())
                    .map(e -> e.eventTime())
                    .sinkTo(new DiscardingSink<>());
        }
        long t0 = System.nanoTime();
        env.execute(name);
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf("  %-40s %6.1f s%n", name, seconds);
        if (checkpoints != null) {
            // Best effort: Flink may still be discarding checkpoint files of the finished job,
            // so walking the directory can race with its deletes.
            org.apache.flink.util.FileUtils.deleteDirectoryQuietly(checkpoints.toFile());
        }
        return total / seconds;
    }

    /** The generated platform: the demo's, or a small one day for the quick mode. */
    static GeneratorConfig config(boolean quick) {
        GeneratorConfig d = GeneratorConfig.defaults();
        return quick
                ? d.withDays(1)
                        .withShops(200)
                        .withBuyers(3_000)
                        .withOrdersPerDay(2_000)
                        .withEpisodesPerKind(3)
                : d;
    }

    /** Event i of the replay: event i mod n of the generated platform, shifted by whole copies. */
    static final class Replay extends RichMapFunction<Long, PlatformEvent> {
        private final boolean quick;
        private final int copies;
        private transient List<PlatformEvent> events;
        private transient long span;

        Replay(boolean quick, int copies) {
            this.quick = quick;
            this.copies = copies;
        }

        @Override
        public void open(OpenContext ctx) {
            events = PlatformGenerator.generate(config(quick)).events();
            span = events.get(events.size() - 1).eventTime() - events.get(0).eventTime() + 1;
        }

        @Override
        public PlatformEvent map(Long i) {
            int n = events.size();
            PlatformEvent e = events.get((int) (i % n));
            long copy = i / n;
            if (copy == 0) {
                return e;
            }
            return shift(e, copy * span, "c" + copy + "-");
        }

        private static PlatformEvent shift(PlatformEvent e, long by, String prefix) {
            switch (e.stream()) {
                case ORDERS:
                    OrderEvent o =
                            OrderEvent.newBuilder(e.order)
                                    .setOrderId(prefix + e.order.getOrderId())
                                    .setEventTime(e.order.getEventTime().plusMillis(by))
                                    .build();
                    return PlatformEvent.of(o);
                case PAYMENTS:
                    return PlatformEvent.of(
                            PaymentEvent.newBuilder(e.payment)
                                    .setOrderId(prefix + e.payment.getOrderId())
                                    .setEventTime(e.payment.getEventTime().plusMillis(by))
                                    .build());
                case LOGISTICS:
                    return PlatformEvent.of(
                            LogisticsEvent.newBuilder(e.logistics)
                                    .setOrderId(prefix + e.logistics.getOrderId())
                                    .setWaybillId(prefix + e.logistics.getWaybillId())
                                    .setEventTime(e.logistics.getEventTime().plusMillis(by))
                                    .build());
                default:
                    return PlatformEvent.of(
                            ReviewEvent.newBuilder(e.review)
                                    .setOrderId(
                                            e.review.getOrderId() == null
                                                    ? null
                                                    : prefix + e.review.getOrderId())
                                    .setEventTime(e.review.getEventTime().plusMillis(by))
                                    .build());
            }
        }
    }
}
