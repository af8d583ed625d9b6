package io.brushguard.jobs.savepoint;

import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.BrushguardJob;
import io.brushguard.jobs.control.PatternChange;
import io.brushguard.jobs.generator.GeneratorConfig;
import io.brushguard.jobs.generator.PlatformGenerator;
import io.brushguard.patterns.definition.PatternDefinitions;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.legacy.SinkFunction;
import org.apache.flink.streaming.api.functions.source.legacy.SourceFunction;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The streaming job's detection graph (with live changes, on RocksDB) on a small generated
 * platform, replayed by index from a source that can pause halfway: what {@link
 * SavepointCompatibilityITCase} restores a savepoint of an earlier release into. {@link #main}
 * takes such a savepoint, with the alerts made before it, for the test's resources.
 *
 * <p>Keep every uid here as it is: the savepoints under {@code src/test/resources/savepoints} map
 * their state to them.
 */
public final class SavepointFixture {

    /** The platform: one day, all kinds of episodes. */
    static final GeneratorConfig PLATFORM =
            GeneratorConfig.defaults()
                    .withDays(1)
                    .withShops(120)
                    .withBuyers(1_000)
                    .withOrdersPerDay(500)
                    .withEpisodesPerKind(3);

    /** Alerts the sink has seen in this JVM (one job at a time). */
    static final Set<String> ALERTS = ConcurrentHashMap.newKeySet();

    /** Whether the source has paused. */
    static final AtomicBoolean PAUSED = new AtomicBoolean();

    private SavepointFixture() {}

    static List<PlatformEvent> events() {
        return PlatformGenerator.generate(PLATFORM).events();
    }

    /**
     * The graph: events by index (pausing before index {@code pauseAt}, or not at all when
     * negative), the detection with live changes, the alert ids into {@link #ALERTS}.
     */
    static StreamExecutionEnvironment job(String restoreFrom, long pauseAt) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(PipelineOptions.MAX_PARALLELISM, 256);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofHours(1));
        // A savepoint this release cannot restore fails the test at once (restarting would try
        // the same restore forever).
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        if (restoreFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        DataStream<PlatformEvent> replay =
                env.addSource(new Indices(events().size(), pauseAt), Types.LONG)
                        .uid("fixture-indices")
                        .setParallelism(1)
                        .map(new ByIndex())
                        .returns(TypeInformation.of(PlatformEvent.class))
                        .uid("fixture-events")
                        .setParallelism(1)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<PlatformEvent>forBoundedOutOfOrderness(
                                                Duration.ofHours(3))
                                        .withTimestampAssigner((e, t) -> e.eventTime()))
                        .uid("fixture-watermarks")
                        .setParallelism(1);
        DataStream<PatternChange> control =
                env.fromData(
                                List.of(
                                        new PatternChange(
                                                "fixture",
                                                PatternChange.Action.REPORT,
                                                null,
                                                null,
                                                null,
                                                "fixture")),
                                TypeInformation.of(PatternChange.class))
                        .uid("fixture-control")
                        .setParallelism(1);
        BrushguardJob.detect(replay, PatternDefinitions.shipped(), control)
                .addSink(new Collect())
                .uid("fixture-alerts");
        return env;
    }

    /** Takes a savepoint halfway into {@code args[0]}, with alerts-before.txt next to it. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(dir);
        ALERTS.clear();
        PAUSED.set(false);
        JobClient client = job(null, events().size() / 2).executeAsync("savepoint fixture");
        while (!PAUSED.get()) {
            Thread.sleep(100);
        }
        // Let the first half's records and watermarks through the graph before the barrier.
        Thread.sleep(5_000);
        String savepoint =
                client.stopWithSavepoint(
                                false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get();
        Files.write(dir.resolve("alerts-before.txt"), new TreeSet<>(ALERTS));
        System.out.println("savepoint " + savepoint + ", " + ALERTS.size() + " alerts before it");
    }

    /** The indices 0 to n - 1, in order, pausing before {@code pauseAt}; checkpointed. */
    static final class Indices implements SourceFunction<Long>, CheckpointedFunction {

        private static final long serialVersionUID = 1L;

        private final long n;
        private final long pauseAt;
        private volatile boolean running = true;
        private transient ListState<Long> state;
        private long next;

        Indices(long n, long pauseAt) {
            this.n = n;
            this.pauseAt = pauseAt;
        }

        @Override
        public void run(SourceContext<Long> ctx) throws Exception {
            while (running && next < n) {
                if (next == pauseAt) {
                    PAUSED.set(true);
                    Thread.sleep(10);
                    continue;
                }
                synchronized (ctx.getCheckpointLock()) {
                    ctx.collect(next++);
                }
            }
        }

        @Override
        public void cancel() {
            running = false;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            state.update(List.of(next));
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            state =
                    context.getOperatorStateStore()
                            .getListState(new ListStateDescriptor<>("next", Types.LONG));
            for (Long l : state.get()) {
                next = l;
            }
        }
    }

    /** The platform's event at an index. */
    static final class ByIndex extends RichMapFunction<Long, PlatformEvent> {

        private static final long serialVersionUID = 1L;

        private transient List<PlatformEvent> events;

        @Override
        public void open(OpenContext context) {
            events = events();
        }

        @Override
        public PlatformEvent map(Long i) {
            return events.get(i.intValue());
        }
    }

    /** The alert ids into {@link #ALERTS}. */
    static final class Collect implements SinkFunction<RiskAlert> {

        private static final long serialVersionUID = 1L;

        @Override
        public void invoke(RiskAlert alert, Context context) {
            ALERTS.add(alert.getAlertId().toString());
        }
    }
}
