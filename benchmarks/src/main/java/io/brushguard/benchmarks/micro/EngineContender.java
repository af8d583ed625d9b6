package io.brushguard.benchmarks.micro;

import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.benchmarks.micro.MicroWorkload.Event;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.definition.PatternDefinitions;
import io.brushguard.patterns.engine.EmittedAlertSerializer;
import io.brushguard.patterns.engine.EngineRouter;
import io.brushguard.patterns.engine.PatternEngineOperator;
import io.brushguard.patterns.engine.PatternSpec;
import io.brushguard.patterns.engine.RoutedEvent;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * brushguard's general pattern engine on the micro workload: the pattern is the definition file
 * {@code micro/micro.a-then-b.yaml}, read like any analyst's, and runs in {@link
 * PatternEngineOperator} behind its {@link EngineRouter}, exactly as in the job. The workload's
 * events become platform events first (user {@code u} is buyer {@code u<u>}, A an order CREATED, B
 * an order PAID, event {@code i} order {@code o<i>}): that mapping, and shuffling the engine's
 * event type, are part of the engine's cost.
 */
public final class EngineContender {

    static final String DEFINITION = "micro/micro.a-then-b.yaml";

    private EngineContender() {}

    /** The micro pattern, read and checked like an analyst's file. */
    static PatternSpec pattern() {
        return parse(text(), "micro.a-then-b");
    }

    /**
     * {@code n} active definitions for the scaling runs: the micro pattern once per item, {@code
     * micro.a-then-b-<i>} with {@code item_id == item-<i>} on both steps. The events of user {@code
     * u} are of item {@code u mod n}, so every event concerns exactly one definition, the router
     * checks all {@code n}, and the matches are the workload's, whatever {@code n}.
     */
    static List<PatternSpec> patterns(int n) {
        List<PatternSpec> specs = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "micro.a-then-b-" + i;
            String text =
                    text().replace("id: micro.a-then-b", "id: " + id)
                            .replace(
                                    "where: [status == CREATED]",
                                    "where: [status == CREATED, item_id == item-" + i + "]")
                            .replace(
                                    "where: [status == PAID]",
                                    "where: [status == PAID, item_id == item-" + i + "]");
            specs.add(parse(text, id));
        }
        return specs;
    }

    private static String text() {
        try (InputStream in =
                EngineContender.class.getClassLoader().getResourceAsStream(DEFINITION)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PatternSpec parse(String text, String id) {
        PatternDefinitions.Result r = PatternDefinitions.parse(text, id + ".yaml");
        if (!r.ok()) {
            throw new IllegalStateException(DEFINITION + ": " + r.errors());
        }
        return (PatternSpec) r.definitions().get(0).rule();
    }

    /**
     * The workload's events as platform events, generated from the seed in one step (no
     * intermediate event to copy between chained operators), with event time.
     */
    static DataStream<EnrichedEvent> source(StreamExecutionEnvironment env, MicroWorkload w) {
        return source(env, w, 0);
    }

    /** The same, each user's events of item {@code item-<user mod items>} (0: all "item"). */
    static DataStream<EnrichedEvent> source(
            StreamExecutionEnvironment env, MicroWorkload w, int items) {
        return withEventTime(
                env.fromSequence(0, w.events - 1)
                        .map(new Generate(w, items))
                        .returns(TypeInformation.of(EnrichedEvent.class))
                        .name("generate platform events"));
    }

    /** Hand-made events (tests) as platform events, with event time. */
    static DataStream<EnrichedEvent> of(DataStream<Event> events) {
        return withEventTime(
                events.map(EngineContender::toPlatformEvent)
                        .returns(TypeInformation.of(EnrichedEvent.class))
                        .name("as platform events"));
    }

    private static DataStream<EnrichedEvent> withEventTime(DataStream<EnrichedEvent> events) {
        return events.assignTimestampsAndWatermarks(
                WatermarkStrategy.<EnrichedEvent>forMonotonousTimestamps()
                        .withTimestampAssigner((e, t) -> e.eventTime()));
    }

    /** Every match the engine reports, as an alert. */
    static DataStream<RiskAlert> matches(DataStream<EnrichedEvent> events) {
        return matches(events, List.of(pattern()));
    }

    /** Every match of {@code specs}, as an alert. */
    static DataStream<RiskAlert> matches(
            DataStream<EnrichedEvent> events, List<PatternSpec> specs) {
        DataStream<RoutedEvent> routed =
                events.transform(
                                "engine: route",
                                RoutedEvent.typeInfo(),
                                new EngineRouter.Single(specs))
                        .uid("micro-engine-route");
        DataStream<RoutedEvent> consumed =
                routed.keyBy(RoutedEvent.keySelector())
                        .map(new MicroBenchmark.CountConsumedOf<RoutedEvent>())
                        .returns(RoutedEvent.typeInfo())
                        .name("consumed");
        KeyedStream<RoutedEvent, String> keyed =
                DataStreamUtils.reinterpretAsKeyedStream(
                        consumed, RoutedEvent.keySelector(), Types.STRING);
        // The count of matches is chained to the engine: hand it the alerts without a deep copy,
        // as Esper's listener gets its events (in the job, alerts leave the engine over the
        // network, serialised, never copied).
        return keyed.transform(
                        "engine: micro.a-then-b",
                        EmittedAlertSerializer.typeInfo(),
                        new PatternEngineOperator.Single(specs))
                .uid("micro-engine");
    }

    /** User {@code u} is buyer {@code u<u>}, A an order CREATED, B an order PAID. */
    public static EnrichedEvent toPlatformEvent(Event e) {
        return toPlatformEvent(e, "u" + e.user, "item");
    }

    private static EnrichedEvent toPlatformEvent(Event e, String buyer, String item) {
        Instant at = Instant.ofEpochMilli(e.timestamp);
        OrderEvent o =
                new OrderEvent(
                        "o" + e.timestamp,
                        e.type == MicroWorkload.A ? OrderStatus.CREATED : OrderStatus.PAID,
                        at,
                        "shop",
                        buyer,
                        item,
                        "micro",
                        0L,
                        1,
                        at,
                        null,
                        null,
                        null);
        return new EnrichedEvent(PlatformEvent.of(o), null);
    }

    /** Event {@code i} of the workload as a platform event; buyer ids made once per user. */
    private static final class Generate implements MapFunction<Long, EnrichedEvent> {
        private static final long serialVersionUID = 1L;

        private final MicroWorkload workload;
        private final int items;
        private transient String[] buyers;
        private transient String[] itemIds;

        Generate(MicroWorkload workload, int items) {
            this.workload = workload;
            this.items = items;
        }

        @Override
        public EnrichedEvent map(Long i) {
            if (buyers == null) {
                buyers = new String[workload.users];
                for (int u = 0; u < buyers.length; u++) {
                    buyers[u] = "u" + u;
                }
                itemIds = new String[Math.max(items, 1)];
                for (int k = 0; k < itemIds.length; k++) {
                    itemIds[k] = items == 0 ? "item" : "item-" + k;
                }
            }
            Event e = workload.event(i);
            return toPlatformEvent(
                    e, buyers[(int) e.user], itemIds[(int) (e.user % itemIds.length)]);
        }
    }
}
