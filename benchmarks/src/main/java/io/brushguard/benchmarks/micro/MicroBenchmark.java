package io.brushguard.benchmarks.micro;

import io.brushguard.benchmarks.Machine;
import io.brushguard.benchmarks.Median;
import io.brushguard.benchmarks.micro.MicroWorkload.Event;
import io.brushguard.benchmarks.micro.MicroWorkload.Match;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the micro workload ({@link MicroWorkload}) on every contender, one after the other in one
 * JVM, and prints one table: {@code MicroBenchmark [quick|full]}.
 *
 * <p>Every Flink contender reads the same events, generated from the seed inside the job (sequence
 * source, then a chained map), with event timestamps and monotonous watermarks, keyed by user, at
 * parallelism 1. Its time runs from the first event its keyed task consumes to the end of the job,
 * so the cluster's start is not in it. A contender that has not finished within its time budget is
 * cancelled and reported as partial: its events/s are over the events its keyed task consumed until
 * then, and its match count is not comparable. The budget runs from the job's submission.
 *
 * <p>Esper runs in a child JVM of its own ({@link EsperContender}), single-threaded, on the same
 * events; if its module is not built its row says so.
 *
 * <p>Stock CEP on RocksDB manages a few hundred events/s, so in the full mode it runs on a prefix
 * of the same events (the first 20,000) and is compared with the oracle's count on that prefix.
 */
public final class MicroBenchmark {

    /** The contenders, in the table's order. */
    public enum Contender {
        ORACLE("oracle (single thread, no Flink)", null, false),
        PASS_THROUGH("flink pass-through", "hashmap", false),
        HAND_HEAP("flink hand-written, heap", "hashmap", false),
        HAND_ROCKSDB("flink hand-written, RocksDB", "rocksdb", true),
        CEP_HEAP("flink CEP, heap", "hashmap", false),
        CEP_ROCKSDB("flink CEP, RocksDB", "rocksdb", true),
        ENGINE_HEAP("brushguard engine, heap", "hashmap", false),
        ENGINE_ROCKSDB("brushguard engine, RocksDB", "rocksdb", true),
        ESPER("esper (single thread, own JVM)", null, false);

        final String label;
        final String backend;
        final boolean checkpoints;

        Contender(String label, String backend, boolean checkpoints) {
            this.label = label;
            this.backend = backend;
            this.checkpoints = checkpoints;
        }
    }

    /** How one mode runs: the events, the budget per contender, and prefixes for slow ones. */
    record Mode(String name, long events, Duration budget, long cepRocksDbPrefix) {
        static Mode of(String name) {
            return name.equals("quick")
                    ? new Mode("quick", 200_000, Duration.ofSeconds(5), 200_000)
                    : new Mode("full", 5_000_000, Duration.ofSeconds(60), 20_000);
        }
    }

    /**
     * One row of the table; {@code built} is false for a contender in its own JVM whose module has
     * not been built, and then nothing else in the row counts.
     */
    public record Row(
            Contender contender,
            long events,
            long of,
            double seconds,
            boolean finished,
            long matches,
            long oracleMatches,
            boolean built) {

        public Row(
                Contender contender,
                long events,
                long of,
                double seconds,
                boolean finished,
                long matches,
                long oracleMatches) {
            this(contender, events, of, seconds, finished, matches, oracleMatches, true);
        }

        public double perSecond() {
            return events / seconds;
        }

        public boolean comparable() {
            return built && finished && contender != Contender.PASS_THROUGH;
        }

        public boolean agrees() {
            return comparable() && matches == oracleMatches;
        }
    }

    /** A run: the number of A events of the workload and the table's rows. */
    public record Result(long aEvents, List<Row> rows) {}

    /** Events the keyed task of the running job has consumed, and when it consumed the first. */
    static final AtomicLong CONSUMED = new AtomicLong();

    static final AtomicLong FIRST_NANOS = new AtomicLong();
    static final AtomicLong MATCHES = new AtomicLong();

    private MicroBenchmark() {}

    public static void main(String[] args) throws Exception {
        run(Mode.of(args.length > 0 ? args[0] : "full"), System.out);
    }

