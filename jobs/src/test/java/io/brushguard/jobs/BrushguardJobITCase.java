package io.brushguard.jobs;

import io.brushguard.avro.DeadLetter;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.control.PatternChange;
import io.brushguard.jobs.generator.GeneratorConfig;
import io.brushguard.jobs.generator.PlatformGenerator;
import io.brushguard.jobs.sink.AvroBytes;
import io.brushguard.jobs.source.EventDecoder;
import io.brushguard.jobs.source.EventTimeAssigner;
import io.brushguard.jobs.source.SourceRecord;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.brushguard.avro.ScanType.CREATED;
import static io.brushguard.avro.ScanType.IN_TRANSIT;
import static io.brushguard.avro.ScanType.OUT_FOR_DELIVERY;
import static io.brushguard.avro.ScanType.PICKED_UP;
import static io.brushguard.avro.ScanType.SIGNED;
import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.created;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.minutes;
import static io.brushguard.patterns.Fixtures.order;
import static io.brushguard.patterns.Fixtures.review;
import static io.brushguard.patterns.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole graph at parallelism 2, so keying and watermarks really cross subtasks. */
class BrushguardJobITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    private static final EventDecoder DECODER =
            new EventDecoder(
                    Map.of(
                            "orders", StreamType.ORDERS,
                            "payments", StreamType.PAYMENTS,
                            "logistics", StreamType.LOGISTICS,
                            "reviews", StreamType.REVIEWS));

    /** One episode of each kind and honest traffic around them, in event-time order. */
    static List<PlatformEvent> platformEvents() {
        List<PlatformEvent> events = new ArrayList<>();
        // Brushing: one buyer orders four times within an hour at shop "brusher".
        for (int i = 0; i < 4; i++) {
            events.add(created("brush-" + i, "ring-1", "brusher", T0 + minutes(10 * i)));
        }
        // Empty parcel: shop "shipper" signs for a parcel that never moved.
        events.add(created("empty-1", "b-e", "shipper", T0));
        events.add(scan("w-empty", "empty-1", CREATED, T0 + hours(1)));
        events.add(scan("w-empty", "empty-1", PICKED_UP, T0 + hours(2)));
        events.add(scan("w-empty", "empty-1", SIGNED, T0 + hours(3)));
        // Malicious reviews: six strangers give shop "victim" one star within two hours.
        for (int i = 0; i < 6; i++) {
            events.add(review("troll-r" + i, "victim", "troll" + i, 1, null, T0 + minutes(20 * i)));
        }
        // Honest traffic: many buyers, real parcels, real customers' bad reviews.
        for (int i = 0; i < 40; i++) {
            String o = "honest-" + i;
            long t = T0 + minutes(3 * i);
            events.add(created(o, "buyer-" + i, "shop-" + (i % 4), t));
            events.add(order(o, "buyer-" + i, "shop-" + (i % 4), OrderStatus.PAID, t + minutes(1)));
            events.add(scan("w-" + i, o, PICKED_UP, t + hours(2)));
            events.add(scan("w-" + i, o, IN_TRANSIT, t + hours(8)));
            events.add(scan("w-" + i, o, OUT_FOR_DELIVERY, t + hours(20)));
            events.add(scan("w-" + i, o, SIGNED, t + hours(22)));
            events.add(
                    review(
                            "r-" + i,
                            "shop-" + (i % 4),
                            "buyer-" + i,
                            i % 3 == 0 ? 1 : 5,
                            o,
                            t + hours(30)));
        }
        events.sort((a, b) -> Long.compare(a.eventTime(), b.eventTime()));
        return events;
    }

    /** {@link #platformEvents} as decoded source records, with one corrupt record at offset 20. */
    static List<SourceRecord> platform() {
        List<SourceRecord> records = new ArrayList<>();
        long offset = 0;
        for (PlatformEvent e : platformEvents()) {
            String topic = e.stream().defaultName();
            byte[] bytes = AvroBytes.encode(e.record());
            records.add(DECODER.decode(topic, 0, offset++, 0L, null, bytes));
            if (offset == 20) {
                records.add(DECODER.decode(topic, 0, offset++, 0L, null, Arrays.copyOf(bytes, 9)));
            }
        }
        return records;
    }

    private record Run(
            List<RiskAlert> alerts, List<DeadLetter> deadLetters, List<RiskAlert> signals) {}

    private static Run run(List<SourceRecord> records, RuntimeExecutionMode mode) throws Exception {
        return run(records, mode, DetectionRules.defaults());
    }

    /** Two declarative patterns: a count with a distinct field, and a sequence with an absence. */
    static DetectionRules withDeclarative() {
        String burst =
                String.join(
                        "\n",
                        "id: test.one-star-burst",
                        "version: 3",
                        "kind: MALICIOUS_REVIEW",
                        "direction: DEFLATE",
                        "subject: SHOP",
                        "severity: HIGH",
                        "enabled: true",
                        "window: 3h",
                        "score: 0.95",
                        "count:",
                        "  stream: reviews",
                        "  where: [rating == 1, order_id is null]",
                        "  distinct: reviewer_id",
                        "  min: 4");
        String noTransit =
                String.join(
                        "\n",
                        "id: test.picked-up-never-in-transit",
                        "version: 1",
                        "kind: EMPTY_PARCEL",
                        "direction: INFLATE",
                        "subject: CARRIER",
                        "severity: MEDIUM",
                        "enabled: true",
                        "window: 8h",
                        "sequence:",
                        "  same: [order_id]",
                        "  steps:",
                        "    - name: picked-up",
                        "      stream: logistics",
                        "      where: [scan == PICKED_UP]",
                        "    - name: in-transit",
                        "      stream: logistics",
                        "      where: [scan == IN_TRANSIT]",
                        "      absent: true");
        List<io.brushguard.patterns.engine.PatternSpec> specs = new ArrayList<>();
        for (String[] f :
                List.of(
                        new String[] {burst, "test.one-star-burst.yaml"},
                        new String[] {noTransit, "test.picked-up-never-in-transit.yaml"})) {
            var read = io.brushguard.patterns.definition.PatternDefinitions.parse(f[0], f[1]);
            assertThat(read.errors()).isEmpty();
            specs.add((io.brushguard.patterns.engine.PatternSpec) read.definitions().get(0).rule());
        }
        return DetectionRules.defaults().withDeclarative(specs);
    }

    private static Run run(
            List<SourceRecord> records, RuntimeExecutionMode mode, DetectionRules rules)
            throws Exception {
        return run(records, mode, rules, false, false);
    }

    /**
     * Runs the graph; {@code live}: with a control input (one REPORT request), so that the live
     * operators run. In streaming the watermark follows every event (5 minutes behind it).
     */
    private static Run run(
            List<SourceRecord> records,
            RuntimeExecutionMode mode,
            DetectionRules rules,
            boolean live,
            boolean rocksDb)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, mode);
        if (rocksDb) {
            conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        DataStream<SourceRecord> source =
                env.fromData(records, TypeInformation.of(SourceRecord.class))
                        .assignTimestampsAndWatermarks(
                                live
                                        ? everyEvent(Duration.ofMinutes(5))
                                        : EventTimeAssigner.strategy(
                                                Duration.ofMinutes(5), Duration.ofSeconds(5)));
        DataStream<PatternChange> control =
                !live
                        ? null
                        : env.fromData(
                                        List.of(
                                                new PatternChange(
                                                        "it",
                                                        PatternChange.Action.REPORT,
                                                        null,
                                                        null,
                                                        null,
                                                        "it")),
                                        TypeInformation.of(PatternChange.class))
                                .setParallelism(1);
        BrushguardJob.Outputs out = BrushguardJob.build(source, rules, control);
        CloseableIterator<RiskAlert> alerts = out.alerts().collectAsync();
        CloseableIterator<DeadLetter> dead = out.deadLetters().collectAsync();
        CloseableIterator<RiskAlert> signals = out.signals().collectAsync();
        env.execute("brushguard ITCase " + mode);
        List<RiskAlert> a = new ArrayList<>();
        alerts.forEachRemaining(a::add);
        List<DeadLetter> d = new ArrayList<>();
        dead.forEachRemaining(d::add);
        List<RiskAlert> s = new ArrayList<>();
        signals.forEachRemaining(s::add);
        return new Run(a, d, s);
    }

    /** A watermark after every event, {@code behind} its largest event time so far. */
    private static WatermarkStrategy<SourceRecord> everyEvent(Duration behind) {
        return WatermarkStrategy.<SourceRecord>forGenerator(
                        ctx ->
                                new WatermarkGenerator<>() {
                                    private long max = Long.MIN_VALUE + behind.toMillis() + 1;

                                    @Override
                                    public void onEvent(
                                            SourceRecord r, long ts, WatermarkOutput out) {
                                        max = Math.max(max, ts);
                                        out.emitWatermark(
                                                new org.apache.flink.api.common.eventtime.Watermark(
                                                        max - behind.toMillis()));
                                    }

                                    @Override
                                    public void onPeriodicEmit(WatermarkOutput out) {}
                                })
                .withTimestampAssigner(new EventTimeAssigner());
    }

    @Test
    void shouldRaiseOneAlertOfEachKindOnTheirEpisodesAndNoneOnHonestTraffic() throws Exception {
        Run run = run(platform(), RuntimeExecutionMode.STREAMING);

        Map<String, String> subjectByKind = new TreeMap<>();
        run.alerts()
                .forEach(
                        a ->
                                subjectByKind.merge(
                                        a.getKind(), a.getEntityId(), (x, y) -> x + "," + y));
        assertThat(subjectByKind)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "BRUSHING", "brusher",
                                "EMPTY_PARCEL", "shipper",
                                "MALICIOUS_REVIEW", "victim"));
        assertThat(run.deadLetters()).hasSize(1);
        assertThat(run.deadLetters().get(0).getOffset()).isEqualTo(20L);
    }

    @Test
    void shouldGiveTheSameAlertsInBatchAsInStreaming() throws Exception {
        List<SourceRecord> records = platform();
        assertThat(ids(run(records, RuntimeExecutionMode.BATCH).alerts()))
                .isEqualTo(ids(run(records, RuntimeExecutionMode.STREAMING).alerts()))
                .hasSize(3);
    }

    /**
     * A generated platform (one day, all kinds of episodes) gives the same alerts and weak signals
     * in batch (each detector orders its input in keyed state) as in streaming, where the
     * detectors' input waits for the watermark in their operators' buffers: with the start
     * definitions and with the live graph, on the heap and on RocksDB (where the detectors' values
     * are cached between checkpoints, taken every 200 ms here). The events come out of order; the
     * watermark follows every event, so buffered events and the detectors' clean-up timers
     * interleave as closely as they can.
     */
    @Test
    void aGeneratedPlatformGivesTheSameAlertsAndSignalsInBatchAsInBothStreamingGraphs()
            throws Exception {
        List<SourceRecord> records = new ArrayList<>();
        long offset = 0;
        GeneratorConfig config =
                GeneratorConfig.defaults()
                        .withDays(1)
                        .withShops(200)
                        .withBuyers(3_000)
                        .withOrdersPerDay(2_000)
                        .withEpisodesPerKind(3);
        // Out of order by up to 2 minutes (inside the 5 minutes the watermark allows): in the
        // order of event time plus a random delay.
        java.util.Random random = new java.util.Random(7);
        Map<PlatformEvent, Long> arrival = new java.util.IdentityHashMap<>();
        List<PlatformEvent> events = new ArrayList<>(PlatformGenerator.generate(config).events());
        events.forEach(e -> arrival.put(e, e.eventTime() + random.nextInt(120_000)));
        events.sort(java.util.Comparator.comparingLong(arrival::get));
        for (PlatformEvent e : events) {
            records.add(
                    DECODER.decode(
                            e.stream().defaultName(),
                            0,
                            offset++,
                            0L,
                            null,
                            AvroBytes.encode(e.record())));
        }
        Run batch =
                run(records, RuntimeExecutionMode.BATCH, DetectionRules.defaults(), false, false);
        assertThat(batch.alerts()).hasSizeGreaterThan(5);
        assertThat(batch.signals()).isNotEmpty();
        for (boolean[] liveRocksDb :
                new boolean[][] {{false, false}, {true, false}, {true, true}}) {
            boolean live = liveRocksDb[0];
            boolean rocksDb = liveRocksDb[1];
            Run streaming =
                    run(
                            records,
                            RuntimeExecutionMode.STREAMING,
                            DetectionRules.defaults(),
                            live,
                            rocksDb);
            assertThat(streaming.deadLetters()).as("nothing late").isEmpty();
            assertThat(ids(streaming.alerts()))
                    .as("live=%s rocksDb=%s", live, rocksDb)
                    .isEqualTo(ids(batch.alerts()));
            assertThat(ids(streaming.signals()))
                    .as("live=%s rocksDb=%s", live, rocksDb)
                    .isEqualTo(ids(batch.signals()));
        }
    }

    @Test
    void declarativePatternsAlertOnTheirEpisodesAloneAndTheSameInBatchAsInStreaming()
            throws Exception {
        List<SourceRecord> records = platform();
        Run streaming = run(records, RuntimeExecutionMode.STREAMING, withDeclarative());
        List<RiskAlert> declarative =
                streaming.alerts().stream().filter(a -> a.getRuleId().startsWith("test.")).toList();
        assertThat(declarative)
                .extracting(a -> a.getRuleId() + " v" + a.getRuleVersion() + " " + a.getEntityId())
                // Six trolls: the first four make the alert, the two after them are too few.
                .containsExactlyInAnyOrder(
                        "test.one-star-burst v3 victim",
                        "test.picked-up-never-in-transit v1 carrier-1");
        RiskAlert parcel =
                declarative.stream()
                        .filter(a -> a.getRuleId().equals("test.picked-up-never-in-transit"))
                        .findFirst()
                        .orElseThrow();
        assertThat(parcel.getOrderIds()).containsExactly("empty-1");
        assertThat(ids(run(records, RuntimeExecutionMode.BATCH, withDeclarative()).alerts()))
                .isEqualTo(ids(streaming.alerts()));
    }

    private static List<String> ids(List<RiskAlert> alerts) {
        return alerts.stream().map(RiskAlert::getAlertId).sorted().collect(Collectors.toList());
    }
}
