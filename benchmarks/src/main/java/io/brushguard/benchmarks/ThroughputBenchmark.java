package io.brushguard.benchmarks;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.avro.RiskAlert;
import io.brushguard.benchmarks.families.CepFamilies;
import io.brushguard.benchmarks.families.EsperFamiliesContender;
import io.brushguard.benchmarks.families.FamilyAlert;
import io.brushguard.benchmarks.families.FamilyCounts;
import io.brushguard.benchmarks.families.FamilyResult;
import io.brushguard.jobs.BrushguardJob;
import io.brushguard.jobs.control.PatternChange;
import io.brushguard.jobs.generator.GeneratorConfig;
import io.brushguard.jobs.generator.PlatformGenerator;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.StateCache;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

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
 *   <li>brushguard on RocksDB with incremental checkpoints every 10 s, with the job's settings
 *       ({@link BrushguardJob#rocksDbSettings}: heap timers, bloom filters, LZ4; {@link
 *       BrushguardJob#latencySettings}: a 10 ms buffer timeout), and with Flink's defaults (RocksDB
 *       timers, no bloom filters, Snappy, 100 ms) to show what those settings do;
 *   <li>brushguard on the heap and on RocksDB with only the three rules the CEP contender runs
 *       enabled ({@link CepFamilies#coreRulesOnly}): the same work as CEP;
 *   <li>stock Flink CEP with the three families' core rules ({@link CepFamilies}) on the heap, and
 *       on RocksDB (checkpoints as above) over a prefix of the events only, since it manages a few
 *       hundred events/s there. Each CEP contender has a time budget; one that runs out is
 *       cancelled and reported as partial;
 *   <li>Esper 9 with the same three rules ({@link EsperFamiliesContender}), single-threaded in its
 *       own JVM, on the same events in CEP's order, written to a file before its clock starts;
 *       {@code not built} when the {@code benchmarks-esper} module is not packaged. It has the CEP
 *       contenders' time budget for its event loop.
 * </ol>
 *
 * Every brushguard contender but the second runs the streaming job's graph with its control input.
 * Then the event-to-alert latency ({@link EventToAlertLatency}): brushguard on RocksDB, every copy
 * replayed at half the events/s its RocksDB contender sustained in this run (in the full mode four
 * copies, about 40 s through four checkpoints and some 620 alerts, so that its p99 is not one
 * alert's luck with one checkpoint).
 *
 * <p>Reports events/s of each (timed from the first event the replay emits to the job's end, so
 * neither the job's start nor the replay's generation of the platform count; Esper's from its first
 * event to its last) and its ratio to the pass-through, then the detections of CEP and brushguard
 * per family side by side ({@link FamilyCounts}): CEP on the heap against the brushguard heap
 * contender on all events, with Esper's matches and units and whether they are CEP's and
 * brushguard's, CEP on RocksDB against brushguard (on the heap, untimed) on the same prefix. Kafka
 * and Avro decoding are not part of this workload.
 *
 * <p>Every run with checkpoints prints, under its time, the longest synchronous phase of each of
 * its completed checkpoints (the stop of the task it ran in, from Flink's checkpoint statistics,
 * {@link LocalJobs.SyncPhases}): their mean, the longest and its task. The table repeats that for
 * the latency run and for the RocksDB row's median run. A run of 10 s has at most one checkpoint.
 */
public final class ThroughputBenchmark {

    private ThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("live")) {
            double rate = args.length > 1 ? Double.parseDouble(args[1]) : 1_000;
            int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 240;
            Duration bufferTimeout =
                    args.length > 3 ? Duration.ofMillis(Long.parseLong(args[3])) : null;
            live(rate, seconds, bufferTimeout, false, System.out);
            return;
        }
        if (args.length > 0 && args[0].equals("cep-rocksdb")) {
            int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
            SustainedCep.run(seconds, false, System.out);
            return;
        }
        boolean quick = args.length > 0 && args[0].equals("quick");
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : (quick ? 1 : 4);
        int runs = args.length > 2 ? KafkaThroughputBenchmark.runs(args[2]) : (quick ? 1 : 3);
        run(copies, quick, runs, System.out);
    }

    /**
     * Mode {@code live}: the job's graph on RocksDB (the job's settings, checkpoints every 10 s)
     * fed as a live platform feeds it: {@code rate} events a second for {@code seconds}, each
     * event's time the wall-clock time it is sent at, watermarks 2 minutes behind (the job's
     * default out-of-orderness). So every operator that orders raw events holds 2 minutes of them
     * through twelve checkpoints, which no replay shows (a replay sends two days in a minute or
     * two). The figure is the CPU the whole process spends per event, not a throughput: the rate is
     * fixed, and the table says whether the job kept up with it. The events are the generated
     * platform's, retimed, so windows hold more of them than on the platform: the alerts are not
     * those of a replay. Each alert's latency is the time it leaves the graph minus its event time
     * (the time its last event was sent), so it includes the 2 minutes of out-of-orderness every
     * event waits. {@code bufferTimeout}: the network buffer timeout, null for the job's.
     */
    static void live(
            double rate, int seconds, Duration bufferTimeout, boolean quick, PrintStream out)
            throws Exception {
        long total = (long) (rate * seconds);
        int perCopy = PlatformGenerator.generate(config(quick)).events().size();
        int copies = (int) Math.max(1, (total + perCopy - 1) / perCopy);
        out.printf(
                "brushguard throughput benchmark (live mode%s), %s%n",
                quick ? ", quick" : "", Instant.now());
        out.println(Machine.describe());
        Configuration conf = new Configuration();
        if (bufferTimeout != null) {
            conf.set(ExecutionOptions.BUFFER_TIMEOUT, bufferTimeout);
        }
        out.printf(
                "workload: %,d events at %,.0f events/s (%d s), event time = the time sent,"
                        + " watermarks 2 minutes behind, RocksDB, checkpoints every 10 s,"
                        + " parallelism 2, network buffer timeout %d ms%s%n",
                total,
                rate,
                seconds,
                (bufferTimeout == null ? BrushguardJob.BUFFER_TIMEOUT : bufferTimeout).toMillis(),
                bufferTimeout == null ? " (the job's)" : "");
        out.println(idleWriteBackLine());
        Path checkpoints = Files.createTempDirectory("brushguard-bench-cp-");
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        rocksDbCheckpointed(conf, checkpoints, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        DataStream<PlatformEvent> events =
                replayStream(env, total, quick, copies, new LivePace(rate), Duration.ofMinutes(2));
        brushguard(env, events, true)
                .process(new LiveAlerts(total))
                .returns(TypeInformation.of(RiskAlert.class))
                .sinkTo(new DiscardingSink<>());
        LivePace.SENT.set(0);
        LivePace.ALERTS.set(0);
        EventToAlertLatency.reset();
        env.execute("live pace");
        long end = System.nanoTime();
        long cpuEnd = LivePace.cpuNanos();
        double wall = (end - LivePace.FIRST_AT.get()) / 1e9;
        double sending = (LivePace.LAST_AT.get() - LivePace.FIRST_AT.get()) / 1e9;
        double cpu = (cpuEnd - LivePace.CPU_AT_FIRST.get()) / 1e9;
        long sent = LivePace.SENT.get();
        out.printf(
                "%n%-34s %12s %12s %12s %12s %14s%n",
                "run", "events", "sent/s", "wall s", "CPU s", "CPU µs/event");
        out.printf(
                "%-34s %,12d %,12.0f %12.1f %12.1f %14.1f%n",
                "brushguard RocksDB, live pace",
                sent,
                sent / Math.max(sending, 1e-9),
                wall,
                cpu,
                cpu * 1e6 / Math.max(sent, 1));
        out.printf(
                "kept up with %,.0f events/s: %s (the last event sent %.1f s after the first, of"
                        + " %d s planned); %,d alerts%n",
                rate,
                sending <= seconds * 1.05 + 1 ? "yes" : "no",
                sending,
                seconds,
                LivePace.ALERTS.get());
        EventToAlertLatency.Result.of(EventToAlertLatency.LATENCIES)
                .print(out, "event-to-alert latency while sending (2 min wait included)", rate);
        org.apache.flink.util.FileUtils.deleteDirectory(checkpoints.toFile());
    }

    /**
     * Counts the alerts and notes the latency of those that leave while events are still sent: now
     * minus the alert's event time (the time its event was sent). The alerts the end of the input
     * flushes out (its final watermark) are counted, not timed.
     */
    static final class LiveAlerts extends ProcessFunction<RiskAlert, RiskAlert> {
        private final long total;

        LiveAlerts(long total) {
            this.total = total;
        }

        @Override
        public void processElement(RiskAlert alert, Context ctx, Collector<RiskAlert> out) {
            LivePace.ALERTS.incrementAndGet();
            Long at = ctx.timestamp();
            if (at != null && LivePace.SENT.get() < total) {
                EventToAlertLatency.LATENCIES.add(System.currentTimeMillis() - at);
            }
            out.collect(alert);
        }
    }

    /**
     * Sends events at a fixed rate, each retimed to the wall-clock time it is sent at; notes when
     * the first and last were sent and the process's CPU time at the first.
     */
    static final class LivePace extends RichMapFunction<PlatformEvent, PlatformEvent> {
        static final AtomicLong SENT = new AtomicLong();
        static final AtomicLong ALERTS = new AtomicLong();
        static final AtomicLong FIRST_AT = new AtomicLong();
        static final AtomicLong LAST_AT = new AtomicLong();
        static final AtomicLong CPU_AT_FIRST = new AtomicLong();

        private final double perSecond;
        private transient long start;
        private transient long count;

        LivePace(double perSecond) {
            this.perSecond = perSecond;
        }

        static long cpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean)
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        @Override
        public PlatformEvent map(PlatformEvent e) {
            if (count == 0) {
                start = System.nanoTime();
                FIRST_AT.set(start);
                CPU_AT_FIRST.set(cpuNanos());
            }
            long due = start + (long) (count++ * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            LAST_AT.set(System.nanoTime());
            SENT.incrementAndGet();
            return Replay.shift(e, System.currentTimeMillis() - e.eventTime(), "");
        }
    }

    public static void run(int copies, boolean quick, PrintStream out) throws Exception {
        run(copies, quick, 1, out);
    }

    /**
     * The table, each timed contender run {@code runs} times one after the other (Esper as many
     * times in its own JVM), so that the later runs find the JIT's code compiled, as a job running
     * for hours does; a row is the median run by events/s ({@link #median}). The runs of a
     * contender whose detections are counted must flag the same units each time: a line says
     * whether they all did.
     */
    public static void run(int copies, boolean quick, int runs, PrintStream out) throws Exception {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        }
        Repeats repeats = new Repeats(runs, quick, copies, out);
        int perCopy = PlatformGenerator.generate(config(quick)).events().size();
        long total = (long) perCopy * copies;
        long prefix = Math.min(total, quick ? QUICK_CEP_ROCKSDB_PREFIX : CEP_ROCKSDB_PREFIX);
        Duration budget = quick ? QUICK_CEP_BUDGET : CEP_BUDGET;
        out.printf(
                "brushguard throughput benchmark (%s mode), %s%n",
                quick ? "quick" : "full", Instant.now());
        out.println(Machine.describe());
        out.printf(
                "workload: %,d events (%d copies of %,d), parallelism 2; %d run%s per contender"
                        + " (the row: the median run by events/s)%n",
                total, copies, perCopy, runs, runs == 1 ? "" : "s");
        out.println(idleWriteBackLine());
        DetectionRules rules = DetectionRules.defaults();
        if (!quick) {
            // Untimed: one copy through the job's graph on RocksDB and on the heap, so that the
            // JIT has compiled the detectors and RocksDB's native paths before any timed row
            // (else the first rows pay for it: the second RocksDB row ran twice as fast as the
            // first, whichever settings each had).
            for (String backend : new String[] {"rocksdb", "hashmap"}) {
                measure(
                        "warm-up, not counted (" + backend + ")",
                        false,
                        1,
                        perCopy,
                        backend,
                        true,
                        (env, events) -> discard(brushguard(env, events, true)),
                        null,
                        out);
            }
        }
        double pass =
                repeats.row(
                                null,
                                "pass-through (keyed by order)",
                                total,
                                null,
                                false,
                                ThroughputBenchmark::passThrough,
                                null)
                        .perSecond();
        double heap =
                repeats.row(
                                RUN_BRUSHGUARD_HEAP,
                                "brushguard, heap state",
                                total,
                                "hashmap",
                                false,
                                (env, events) ->
                                        FamilyCounts.record(
                                                CepFamilies.ofBrushguard(
                                                        brushguard(env, events, true), rules),
                                                RUN_BRUSHGUARD_HEAP),
                                null)
                        .perSecond();
        double heapFixed =
                repeats.row(
                                null,
                                "brushguard, heap, no live changes",
                                total,
                                "hashmap",
                                false,
                                (env, events) -> discard(brushguard(env, events, false)),
                                null)
                        .perSecond();
        Run rocksRun =
                repeats.row(
                        null,
                        "brushguard, RocksDB, checkpoints 10 s",
                        total,
                        "rocksdb",
                        true,
                        (env, events) -> discard(brushguard(env, events, true)),
                        null);
        double rocks = rocksRun.perSecond();
        double rocksFlinkDefaults =
                repeats.row(
                                null,
                                "brushguard, RocksDB with Flink's defaults",
                                total,
                                "rocksdb",
                                false,
                                (env, events) -> discard(brushguard(env, events, true)),
                                null)
                        .perSecond();
        DetectionRules core = CepFamilies.coreRulesOnly();
        double coreHeap =
                repeats.row(
                                RUN_BRUSHGUARD_CORE,
                                "brushguard, heap, 3 core rules only",
                                total,
                                "hashmap",
                                false,
                                (env, events) ->
                                        FamilyCounts.record(
                                                CepFamilies.ofBrushguard(
                                                        brushguard(env, events, true, core), rules),
                                                RUN_BRUSHGUARD_CORE),
                                null)
                        .perSecond();
        double coreRocks =
                repeats.row(
                                null,
                                "brushguard, RocksDB, 3 core rules only",
                                total,
                                "rocksdb",
                                true,
                                (env, events) -> discard(brushguard(env, events, true, core)),
                                null)
                        .perSecond();
        Run cepHeap =
                repeats.row(
                        RUN_CEP_HEAP,
                        "flink CEP (3 families), heap",
                        total,
                        "hashmap",
                        false,
                        (env, events) ->
                                FamilyCounts.record(
                                        CepFamilies.attach(events, rules), RUN_CEP_HEAP),
                        budget);
        Optional<FamilyResult> esper =
                EsperFamiliesContender.run(
                        replayed(quick, copies, total), rules, budget, runs, out);
        Run cepRocks =
                repeats.row(
                        RUN_CEP_ROCKSDB,
                        "flink CEP (3 families), RocksDB",
                        prefix,
                        "rocksdb",
                        false,
                        (env, events) ->
                                FamilyCounts.record(
                                        CepFamilies.attach(events, rules), RUN_CEP_ROCKSDB),
                        budget);
        // Not a contender: brushguard's detections on the prefix CEP ran on RocksDB, for the
        // counts side by side.
        measure(
                "brushguard, heap, prefix (counts only)",
                quick,
                copies,
                prefix,
                "hashmap",
                false,
                (env, events) ->
                        FamilyCounts.record(
                                CepFamilies.ofBrushguard(brushguard(env, events, true), rules),
                                RUN_BRUSHGUARD_PREFIX),
                null,
                out);

        // Latency at half the rate brushguard sustained on RocksDB in this run (quick mode: a short
        // run that only shows the probe works).
        double halfRate = quick ? 2_000 : rocks / 2;
        long latencyEvents = quick ? Math.min(total, 4_000) : total;
        EventToAlertLatency.reset();
        Run latencyRun =
                measure(
                        "brushguard, RocksDB, at half that rate",
                        quick,
                        copies,
                        latencyEvents,
                        "rocksdb",
                        true,
                        (env, events) ->
                                discard(
                                        brushguard(
                                                        env,
                                                        events.map(
                                                                        new EventToAlertLatency
                                                                                .Throttle(halfRate))
                                                                .setParallelism(1)
                                                                .name("throttle"),
                                                        true)
                                                .process(new EventToAlertLatency.Measure())
                                                .name("latency")),
                        null,
                        out);
        EventToAlertLatency.Result latency =
                EventToAlertLatency.Result.of(EventToAlertLatency.LATENCIES);

        out.printf("%n%-58s %14s %10s%n", "contender", "events/s", "ratio");
        row(out, "pass-through", pass, pass);
        row(out, "brushguard heap", heap, pass);
        row(out, "brushguard heap, no live changes", heapFixed, pass);
        row(out, "brushguard RocksDB", rocks, pass);
        row(out, "brushguard RocksDB, Flink's defaults", rocksFlinkDefaults, pass);
        row(out, "brushguard heap, 3 core rules only", coreHeap, pass);
        row(out, "brushguard RocksDB, 3 core rules only", coreRocks, pass);
        row(out, "flink CEP (3 families), heap" + cepHeap.label(total), cepHeap.perSecond(), pass);
        row(
                out,
                "flink CEP (3 families), RocksDB" + cepRocks.label(total),
                cepRocks.perSecond(),
                pass);
        Run esperRun =
                esper.map(r -> new Run(r.events(), r.of(), r.seconds(), r.finished())).orElse(null);
        if (esperRun == null) {
            out.printf("%-58s %14s%n", EsperFamiliesContender.LABEL, "not built");
        } else {
            row(
                    out,
                    EsperFamiliesContender.LABEL + esperRun.label(total),
                    esperRun.perSecond(),
                    pass);
        }
        out.printf(
                "brushguard heap / flink CEP heap: %.1f x (target >= 2)%s%n",
                heap / cepHeap.perSecond(),
                cepHeap.finished() ? "" : "; CEP's figure is over a partial run");
        out.printf(
                "brushguard RocksDB / flink CEP RocksDB: %.1f x (target >= 100)%s%n",
                rocks / cepRocks.perSecond(),
                cepRocks.events() == total && cepRocks.finished()
                        ? ""
                        : "; CEP's figure is over the first events only, when state is small");
        out.printf(
                "with the same 3 rules: brushguard heap / flink CEP heap: %.1f x, brushguard"
                        + " RocksDB / flink CEP RocksDB: %.1f x%n",
                coreHeap / cepHeap.perSecond(), coreRocks / cepRocks.perSecond());
        if (esperRun != null) {
            out.printf(
                    "with the same 3 rules: brushguard heap / esper: %.2f x, flink CEP heap /"
                            + " esper: %.2f x%s%n",
                    coreHeap / esperRun.perSecond(),
                    cepHeap.perSecond() / esperRun.perSecond(),
                    esperRun.finished() ? "" : "; Esper's figure is over a partial run");
        }
        latency.print(
                out,
                String.format("event-to-alert latency, RocksDB, %,d events", latencyEvents),
                halfRate);
        out.printf("checkpoints of the latency run: %s%n", latencyRun.sync().describe());
        out.printf(
                "checkpoints of brushguard RocksDB's median run: %s%n", rocksRun.sync().describe());
        boolean same = true;
        for (FamilyAlert.Family f : FamilyAlert.Family.values()) {
            same &=
                    FamilyCounts.of(RUN_BRUSHGUARD_CORE)
                            .units(f)
                            .equals(FamilyCounts.of(RUN_BRUSHGUARD_HEAP).units(f));
        }
        out.printf(
                "brushguard with the 3 core rules only flags the same units as with all rules:"
                        + " %s%n",
                same ? "yes" : "NO");
        repeats.printAgreement();

        out.println();
        if (cepHeap.finished()) {
            FamilyResult esperDetections =
                    esperRun != null && esperRun.finished() ? esper.get() : null;
            FamilyCounts.printSideBySide(
                    FamilyCounts.of(RUN_CEP_HEAP),
                    FamilyCounts.of(RUN_BRUSHGUARD_HEAP),
                    esperDetections,
                    String.format(
                            "detections on all %,d events, flink CEP heap vs brushguard heap%s"
                                    + " (bg: brushguard; units: distinct shops or orders flagged)",
                            total, esperDetections != null ? " vs esper" : ""),
                    out);
            if (esperRun == null) {
                out.println("detections of esper: not built");
            } else if (!esperRun.finished()) {
                out.println("detections of esper: not comparable (partial run)");
            }
        } else {
            out.println("detections of flink CEP heap: not comparable (partial run)");
        }
        if (cepRocks.finished()) {
            FamilyCounts.printSideBySide(
                    FamilyCounts.of(RUN_CEP_ROCKSDB),
                    FamilyCounts.of(RUN_BRUSHGUARD_PREFIX),
                    String.format(
                            "detections on the first %,d events, flink CEP RocksDB vs brushguard"
                                    + " heap on the same events",
                            prefix),
                    out);
        } else {
            out.println("detections of flink CEP RocksDB: not comparable (partial run)");
        }
    }

    /**
     * Untimed: the first {@code events} replayed events of the workload through flink CEP and
     * brushguard (both on the heap) in one job, their detections recorded under {@code cepRun} and
     * {@code brushguardRun} ({@link FamilyCounts#of}).
     */
    public static void countDetections(
            boolean quick,
            int copies,
            long events,
            String cepRun,
            String brushguardRun,
            PrintStream out)
            throws Exception {
        DetectionRules rules = DetectionRules.defaults();
        measure(
                "flink CEP and brushguard, heap (counts only)",
                quick,
                copies,
                events,
                "hashmap",
                false,
                (env, replayed) -> {
                    FamilyCounts.record(CepFamilies.attach(replayed, rules), cepRun);
                    FamilyCounts.record(
                            CepFamilies.ofBrushguard(brushguard(env, replayed, true), rules),
                            brushguardRun);
                },
                null,
                out);
    }

    /** The first {@code total} events of the replay, as the contenders' source emits them. */
    static List<PlatformEvent> replayed(boolean quick, int copies, long total) {
        Replay replay = new Replay(quick, copies);
        replay.open(null);
        List<PlatformEvent> events = new ArrayList<>((int) total);
        for (long i = 0; i < total; i++) {
            events.add(replay.map(i));
        }
        return events;
    }

    /** The number of events of one copy of the workload's platform. */
    public static int eventsPerCopy(boolean quick) {
        return PlatformGenerator.generate(config(quick)).events().size();
    }

    /** Events of the prefix that flink CEP runs on RocksDB (a few hundred events/s), full mode. */
    static final long CEP_ROCKSDB_PREFIX = 20_000;

    static final long QUICK_CEP_ROCKSDB_PREFIX = 2_000;

    /** Time budget of each flink CEP contender from its job's submission. */
    static final Duration CEP_BUDGET = Duration.ofSeconds(300);

    static final Duration QUICK_CEP_BUDGET = Duration.ofSeconds(60);

    /** Names under which the runs record their detections ({@link FamilyCounts}). */
    static final String RUN_CEP_HEAP = "throughput: flink CEP heap";

    static final String RUN_BRUSHGUARD_HEAP = "throughput: brushguard heap";
    static final String RUN_BRUSHGUARD_CORE = "throughput: brushguard heap, 3 core rules";
    static final String RUN_CEP_ROCKSDB = "throughput: flink CEP RocksDB, prefix";
    static final String RUN_BRUSHGUARD_PREFIX = "throughput: brushguard heap, prefix";

    private static void row(PrintStream out, String name, double perSecond, double pass) {
        out.printf("%-58s %,14.0f %10.2f%n", name, perSecond, perSecond / pass);
    }

    /**
     * The state caches' idle write-back interval the runs with the job's settings take: the JVM's
     * system property {@code brushguard.state-cache.idle-write-back-ms} ({@code run.sh} sets it
     * from {@code BRUSHGUARD_IDLE_WRITE_BACK_MS}; 0: off), the job's default ({@link
     * StateCache#DEFAULT_IDLE_WRITE_BACK_MS}) when unset. A value that is not a whole number >= 0
     * is refused before any run.
     */
    static long idleWriteBackMs() {
        String value = idleWriteBackProperty();
        return value == null
                ? StateCache.DEFAULT_IDLE_WRITE_BACK_MS
                : StateCache.idleWriteBackMs(value, "-D" + StateCache.IDLE_WRITE_BACK_PARAMETER);
    }

    /** The system property of {@link #idleWriteBackMs}, trimmed; null when unset or blank. */
    private static String idleWriteBackProperty() {
        String value = System.getProperty(StateCache.IDLE_WRITE_BACK_PARAMETER);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The line every run prints: what the idle write-back of the RocksDB runs was. */
    static String idleWriteBackLine() {
        long ms = idleWriteBackMs();
        String value = idleWriteBackProperty();
        String source =
                value == null
                        ? "the job's default"
                        : StateCache.IDLE_WRITE_BACK_PARAMETER + "=" + value;
        return "state caches' idle write-back (RocksDB runs with the job's settings): "
                + (ms == 0 ? "off" : "every " + ms + " ms")
                + " ("
                + source
                + ")";
    }

    /**
     * RocksDB's runs: incremental checkpoints every 10 s, exactly once, into {@code checkpoints};
     * with the job's RocksDB and latency settings if {@code jobSettings}, and the idle write-back
     * of {@link #idleWriteBackMs}.
     */
    private static void rocksDbCheckpointed(
            Configuration conf, Path checkpoints, boolean jobSettings) {
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        if (jobSettings) {
            BrushguardJob.rocksDbSettings(conf);
            BrushguardJob.latencySettings(conf);
            BrushguardJob.idleWriteBack(conf, idleWriteBackMs());
        }
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(10));
        conf.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    }

    /**
     * {@code total} events of {@code copies} copies of the platform, at parallelism 1, through
     * {@code pace} when not null, with event time and watermarks {@code outOfOrderness} behind.
     */
    private static DataStream<PlatformEvent> replayStream(
            StreamExecutionEnvironment env,
            long total,
            boolean quick,
            int copies,
            MapFunction<PlatformEvent, PlatformEvent> pace,
            Duration outOfOrderness) {
        DataStream<PlatformEvent> events =
                env.fromSequence(0, total - 1)
                        .setParallelism(1)
                        .map(new Replay(quick, copies))
                        .setParallelism(1)
                        .returns(TypeInformation.of(PlatformEvent.class));
        if (pace != null) {
            events = events.map(pace).setParallelism(1);
        }
        return events.assignTimestampsAndWatermarks(
                        WatermarkStrategy.<PlatformEvent>forBoundedOutOfOrderness(outOfOrderness)
                                .withTimestampAssigner((e, t) -> e.eventTime()))
                .setParallelism(1);
    }

    /** What a contender runs on the replayed events. */
    interface Graph {
        void build(StreamExecutionEnvironment env, DataStream<PlatformEvent> events);
    }

    /** One measured run: events consumed of those replayed, seconds, finished in its budget. */
    /** A contender's run, repeated. */
    interface Once {
        Run run() throws Exception;
    }

    /**
     * Runs each contender {@code runs} times and keeps its median run; for a contender whose
     * detections are counted ({@link FamilyCounts#record} under a run name, emptied by each run's
     * graph), checks that every run flagged the units of its first.
     */
    static final class Repeats {
        private final int runs;
        private final boolean quick;
        private final int copies;
        private final PrintStream out;
        private final List<String> disagreements = new ArrayList<>();
        private int checked;

        Repeats(int runs, boolean quick, int copies, PrintStream out) {
            this.runs = runs;
            this.quick = quick;
            this.copies = copies;
            this.out = out;
        }

        /**
         * A timed row: the median of {@code runs} runs of {@link #measure} with these arguments;
         * {@code recorded}: the run name its graph counts detections under, or null.
         */
        Run row(
                String recorded,
                String name,
                long total,
                String backend,
                boolean jobSettings,
                Graph graph,
                Duration budget)
                throws Exception {
            return of(
                    recorded,
                    () ->
                            measure(
                                    name,
                                    quick,
                                    copies,
                                    total,
                                    backend,
                                    jobSettings,
                                    graph,
                                    budget,
                                    out));
        }

        /**
         * The median of {@code runs} runs of {@code once}; {@code recorded}: its run name, or null.
         */
        private Run of(String recorded, Once once) throws Exception {
            List<Run> all = new ArrayList<>();
            Map<FamilyAlert.Family, Set<String>> first = null;
            for (int i = 0; i < runs; i++) {
                Run r = once.run();
                all.add(r);
                if (recorded != null && r.finished()) {
                    Map<FamilyAlert.Family, Set<String>> units = unitsOf(recorded);
                    if (first == null) {
                        first = units;
                    } else if (!units.equals(first)) {
                        disagreements.add(
                                String.format(
                                        "%s: run %d flagged other units than run 1%s",
                                        recorded, i + 1, difference(first, units)));
                    }
                }
            }
            if (recorded != null && runs > 1) {
                checked++;
            }
            return median(all);
        }

        /** Whether every repeated, counted contender flagged the same units in each of its runs. */
        void printAgreement() {
            if (runs == 1) {
                return;
            }
            if (disagreements.isEmpty()) {
                out.printf(
                        "every run of the %d contenders whose detections are counted flagged the"
                                + " same units: yes%n",
                        checked);
            } else {
                out.printf(
                        "every run of the contenders whose detections are counted flagged the"
                                + " same units: NO (%s)%n",
                        String.join("; ", disagreements));
            }
        }

        private static Map<FamilyAlert.Family, Set<String>> unitsOf(String recorded) {
            Map<FamilyAlert.Family, Set<String>> units = new EnumMap<>(FamilyAlert.Family.class);
            for (FamilyAlert.Family f : FamilyAlert.Family.values()) {
                units.put(f, FamilyCounts.of(recorded).units(f));
            }
            return units;
        }

        static String difference(
                Map<FamilyAlert.Family, Set<String>> first,
                Map<FamilyAlert.Family, Set<String>> later) {
            StringBuilder b = new StringBuilder();
            for (FamilyAlert.Family f : FamilyAlert.Family.values()) {
                Set<String> missing = new TreeSet<>(first.get(f));
                missing.removeAll(later.get(f));
                Set<String> more = new TreeSet<>(later.get(f));
                more.removeAll(first.get(f));
                if (!missing.isEmpty() || !more.isEmpty()) {
                    b.append(
                            String.format(
                                    ", %s %d missing, %d more", f, missing.size(), more.size()));
                }
            }
            return b.toString();
        }
    }

    /**
     * The median run by events/s (of an even number, the slower of the middle two); a partial run
     * ranks by the events/s over what it consumed.
     */
    static Run median(List<Run> runs) {
        return Median.run(runs, Comparator.comparingDouble(Run::perSecond).reversed());
    }

    record Run(long events, long of, double seconds, boolean finished, LocalJobs.SyncPhases sync) {

        /** A run without checkpoints. */
        Run(long events, long of, double seconds, boolean finished) {
            this(events, of, seconds, finished, LocalJobs.SyncPhases.NONE);
        }

        double perSecond() {
            return events / seconds;
        }

        /** What the table says about the events: nothing when all, else prefix or partial. */
        String label(long all) {
            if (!finished) {
                return of < all
                        ? String.format(" (partial, %,d of the first %,d)", events, of)
                        : String.format(" (partial, %,d of %,d)", events, all);
            }
            return of < all ? String.format(" (prefix, %,d of %,d)", of, all) : "";
        }
    }

    private static void passThrough(
            StreamExecutionEnvironment env, DataStream<PlatformEvent> events) {
        events.keyBy(e -> e.orderId() != null ? e.orderId() : e.review.getReviewId())
                .map(e -> e.eventTime())
                .sinkTo(new DiscardingSink<>());
    }

    /**
     * The streaming job's graph, with its control input when {@code live} (one report request, so
     * the control operator, the catalog broadcast and the live operators all run).
     */
    private static DataStream<RiskAlert> brushguard(
            StreamExecutionEnvironment env, DataStream<PlatformEvent> events, boolean live) {
        return brushguard(env, events, live, DetectionRules.defaults());
    }

    static DataStream<RiskAlert> brushguard(
            StreamExecutionEnvironment env,
            DataStream<PlatformEvent> events,
            boolean live,
            DetectionRules rules) {
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
        return BrushguardJob.detect(events, rules, control);
    }

    static void discard(DataStream<RiskAlert> alerts) {
        alerts.sinkTo(new DiscardingSink<>());
    }

    /**
     * Runs one contender on the first {@code total} replayed events. Time runs from the first event
     * the replay emits to the job's end: the job's start and the replay's generation of the
     * platform (in its {@code open}) are not counted. With a {@code budget} (from the job's
     * submission), a job still running at the budget is cancelled and the run is partial: its
     * events are those the replay had emitted by then.
     */
    static Run measure(
            String name,
            boolean quick,
            int copies,
            long total,
            String backend,
            boolean jobSettings,
            Graph graph,
            Duration budget,
            PrintStream out)
            throws Exception {
        Configuration conf = new Configuration();
        Path checkpoints = null;
        if (backend != null) {
            conf.set(StateBackendOptions.STATE_BACKEND, backend);
        }
        if ("rocksdb".equals(backend)) {
            checkpoints = Files.createTempDirectory("brushguard-bench-cp-");
            rocksDbCheckpointed(conf, checkpoints, jobSettings);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        DataStream<PlatformEvent> events =
                replayStream(env, total, quick, copies, null, Duration.ofMinutes(1));
        graph.build(env, events);
        Replay.EMITTED.set(0);
        Replay.FIRST_EMITTED_AT.set(0);
        long t0 = System.nanoTime();
        LocalJobs.Ended ended = LocalJobs.run(env, name, budget);
        boolean finished = ended.finished();
        long first = Replay.FIRST_EMITTED_AT.get();
        double seconds = (ended.endNanos() - (first == 0 ? t0 : first)) / 1e9;
        long consumed = finished ? total : Math.min(total, Replay.EMITTED.get());
        out.printf(
                "  %-48s %6.1f s%s%n", name, seconds, finished ? "" : " (budget over, cancelled)");
        LocalJobs.SyncPhases sync = ended.syncPhases();
        if (checkpoints != null) {
            out.printf("      %s%n", sync.describe());
            // Best effort: Flink may still be discarding checkpoint files of the finished job,
            // so walking the directory can race with its deletes.
            org.apache.flink.util.FileUtils.deleteDirectoryQuietly(checkpoints.toFile());
        }
        return new Run(consumed, total, seconds, finished, sync);
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

        /** Events emitted by the replays of this JVM since the last reset (one job at a time). */
        static final AtomicLong EMITTED = new AtomicLong();

        /** {@link System#nanoTime()} when the first of those events was emitted (0: none yet). */
        static final AtomicLong FIRST_EMITTED_AT = new AtomicLong();

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
            if (EMITTED.incrementAndGet() == 1) {
                FIRST_EMITTED_AT.set(System.nanoTime());
            }
            int n = events.size();
            PlatformEvent e = events.get((int) (i % n));
            long copy = i / n;
            if (copy == 0) {
                return e;
            }
            return shift(e, copy * span, "c" + copy + "-");
        }

        static PlatformEvent shift(PlatformEvent e, long by, String prefix) {
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