    public static Result run(Mode mode, PrintStream out) throws Exception {
        MicroWorkload workload = MicroWorkload.defaults(mode.events());
        out.printf("brushguard micro benchmark (%s mode), %s%n", mode.name(), Instant.now());
        out.println(Machine.describe());
        out.println(workload.describe());
        Event[] all = workload.generate();
        long as = 0;
        for (Event e : all) {
            as += e.type == MicroWorkload.A ? 1 : 0;
        }
        out.printf(
                "A events: %,d; time budget per contender: %d s%n", as, mode.budget().toSeconds());
        int runs = runs();
        if (runs > 1) {
            out.printf(
                    "runs per contender: %d, one after the other in one JVM; a row is the median"
                            + " run by events/s%n",
                    runs);
        }
        List<Row> rows = new ArrayList<>();
        rows.add(oracle(all, out));
        long oracleMatches = rows.get(0).matches();
        String only = System.getProperty("brushguard.micro.only", "");
        for (Contender c : Contender.values()) {
            if (c == Contender.ORACLE
                    || (!only.isEmpty()
                            && c != Contender.PASS_THROUGH
                            && !java.util.Arrays.asList(only.split(",")).contains(c.name()))) {
                continue;
            }
            if (c == Contender.ESPER) {
                rows.add(EsperContender.run(workload, mode.budget(), oracleMatches, out, runs));
                continue;
            }
            long n =
                    c == Contender.CEP_ROCKSDB
                            ? Math.min(mode.cepRocksDbPrefix(), workload.events)
                            : workload.events;
            long expected =
                    n == workload.events ? oracleMatches : OracleMatcher.count(all, (int) n);
            List<Row> tries = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                tries.add(flink(c, workload.prefix(n), mode.budget(), expected, out));
            }
            rows.add(median(tries));
        }
        out.println();
        out.printf("A events: %,d; matches by the oracle: %,d%n", as, oracleMatches);
        print(rows, workload.events, out);
        return new Result(as, rows);
    }

    /**
     * Runs per contender ({@code -Dbrushguard.micro.runs}, default 1): each Flink contender runs
     * that many times in this JVM and Esper as many in its own, so that later runs find the JIT's
     * code compiled, as a long-running job does.
     */
    static int runs() {
        int runs = Integer.getInteger("brushguard.micro.runs", 1);
        if (runs < 1) {
            throw new IllegalArgumentException("brushguard.micro.runs must be >= 1, got " + runs);
        }
        return runs;
    }

    /**
     * The median of a contender's runs by events/s (of an even number, the slower of the middle
     * two); a run that disagrees with the oracle instead, so that no disagreement is hidden.
     */
    static Row median(List<Row> tries) {
        for (Row r : tries) {
            if (r.comparable() && !r.agrees()) {
                return r;
            }
        }
        return Median.run(tries, Comparator.comparingDouble(Row::perSecond).reversed());
    }

    /** The oracle over the array: three passes so the JIT has compiled it, the last one timed. */
    private static Row oracle(Event[] all, PrintStream out) {
        long matches = 0;
        double seconds = 0;
        for (int pass = 0; pass < 3; pass++) {
            long t0 = System.nanoTime();
            matches = OracleMatcher.count(all, all.length);
            seconds = (System.nanoTime() - t0) / 1e9;
        }
        out.printf("  %-34s %8.2f s%n", Contender.ORACLE.label, seconds);
        return new Row(Contender.ORACLE, all.length, all.length, seconds, true, matches, matches);
    }

    private static Row flink(
            Contender c, MicroWorkload w, Duration budget, long oracleMatches, PrintStream out)
            throws Exception {
        return flink(c, w, budget, oracleMatches, out, 0);
    }

    /**
     * One Flink contender's run; for the engine, {@code definitions} active definitions ({@link
     * EngineContender#patterns}), or 0 for the one definition file.
     */
    static Row flink(
            Contender c,
            MicroWorkload w,
            Duration budget,
            long oracleMatches,
            PrintStream out,
            int definitions)
            throws Exception {
        Path checkpoints = c.checkpoints ? Files.createTempDirectory("brushguard-micro-cp-") : null;
        StreamExecutionEnvironment env = environment(c, checkpoints);
        if (c == Contender.ENGINE_HEAP || c == Contender.ENGINE_ROCKSDB) {
            EngineContender.matches(
                            EngineContender.source(env, w, definitions),
                            definitions == 0
                                    ? List.of(EngineContender.pattern())
                                    : EngineContender.patterns(definitions))
                    .map(new CountAlerts())
                    .name("count")
                    .sinkTo(new DiscardingSink<>());
        } else if (c == Contender.PASS_THROUGH) {
            KeyedStream<Event, Long> byUser = byUser(source(env, w));
            byUser.map(e -> e.timestamp).name("pass-through").sinkTo(new DiscardingSink<>());
        } else {
            matches(c, byUser(source(env, w)))
                    .map(new CountMatches())
                    .name("count")
                    .sinkTo(new DiscardingSink<>());
        }
        CONSUMED.set(0);
        FIRST_NANOS.set(0);
        MATCHES.set(0);
        JobClient job = env.executeAsync(c.label);
        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
        boolean finished;
        long end;
        try {
            result.get(budget.toMillis(), TimeUnit.MILLISECONDS);
            finished = true;
            end = System.nanoTime();
        } catch (TimeoutException e) {
            finished = false;
            end = System.nanoTime();
        }
        long consumed = finished ? w.events : CONSUMED.get();
        if (!finished) {
            job.cancel().get();
            try {
                result.get();
            } catch (Exception cancelled) {
                // expected: the job was cancelled
            }
        }
        double seconds = (end - FIRST_NANOS.get()) / 1e9;
        out.printf(
                "  %-34s %8.2f s%s%n",
                c.label, seconds, finished ? "" : " (budget over, cancelled)");
        if (checkpoints != null) {
            // Best effort: a cancelled or just finished job may still be discarding files there.
            org.apache.flink.util.FileUtils.deleteDirectoryQuietly(checkpoints.toFile());
        }
        return new Row(c, consumed, w.events, seconds, finished, MATCHES.get(), oracleMatches);
    }

    static StreamExecutionEnvironment environment(Contender c, Path checkpoints) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, c.backend);
        if (c == Contender.ENGINE_ROCKSDB) {
            // brushguard runs as the job configures it (heap timers, bloom filters, LZ4); the other
            // contenders run with Flink's defaults, as their users would.
            io.brushguard.jobs.BrushguardJob.rocksDbSettings(conf);
        }
        if (checkpoints != null) {
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(5));
            conf.set(
                    CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                    CheckpointingMode.EXACTLY_ONCE);
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        return env;
    }

    /** The workload's events, generated from the seed in the job, with event time. */
    static DataStream<Event> source(StreamExecutionEnvironment env, MicroWorkload w) {
        return withEventTime(
                env.fromSequence(0, w.events - 1).map(new Generate(w)).name("generate"));
    }

    static DataStream<Event> withEventTime(DataStream<Event> events) {
        return events.assignTimestampsAndWatermarks(
                WatermarkStrategy.<Event>forMonotonousTimestamps()
                        .withTimestampAssigner((e, t) -> e.timestamp));
    }

    /** Keyed by user, through a chained map that counts what the keyed task consumes. */
    static KeyedStream<Event, Long> byUser(DataStream<Event> events) {
        DataStream<Event> consumed =
                events.keyBy(e -> e.user).map(new CountConsumed()).name("consumed");
        return DataStreamUtils.reinterpretAsKeyedStream(consumed, e -> e.user, Types.LONG);
    }

    /** The matches of a matching contender. */
    static DataStream<Match> matches(Contender c, KeyedStream<Event, Long> byUser) {
        return switch (c) {
            case HAND_HEAP, HAND_ROCKSDB ->
                    byUser.process(new PendingAFunction())
                            .name("hand-written: A followed by B within 10 s")
                            .uid("micro-hand-written");
            case CEP_HEAP, CEP_ROCKSDB -> CepMatcher.matches(byUser);
            default -> throw new IllegalArgumentException(c + " does not match");
        };
    }

    private static void print(List<Row> rows, long total, PrintStream out) {
        double pass = perSecond(rows, Contender.PASS_THROUGH);
        double oracle = perSecond(rows, Contender.ORACLE);
        out.printf(
                "%-30s %-26s %8s %12s %8s %9s %10s %s%n",
                "contender",
                "events",
                "seconds",
                "events/s",
                "vs pass",
                "vs oracle",
                "matches",
                "agrees with oracle");
        for (Row r : rows) {
            if (!r.built()) {
                out.printf(
                        "%-30s %-26s %8s %12s %8s %9s %10s %s%n",
                        r.contender().label, "not built", "-", "-", "-", "-", "-", "-");
                continue;
            }
            String events =
                    !r.finished()
                            ? String.format("partial (%,d of %,d)", r.events(), r.of())
                            : r.of() < total
                                    ? String.format("%,d (prefix)", r.events())
                                    : String.format("%,d", r.events());
            String matches =
                    r.contender() == Contender.PASS_THROUGH
                            ? "-"
                            : r.finished() ? String.format("%,d", r.matches()) : "n/c";
            String agrees =
                    r.contender() == Contender.PASS_THROUGH
                            ? "-"
                            : !r.finished()
                                    ? "not comparable (partial)"
                                    : (r.agrees() ? "yes" : "NO")
                                            + (r.of() < total
                                                    ? String.format(
                                                            " (oracle on the prefix: %,d)",
                                                            r.oracleMatches())
                                                    : "");
            out.printf(
                    "%-30s %-26s %8.2f %,12.0f %8s %9s %10s %s%n",
                    r.contender().label.replace(" (single thread, no Flink)", ""),
                    events,
                    r.seconds(),
                    r.perSecond(),
                    ratio(r.perSecond() / pass),
                    ratio(r.perSecond() / oracle),
                    matches,
                    agrees);
        }
    }

    /** Two decimals, or two significant digits below 0.1 so that slow contenders show. */
    private static String ratio(double r) {
        return r >= 0.1
                ? String.format("%.2f", r)
                : new java.math.BigDecimal(r)
                        .round(new java.math.MathContext(2))
                        .stripTrailingZeros()
                        .toPlainString();
    }

    private static double perSecond(List<Row> rows, Contender c) {
        return rows.stream().filter(r -> r.contender() == c).findFirst().orElseThrow().perSecond();
    }

    /** Event {@code i} of the workload, from its seed. */
    private static final class Generate extends RichMapFunction<Long, Event> {
        private final MicroWorkload workload;

        Generate(MicroWorkload workload) {
            this.workload = workload;
        }

        @Override
        public Event map(Long i) {
            return workload.event(i);
        }
    }

    /** Counts the events the keyed task consumes, in batches to stay cheap. */
    private static final class CountConsumed extends CountConsumedOf<Event> {}

    /** {@link CountConsumed} for any event type. */
    static class CountConsumedOf<T> extends RichMapFunction<T, T> {
        private transient long pending;

        @Override
        public void open(OpenContext ctx) {
            pending = 0;
        }

        @Override
        public T map(T e) {
            if (FIRST_NANOS.get() == 0) {
                FIRST_NANOS.compareAndSet(0, System.nanoTime());
            }
            if (++pending == 256) {
                CONSUMED.addAndGet(pending);
                pending = 0;
            }
            return e;
        }

        @Override
        public void close() {
            CONSUMED.addAndGet(pending);
        }
    }

    /** Counts the engine's matches (alerts) into {@link #MATCHES}. */
    private static final class CountAlerts
            extends RichMapFunction<io.brushguard.avro.RiskAlert, Long> {
        private transient long pending;

        @Override
        public void open(OpenContext ctx) {
            pending = 0;
        }

        @Override
        public Long map(io.brushguard.avro.RiskAlert a) {
            pending++;
            return a.getWindowEnd().toEpochMilli();
        }

        @Override
        public void close() {
            MATCHES.addAndGet(pending);
        }
    }

    /** Counts the matches into {@link #MATCHES}. */
    private static final class CountMatches extends RichMapFunction<Match, Long> {
        private transient long pending;

        @Override
        public void open(OpenContext ctx) {
            pending = 0;
        }

        @Override
        public Long map(Match m) {
            pending++;
            return m.bTimestamp;
        }

        @Override
        public void close() {
            MATCHES.addAndGet(pending);
        }
    }
}
