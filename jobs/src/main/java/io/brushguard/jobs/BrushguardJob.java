package io.brushguard.jobs;

import io.brushguard.avro.DeadLetter;
import io.brushguard.avro.RegulatorAlert;
import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.config.EventTimeOptions;
import io.brushguard.jobs.config.JobOptions;
import io.brushguard.jobs.config.KafkaOptions;
import io.brushguard.jobs.config.PostgresOptions;
import io.brushguard.jobs.control.ControlTopics;
import io.brushguard.jobs.control.DetectorFactory;
import io.brushguard.jobs.control.LaneHead;
import io.brushguard.jobs.control.LiveDetectorOperator;
import io.brushguard.jobs.control.LiveFanOut;
import io.brushguard.jobs.control.PatternChange;
import io.brushguard.jobs.control.PatternChangeDeserializer;
import io.brushguard.jobs.control.PatternControlFunction;
import io.brushguard.jobs.control.PatternStatus;
import io.brushguard.jobs.control.RuleSwitch;
import io.brushguard.jobs.control.SelectLanes;
import io.brushguard.jobs.regulator.PseudonymKeySource;
import io.brushguard.jobs.regulator.RegulatorAlertFunction;
import io.brushguard.jobs.sink.CreditStoreSchema;
import io.brushguard.jobs.sink.KafkaSinks;
import io.brushguard.jobs.sink.ListCandidateStatements;
import io.brushguard.jobs.sink.PostgresChecks;
import io.brushguard.jobs.sink.PostgresSink;
import io.brushguard.jobs.sink.RegulatorAlertStatements;
import io.brushguard.jobs.sink.RiskAlertStatements;
import io.brushguard.jobs.source.DeadLetters;
import io.brushguard.jobs.source.EventDecoder;
import io.brushguard.jobs.source.EventRouter;
import io.brushguard.jobs.source.EventTimeAssigner;
import io.brushguard.jobs.source.KafkaEventDeserializer;
import io.brushguard.jobs.source.SourceRecord;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.brushing.OrderConcentrationDetector;
import io.brushguard.patterns.brushing.OrderConcentrationRule;
import io.brushguard.patterns.combine.AlertGate;
import io.brushguard.patterns.common.OrderedProcessOperator;
import io.brushguard.patterns.common.StateCache;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderTimelineFunction;
import io.brushguard.patterns.credit.CreditFact;
import io.brushguard.patterns.credit.ListCandidate;
import io.brushguard.patterns.credit.ListCandidateFunction;
import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.engine.CatalogUpdate;
import io.brushguard.patterns.engine.EngineRouter;
import io.brushguard.patterns.engine.Lane;
import io.brushguard.patterns.engine.PatternEngineOperator;
import io.brushguard.patterns.engine.PatternSpec;
import io.brushguard.patterns.engine.RoutedEvent;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.parcel.SignedWithoutTransitDetector;
import io.brushguard.patterns.parcel.SignedWithoutTransitRule;
import io.brushguard.patterns.review.LowRatingBurstDetector;
import io.brushguard.patterns.review.LowRatingBurstRule;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.rocksdb.CompressionType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The brushguard streaming job: Kafka in, detection, risk alerts and dead letters out.
 *
 * <p>{@link #build} and {@link #detect} hold the graph and take and return streams only, so that
 * the Kafka job, the backtest and the tests all run the same code. {@link #main} only wires I/O.
 */
public final class BrushguardJob {

    /** uid of the routing operator; stable across versions (savepoints depend on uids). */
    public static final String UID_ROUTE = "route-events";

    public static final String UID_ORDER_CONCENTRATION = "detector-brushing-order-concentration";
    public static final String UID_SIGNED_WITHOUT_TRANSIT =
            "detector-empty-parcel-signed-without-transit";
    public static final String UID_LOW_RATING_BURST = "detector-malicious-review-low-rating-burst";
    public static final String UID_ORDER_TIMELINE = "correlate-order-timeline";
    public static final String UID_GATE = "gate-alerts";
    public static final String UID_SHADOW_SPLIT = "split-shadow-candidates";
    public static final String UID_LIST_CANDIDATES = "credit-list-candidates";
    public static final String UID_REGULATOR_FEED = "regulator-pseudonymise";
    public static final String UID_PATTERN_CONTROL = "pattern-control";
    public static final String UID_ENGINE_ROUTE = "engine-route";
    public static final String UID_ENGINE = "engine-patterns";

    private BrushguardJob() {}

    /**
     * What the graph produces: alerts, dead letters, and the weak signals that did not (yet) make
     * an alert (for analysis; never part of the alert feed). {@code shadowAlerts} and {@code
     * shadowSignals} are the conclusive and the weak candidates of the rules in shadow mode: they
     * never reach the gate, so they are in none of the other outputs, and only {@code shadowAlerts}
     * is published (topic {@code shadow-alerts}).
     */
    public record Outputs(
            DataStream<RiskAlert> alerts,
            DataStream<DeadLetter> deadLetters,
            DataStream<RiskAlert> signals,
            DataStream<ListCandidate> listCandidates,
            DataStream<RiskAlert> shadowAlerts,
            DataStream<RiskAlert> shadowSignals,
            DataStream<PatternStatus> patternStatus) {}

    /**
     * The whole graph after the source: dead letters and late events split off, the rest detected.
     */
    public static Outputs build(DataStream<SourceRecord> records, DetectionRules rules) {
        return build(records, rules, null);
    }

    /**
     * The whole graph after the source, with live definition changes from {@code control} (null:
     * the start definitions only, as in a backtest). Changes go through the control operator, which
     * checks each one and answers on {@link Outputs#patternStatus()}; accepted ones reach the
     * pattern engine, its router and the rule switch in front of the gate.
     */
    public static Outputs build(
            DataStream<SourceRecord> records,
            DetectionRules rules,
            DataStream<PatternChange> control) {
        SingleOutputStreamOperator<PlatformEvent> events =
                records.process(new EventRouter())
                        .returns(TypeInformation.of(PlatformEvent.class))
                        .uid(UID_ROUTE)
                        .name("route: dead letters and late events aside");
        Live live = control == null ? null : live(control, rules);
        SingleOutputStreamOperator<RiskAlert> split =
                splitShadow(candidates(events, correlate(events, rules), rules, live), rules, live);
        SingleOutputStreamOperator<RiskAlert> alerts = gate(split, rules);
        return new Outputs(
                alerts,
                events.getSideOutput(DeadLetters.TAG),
                alerts.getSideOutput(AlertGate.SIGNALS),
                listCandidates(events, alerts, rules),
                split.getSideOutput(ShadowSplit.SHADOW_ALERTS),
                split.getSideOutput(ShadowSplit.SHADOW_SIGNALS),
                live == null ? null : live.status());
    }

    /** The live catalog: its updates, broadcast to every subtask, and the control's answers. */
    record Live(
            LiveCatalog catalog,
            DataStream<CatalogUpdate> updates,
            DataStream<PatternStatus> status) {

        /**
         * {@code lanes} shuffled once by key to a {@link LaneHead} (uid {@code uid}), which lets in
         * the definition changes: the detectors on the result are chained to the head.
         */
        <IN> KeyedStream<Lane<IN>, String> lanes(
                DataStream<Lane<IN>> lanes, String uid, String name) {
            SingleOutputStreamOperator<Lane<IN>> head =
                    lanes.keyBy(Lane.keySelector(), Types.STRING)
                            .connect(updates)
                            .transform(name, lanes.getType(), new LaneHead<IN>())
                            .uid(uid);
            return DataStreamUtils.reinterpretAsKeyedStream(head, Lane.keySelector(), Types.STRING);
        }

        /**
         * The lanes of the detectors of {@code selections}, which select by the event alone,
         * whatever their parameters ({@link SelectLanes}, chained to {@code events}).
         */
        <IN> DataStream<Lane<IN>> select(
                DataStream<IN> events,
                List<LiveFanOut.Selection<IN>> selections,
                String uid,
                String name) {
            return events.flatMap(new SelectLanes<>(selections))
                    .returns(Lane.typeInfo(events.getType()))
                    .uid(uid)
                    .name(name);
        }

        /**
         * The alert detector of {@code selection}, the {@code detector}-th behind the head of
         * {@code lanes}; the caller sets its uid.
         */
        <IN> SingleOutputStreamOperator<RiskAlert> alertDetector(
                KeyedStream<Lane<IN>, String> lanes,
                int detector,
                LiveFanOut.Selection<IN> selection,
                String name) {
            Lane.LaneTypeInfo<IN> type = (Lane.LaneTypeInfo<IN>) lanes.getType();
            return detector(
                    lanes,
                    detector,
                    type.eventType(),
                    name,
                    TypeInformation.of(RiskAlert.class),
                    selection.ruleId(),
                    selection.startRule(),
                    selection.alertFactory());
        }

        /**
         * A built-in rule's keyed operator that follows its deployed versions ({@link
         * LiveDetectorOperator}), the {@code detector}-th behind the head of {@code lanes}; the
         * caller sets its uid.
         */
        <IN, OUT> SingleOutputStreamOperator<OUT> detector(
                KeyedStream<Lane<IN>, String> lanes,
                int detector,
                TypeInformation<IN> eventType,
                String name,
                TypeInformation<OUT> type,
                String ruleId,
                Object startRule,
                DetectorFactory<IN, OUT> factory) {
            return lanes.transform(
                    name,
                    type,
                    new LiveDetectorOperator<>(
                            ruleId, detector, startRule, factory, catalog, eventType));
        }
    }

    private static Live live(DataStream<PatternChange> control, DetectionRules rules) {
        LiveCatalog catalog = new LiveCatalog(rules);
        SingleOutputStreamOperator<CatalogUpdate> updates =
                control.process(new PatternControlFunction(catalog))
                        .returns(CatalogUpdate.typeInfo())
                        .setParallelism(1)
                        .setMaxParallelism(1)
                        .uid(UID_PATTERN_CONTROL)
                        .name("control: check and apply definition changes");
        return new Live(
                catalog, updates.broadcast(), updates.getSideOutput(PatternControlFunction.STATUS));
    }

    /**
     * Blacklist and red-list candidates per subject, from the alerts on it and its activity
     * (completed orders of shops, delivered parcels of carriers).
     */
    static DataStream<ListCandidate> listCandidates(
            DataStream<PlatformEvent> events, DataStream<RiskAlert> alerts, DetectionRules rules) {
        DataStream<CreditFact> activity =
                events.flatMap(
                                (PlatformEvent e, Collector<CreditFact> out) -> {
                                    CreditFact f = CreditFact.activityOf(e);
                                    if (f != null) {
                                        out.collect(f);
                                    }
                                })
                        .returns(CreditFact.class)
                        .uid("credit-activity")
                        .name("credit: activity of shops and carriers");
        DataStream<CreditFact> onAlerts =
                alerts.map(CreditFact::of)
                        .returns(CreditFact.class)
                        .uid("credit-alerts")
                        .name("credit: alerts per subject");
        return activity.union(onAlerts)
                .keyBy(CreditFact::subjectKey)
                .process(new ListCandidateFunction(rules.lists()))
                .uid(UID_LIST_CANDIDATES)
                .name("credit: blacklist and red-list candidates");
    }

    /**
     * Every detector over the on-time, valid events, then the gate: conclusive candidates pass,
     * weak signals of several rules on one subject combine into one alert. The candidates of rules
     * in shadow mode are left out (see {@link #build} for their output).
     */
    public static SingleOutputStreamOperator<RiskAlert> detect(
            DataStream<PlatformEvent> events, DetectionRules rules) {
        return detect(events, rules, null);
    }

    /**
     * {@link #detect(DataStream, DetectionRules)} as the streaming job runs it, with live
     * definition changes from {@code control} (null: none).
     */
    public static SingleOutputStreamOperator<RiskAlert> detect(
            DataStream<PlatformEvent> events,
            DetectionRules rules,
            DataStream<PatternChange> control) {
        Live live = control == null ? null : live(control, rules);
        return gate(
                splitShadow(candidates(events, correlate(events, rules), rules, live), rules, live),
                rules);
    }

    /**
     * The candidates of live rules; those of shadow rules go to the side outputs of {@link
     * ShadowSplit}. Always in the graph, whether any rule is in shadow mode or not, so that putting
     * a rule in or out of shadow mode changes no operator.
     */
    static SingleOutputStreamOperator<RiskAlert> splitShadow(
            DataStream<RiskAlert> candidates, DetectionRules rules, Live live) {
        if (live != null) {
            return candidates
                    .connect(live.updates())
                    .transform(
                            "shadow: candidates of shadow and disabled rules aside",
                            TypeInformation.of(RiskAlert.class),
                            new RuleSwitch(live.catalog(), rules.gate().passScore()))
                    .uid(UID_SHADOW_SPLIT);
        }
        return candidates
                .process(new ShadowSplit(rules.shadowRuleIds(), rules.gate().passScore()))
                .returns(RiskAlert.class)
                .uid(UID_SHADOW_SPLIT)
                .name("shadow: candidates of shadow rules aside");
    }

    private static SingleOutputStreamOperator<RiskAlert> gate(
            DataStream<RiskAlert> live, DetectionRules rules) {
        return OrderedProcessOperator.process(
                        live.keyBy(AlertGate.key()),
                        new AlertGate(rules.gate()),
                        TypeInformation.of(RiskAlert.class),
                        "gate: pass conclusive, combine weak signals")
                .uid(UID_GATE);
    }

    /**
     * The correlated events in their two parts: {@code ofOrders}, with an order's story (an
     * operator on it alone is chained to the correlation: no serialisation), and {@code
     * withoutOrder}, the reviews tied to no order, with none.
     */
    public record Correlated(
            DataStream<EnrichedEvent> ofOrders, DataStream<EnrichedEvent> withoutOrder) {

        /**
         * Both streams as one. An operator on it has two inputs, so Flink chains it to neither: it
         * is a task of its own that every event crosses the network to. Operators that keep only
         * some events go on each stream instead ({@link #parts}).
         */
        public DataStream<EnrichedEvent> all() {
            return ofOrders.union(withoutOrder);
        }

        /**
         * The two streams, each in its own chain, with what tells their operators' uids apart: ""
         * for the events of orders (the uids the graph had before), {@code -without-order} for the
         * reviews without one.
         */
        public List<Part<EnrichedEvent>> parts() {
            return List.of(new Part<>(ofOrders, ""), new Part<>(withoutOrder, "-without-order"));
        }
    }

    /** One of a stream's parts, and the suffix of the uids of operators on it. */
    public record Part<T>(DataStream<T> stream, String uidSuffix) {}

    /**
     * Cross-stream correlation: every event with its order's story so far. Reviews not tied to an
     * order pass through with no story.
     */
    public static Correlated correlate(DataStream<PlatformEvent> events, DetectionRules rules) {
        DataStream<EnrichedEvent> ofOrders =
                OrderedProcessOperator.process(
                                events.filter(OrderTimelineFunction::accepts)
                                        .uid("select-events-of-orders")
                                        .name("events of orders")
                                        .keyBy(PlatformEvent::orderId),
                                new OrderTimelineFunction(rules.orderRetention()),
                                TypeInformation.of(EnrichedEvent.class),
                                "correlate: order timelines")
                        .uid(UID_ORDER_TIMELINE);
        DataStream<EnrichedEvent> unattached =
                events.filter(e -> !OrderTimelineFunction.accepts(e))
                        .uid("select-reviews-without-order")
                        .name("reviews without order")
                        .map(e -> new EnrichedEvent(e, null))
                        .returns(TypeInformation.of(EnrichedEvent.class))
                        .uid("wrap-reviews-without-order")
                        .name("reviews without order, no story");
        return new Correlated(ofOrders, unattached);
    }

    /**
     * Every enabled detector's candidate alerts, before the gate. A disabled definition leaves its
     * detector out of the graph.
     */
    static DataStream<RiskAlert> candidates(
            DataStream<PlatformEvent> events,
            Correlated correlated,
            DetectionRules rules,
            Live live) {
        EnrichedDetectors.Attached enriched = EnrichedDetectors.attach(correlated, rules, live);
        List<DataStream<RiskAlert>> all = new ArrayList<>();
        DataStream<RiskAlert> declarative =
                engine(correlated.parts(), enriched.everyEvent(), rules, live);
        if (declarative != null) {
            all.add(declarative);
        }
        List<OnEvents> onEvents = new ArrayList<>();
        OrderConcentrationRule concentration = rules.brushing().orderConcentration();
        if (concentration.meta().enabled()) {
            onEvents.add(
                    new OnEvents(
                            LiveFanOut.Selection.of(
                                    concentration.meta().ruleId(),
                                    OrderConcentrationDetector::accepts,
                                    e -> e.order.getShopId(),
                                    concentration,
                                    r ->
                                            new OrderConcentrationDetector(
                                                    (OrderConcentrationRule) r)),
                            "select-orders-created",
                            "orders created",
                            UID_ORDER_CONCENTRATION,
                            "brushing: order concentration per shop"));
        }
        SignedWithoutTransitRule signed = rules.emptyParcel().signedWithoutTransit();
        if (signed.meta().enabled()) {
            onEvents.add(
                    new OnEvents(
                            LiveFanOut.Selection.of(
                                    signed.meta().ruleId(),
                                    SignedWithoutTransitDetector::accepts,
                                    PlatformEvent::orderId,
                                    signed,
                                    r ->
                                            new SignedWithoutTransitDetector(
                                                    (SignedWithoutTransitRule) r)),
                            "select-orders-and-scans",
                            "orders and scans",
                            UID_SIGNED_WITHOUT_TRANSIT,
                            "empty parcel: signed without transit"));
        }
        LowRatingBurstRule burst = rules.maliciousReview().lowRatingBurst();
        if (burst.meta().enabled()) {
            onEvents.add(
                    OnEvents.lowRatingBurst(
                            burst,
                            "select-paid-orders-and-reviews",
                            UID_LOW_RATING_BURST,
                            "malicious review: unverified low-rating burst"));
        }
        LowRatingBurstRule day = rules.maliciousReview().lowRatingDay();
        if (day.meta().enabled()) {
            onEvents.add(
                    OnEvents.lowRatingBurst(
                            day,
                            "select-paid-orders-and-reviews-day",
                            "detector-" + day.meta().ruleId(),
                            day.meta().ruleId()));
        }
        all.addAll(onEvents(live, events, onEvents));
        all.addAll(enriched.alerts());
        if (all.isEmpty()) {
            throw new IllegalArgumentException("every detector is disabled: nothing to detect");
        }
        DataStream<RiskAlert> first = all.get(0);
        return all.size() == 1
                ? first
                : first.union(all.subList(1, all.size()).toArray(DataStream[]::new));
    }

    /**
     * The general pattern engine over the correlated events: every declarative pattern, of every
     * subject, in one keyed operator behind a router that drops events no pattern uses. With live
     * changes it is always in the graph (a pattern may be deployed any time), on {@code
     * everyEvent}; without, on the correlated events' {@code parts}, only when a declarative
     * pattern is enabled: a router chained to each part, so that only routed events cross the
     * network.
     */
    static DataStream<RiskAlert> engine(
            List<Part<EnrichedEvent>> parts,
            DataStream<Lane<EnrichedEvent>> everyEvent,
            DetectionRules rules,
            Live live) {
        if (live == null) {
            List<PatternSpec> specs =
                    rules.declarative().stream().filter(p -> p.meta().enabled()).toList();
            if (specs.isEmpty()) {
                return null;
            }
            DataStream<RoutedEvent> routed = null;
            for (Part<EnrichedEvent> part : parts) {
                DataStream<RoutedEvent> r =
                        part.stream()
                                .transform(
                                        "engine: route events to the patterns' subjects",
                                        RoutedEvent.typeInfo(),
                                        new EngineRouter.Single(specs))
                                .uid(UID_ENGINE_ROUTE + part.uidSuffix());
                routed = routed == null ? r : routed.union(r);
            }
            return routed.keyBy(RoutedEvent.keySelector())
                    .transform(
                            "engine: declarative patterns",
                            TypeInformation.of(RiskAlert.class),
                            new PatternEngineOperator.Single(specs))
                    .uid(UID_ENGINE);
        }
        // Chained to the built-in detectors' input selection, which passes on every event and
        // definition change: the correlated events cross the network once for both.
        return everyEvent
                .transform(
                        "engine: route events to the patterns' subjects",
                        RoutedEvent.typeInfo(),
                        new EngineRouter.WithControl(live.catalog()))
                .uid(UID_ENGINE_ROUTE)
                .keyBy(RoutedEvent.keySelector())
                .connect(live.updates())
                .transform(
                        "engine: declarative patterns",
                        TypeInformation.of(RiskAlert.class),
                        new PatternEngineOperator.WithControl(rules.declarative(), live.catalog()))
                .uid(UID_ENGINE);
    }

    /**
     * A detector on the routed events themselves (no order story): its input selection, keyed by
     * its subject. The uids are those the first versions shipped with; never change them.
     */
    private record OnEvents(
            LiveFanOut.Selection<PlatformEvent> selection,
            String selectUid,
            String selectName,
            String uid,
            String name) {

        /** A low-rating burst detector (the unverified burst and its one-day variant). */
        static OnEvents lowRatingBurst(
                LowRatingBurstRule rule, String selectUid, String uid, String name) {
            return new OnEvents(
                    LiveFanOut.Selection.of(
                            rule.meta().ruleId(),
                            LowRatingBurstDetector::accepts,
                            LowRatingBurstDetector::shopOf,
                            rule,
                            r -> new LowRatingBurstDetector((LowRatingBurstRule) r)),
                    selectUid,
                    "paid orders and reviews",
                    uid,
                    name);
        }
    }

    /**
     * The detectors on the routed events themselves. Without live changes each has its own chained
     * filter and shuffle. With them, they select by the event alone, whatever their parameters: one
     * selection, chained to the router, shuffles each event once per key it is taken under to one
     * head, with every detector chained behind it.
     */
    private static List<DataStream<RiskAlert>> onEvents(
            Live live, DataStream<PlatformEvent> events, List<OnEvents> detectors) {
        List<DataStream<RiskAlert>> out = new ArrayList<>();
        if (detectors.isEmpty()) {
            return out;
        }
        if (live == null) {
            for (OnEvents d : detectors) {
                LiveFanOut.Selection<PlatformEvent> s = d.selection();
                out.add(
                        OrderedProcessOperator.process(
                                        events.filter(s.accepts())
                                                .uid(d.selectUid())
                                                .name(d.selectName())
                                                .keyBy(s.key()),
                                        s.alertFactory().create(s.startRule()),
                                        TypeInformation.of(RiskAlert.class),
                                        d.name())
                                .uid(d.uid()));
            }
            return out;
        }
        KeyedStream<Lane<PlatformEvent>, String> lanes =
                live.lanes(
                        live.select(
                                events,
                                detectors.stream().map(OnEvents::selection).toList(),
                                "select-events-of-event-detectors",
                                "events of the event detectors"),
                        "lanes-of-event-detectors",
                        "lanes of the event detectors");
        for (int i = 0; i < detectors.size(); i++) {
            OnEvents d = detectors.get(i);
            out.add(live.alertDetector(lanes, i, d.selection(), d.name()).uid(d.uid()));
        }
        return out;
    }

    /** Flink settings for the streaming job: RocksDB, incremental exactly-once checkpoints. */
    public static Configuration flinkConfiguration(Configuration conf) {
        Configuration flink = new Configuration(conf);
        flink.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        flink.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        flink.set(
                CheckpointingOptions.CHECKPOINTING_INTERVAL,
                conf.get(JobOptions.CHECKPOINT_INTERVAL));
        flink.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.getOptional(JobOptions.CHECKPOINT_DIR)
                .ifPresent(dir -> flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir));
        flink.set(PipelineOptions.MAX_PARALLELISM, conf.get(JobOptions.MAX_PARALLELISM));
        // Savepoints map state by operator uid: refuse to build a graph with a generated one.
        flink.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        conf.getOptional(JobOptions.STATE_CACHE_KEYS)
                .ifPresent(keys -> stateCacheKeys(flink, keys));
        conf.getOptional(JobOptions.STATE_CACHE_IDLE_WRITE_BACK_MS)
                .ifPresent(ms -> idleWriteBack(flink, ms));
        return rocksDbSettings(latencySettings(flink));
    }

    /**
     * The buffer timeout the job runs with unless {@code execution.buffer-timeout.interval} is set.
     */
    public static final Duration BUFFER_TIMEOUT = Duration.ofMillis(10);

    /**
     * The job's network buffer timeout ({@link #BUFFER_TIMEOUT}) unless {@code conf} sets one. A
     * record, and a watermark, waits in a part-filled network buffer up to the timeout at each of
     * the graph's network hops (source, correlation, detectors, gate: half a dozen), and the
     * detectors act when the watermark reaches them; with Flink's 100 ms that made half a second of
     * an alert's latency. Measured side by side on the throughput workload: no throughput lost
     * within the machine's noise (benchmarks/HISTORY.md).
     */
    public static Configuration latencySettings(Configuration conf) {
        if (!conf.contains(ExecutionOptions.BUFFER_TIMEOUT)) {
            conf.set(ExecutionOptions.BUFFER_TIMEOUT, BUFFER_TIMEOUT);
        }
        return conf;
    }

    /**
     * Sets how many keys' states every cached operator keeps on the heap ({@link
     * JobOptions#STATE_CACHE_KEYS}): a job parameter, which the operators read when they open.
     */
    public static Configuration stateCacheKeys(Configuration flink, int keys) {
        if (keys < 0) {
            throw new IllegalArgumentException(
                    JobOptions.STATE_CACHE_KEYS.key() + " must be >= 0, got " + keys);
        }
        Map<String, String> parameters =
                new HashMap<>(
                        flink.getOptional(PipelineOptions.GLOBAL_JOB_PARAMETERS).orElse(Map.of()));
        parameters.put(StateCache.KEYS_PARAMETER, Integer.toString(keys));
        flink.set(PipelineOptions.GLOBAL_JOB_PARAMETERS, parameters);
        return flink;
    }

    /**
     * Sets the interval of the state caches' idle write-back ({@link
     * JobOptions#STATE_CACHE_IDLE_WRITE_BACK_MS}, 0: off): a job parameter, which the operators
     * read when they open.
     */
    public static Configuration idleWriteBack(Configuration flink, long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException(
                    JobOptions.STATE_CACHE_IDLE_WRITE_BACK_MS.key() + " must be >= 0, got " + ms);
        }
        Map<String, String> parameters =
                new HashMap<>(
                        flink.getOptional(PipelineOptions.GLOBAL_JOB_PARAMETERS).orElse(Map.of()));
        parameters.put(StateCache.IDLE_WRITE_BACK_PARAMETER, Long.toString(ms));
        flink.set(PipelineOptions.GLOBAL_JOB_PARAMETERS, parameters);
        return flink;
    }

    /**
     * The job's RocksDB settings beyond Flink's defaults, each unless {@code conf} sets it:
     *
     * <ul>
     *   <li>timers on the heap: the detectors' and the engine's timers are few (coarse clean-up
     *       timers, at most a few per key), and on RocksDB every registration and firing is a write
     *       and a seek;
     *   <li>bloom filters: most reads of a key's state find none (a subject's first event in its
     *       window), and the filter answers those without reading the files;
     *   <li>LZ4 compression on every level instead of Snappy: each checkpoint flushes every
     *       memtable on the task thread (RocksDB's native checkpoint, in the synchronous phase),
     *       and LZ4 cut that phase of the busiest task by about 30 %, for files about 6 % larger
     *       (benchmarks/HISTORY.md, "What changed since a39ef0e"). Files written with Snappy before
     *       stay readable: a file records its own compression.
     * </ul>
     *
     * A job restored from a checkpoint taken with RocksDB timers keeps them by setting {@code
     * state.backend.rocksdb.timer-service.factory: ROCKSDB}.
     */
    public static Configuration rocksDbSettings(Configuration conf) {
        if (!conf.contains(RocksDBOptions.TIMER_SERVICE_FACTORY)) {
            conf.set(
                    RocksDBOptions.TIMER_SERVICE_FACTORY,
                    EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
        }
        if (!conf.contains(RocksDBConfigurableOptions.USE_BLOOM_FILTER)) {
            conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        }
        if (!conf.contains(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL)) {
            conf.set(
                    RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL,
                    List.of(CompressionType.LZ4_COMPRESSION));
        }
        return conf;
    }

    /** The four input topics as one source with per-partition watermarks. */
    public static DataStream<SourceRecord> kafkaSource(
            StreamExecutionEnvironment env, Configuration conf) {
        return kafkaSource(env, conf, null);
    }

    /**
     * {@link #kafkaSource(StreamExecutionEnvironment, Configuration)}, bounded when {@code
     * stoppingOffsets} is not null: it ends at those offsets, and the job with it (the throughput
     * benchmark reads topics filled in advance up to {@link OffsetsInitializer#latest()}).
     */
    public static DataStream<SourceRecord> kafkaSource(
            StreamExecutionEnvironment env,
            Configuration conf,
            OffsetsInitializer stoppingOffsets) {
        var topics = KafkaOptions.inputTopics(conf);
        KafkaSourceBuilder<SourceRecord> builder =
                KafkaSource.<SourceRecord>builder()
                        .setBootstrapServers(conf.get(KafkaOptions.BOOTSTRAP_SERVERS))
                        .setGroupId(conf.get(KafkaOptions.GROUP_ID))
                        .setTopics(new ArrayList<>(topics.keySet()))
                        .setStartingOffsets(
                                startingOffsets(conf.get(KafkaOptions.STARTING_OFFSETS)))
                        .setDeserializer(new KafkaEventDeserializer(new EventDecoder(topics)))
                        .setProperty("isolation.level", "read_committed")
                        .setProperty("commit.offsets.on.checkpoint", "true");
        if (stoppingOffsets != null) {
            builder.setBounded(stoppingOffsets);
        }
        KafkaSource<SourceRecord> source = builder.build();
        return env.fromSource(
                        source,
                        EventTimeAssigner.strategy(
                                conf.get(EventTimeOptions.MAX_OUT_OF_ORDERNESS),
                                conf.get(EventTimeOptions.IDLE_TIMEOUT)),
                        "kafka: orders, payments, logistics, reviews")
                .uid("kafka-source");
    }

    /**
     * The control topic, from its start: every definition change ever deployed, so that a job
     * started without a savepoint runs them too. One partition; no event time.
     */
    public static DataStream<PatternChange> controlSource(
            StreamExecutionEnvironment env, Configuration conf) {
        return controlSource(env, conf, null);
    }

    /**
     * {@link #controlSource(StreamExecutionEnvironment, Configuration)}, bounded when {@code
     * stoppingOffsets} is not null (see {@link #kafkaSource(StreamExecutionEnvironment,
     * Configuration, OffsetsInitializer)}).
     */
    public static DataStream<PatternChange> controlSource(
            StreamExecutionEnvironment env,
            Configuration conf,
            OffsetsInitializer stoppingOffsets) {
        KafkaSourceBuilder<PatternChange> builder =
                KafkaSource.<PatternChange>builder()
                        .setBootstrapServers(conf.get(KafkaOptions.BOOTSTRAP_SERVERS))
                        .setGroupId(conf.get(KafkaOptions.GROUP_ID) + "-control")
                        .setTopics(conf.get(KafkaOptions.TOPIC_PATTERN_CONTROL))
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new PatternChangeDeserializer())
                        .setProperty("isolation.level", "read_committed");
        if (stoppingOffsets != null) {
            builder.setBounded(stoppingOffsets);
        }
        KafkaSource<PatternChange> source = builder.build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: pattern-control")
                .setParallelism(1)
                .uid("kafka-pattern-control");
    }

    private static OffsetsInitializer startingOffsets(String value) {
        switch (value) {
            case "earliest":
                return OffsetsInitializer.earliest();
            case "latest":
                return OffsetsInitializer.latest();
            case "committed-or-earliest":
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default:
                throw new IllegalArgumentException(
                        KafkaOptions.STARTING_OFFSETS.key()
                                + " must be earliest, latest or committed-or-earliest, got '"
                                + value
                                + "'");
        }
    }

    /**
     * Attaches the whole pipeline to {@code env}: Kafka source, detection, Kafka sinks (alerts,
     * dead letters, the pseudonymised regulator feed, the alerts of shadow rules) and, when
     * configured, the credit-record store. Checks the pseudonym key and the database at start-up so
     * that a missing key or a wrong URL fails here with a clear message, not mid-stream.
     */
    public static void attach(
            StreamExecutionEnvironment env, Configuration conf, DetectionRules rules) {
        PseudonymKeySource keys = PseudonymKeySource.fromConfiguration(conf);
        keys.load(); // fails now, clearly, when no usable key is configured
        // The database first: its check is the quicker, and a wrong URL is the likelier mistake.
        PostgresOptions.connection(conf).ifPresent(PostgresChecks::checkReachable);
        if (conf.get(KafkaOptions.CREATE_CONTROL_TOPICS)) {
            ControlTopics.ensure(conf);
        }
        attachSinks(conf, build(kafkaSource(env, conf), rules, controlSource(env, conf)), keys);
    }

    /**
     * The job's sinks on the outputs of {@link #build}: everything {@link #attach} does after the
     * sources and the graph. The caller has loaded {@code keys}, checked the database (if one is
     * configured) and created the control topics (the Kafka throughput benchmark builds the graph
     * on bounded sources and attaches these sinks).
     */
    public static void attachSinks(Configuration conf, Outputs out, PseudonymKeySource keys) {
        out.patternStatus()
                .sinkTo(KafkaSinks.patternStatus(conf))
                .uid("sink-pattern-status-kafka")
                .name("kafka: pattern-status");
        out.alerts()
                .sinkTo(KafkaSinks.alerts(conf))
                .uid("sink-alerts-kafka")
                .name("kafka: risk-alerts");
        out.deadLetters()
                .sinkTo(KafkaSinks.deadLetters(conf))
                .uid("sink-dead-letters-kafka")
                .name("kafka: dead-letters");
        // Shadow alerts go to their own topic and nowhere else: not to the credit store, not to
        // the regulator feed, which are both built from out.alerts() only.
        out.shadowAlerts()
                .sinkTo(KafkaSinks.shadowAlerts(conf))
                .uid("sink-shadow-alerts-kafka")
                .name("kafka: shadow-alerts");
        DataStream<RegulatorAlert> regulator = regulatorFeed(out.alerts(), keys);
        regulator
                .sinkTo(KafkaSinks.regulatorAlerts(conf))
                .uid("sink-regulator-alerts-kafka")
                .name("kafka: regulator-alerts");
        PostgresOptions.connection(conf)
                .ifPresent(
                        db -> {
                            if (conf.get(PostgresOptions.MIGRATE)) {
                                CreditStoreSchema.migrate(db);
                            }
                            attachStore(out, regulator, db, keys);
                        });
    }

    /** The regulator feed: every alert with its personal identifiers pseudonymised. */
    public static DataStream<RegulatorAlert> regulatorFeed(
            DataStream<RiskAlert> alerts, PseudonymKeySource keys) {
        return alerts.map(new RegulatorAlertFunction(keys))
                .uid(UID_REGULATOR_FEED)
                .name("regulator: pseudonymise alerts");
    }

    /**
     * The credit-record store's sinks: alerts with their credit events, the regulator feed, and the
     * list candidates. Each flushes with checkpoints and is idempotent (see {@link PostgresSink}).
     */
    public static void attachStore(
            Outputs out,
            DataStream<RegulatorAlert> regulator,
            PostgresOptions.Connection db,
            PseudonymKeySource keys) {
        out.alerts()
                .sinkTo(new PostgresSink<>(db, new RiskAlertStatements()))
                .uid("sink-alerts-postgres")
                .name("postgres: risk_alert, credit_event");
        regulator
                .sinkTo(new PostgresSink<>(db, new RegulatorAlertStatements()))
                .uid("sink-regulator-alerts-postgres")
                .name("postgres: regulator_alert");
        out.listCandidates()
                .sinkTo(new PostgresSink<>(db, new ListCandidateStatements(keys)))
                .uid("sink-list-candidates-postgres")
                .name("postgres: list_candidate");
    }

    /**
     * Entry point for {@code flink run}: {@code --key value} pairs of brushguard options (see
     * {@code brushguard run --help}).
     */
    public static void main(String[] args) throws Exception {
        io.brushguard.jobs.cli.Main.main(prepend("run", args));
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
