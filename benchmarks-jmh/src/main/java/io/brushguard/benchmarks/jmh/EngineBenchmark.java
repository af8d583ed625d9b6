package io.brushguard.benchmarks.jmh;

import io.brushguard.benchmarks.micro.EngineContender;
import io.brushguard.benchmarks.micro.MicroWorkload;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.definition.PatternDefinitions;
import io.brushguard.patterns.engine.EngineRouter;
import io.brushguard.patterns.engine.PatternEngineOperator;
import io.brushguard.patterns.engine.PatternSpec;
import io.brushguard.patterns.engine.RoutedEvent;
import io.brushguard.patterns.engine.RoutedEventWireSerializer;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The general pattern engine's state update per event: {@link PatternEngineOperator.Single} with
 * the micro benchmark's definition ({@value #DEFINITION} of the benchmarks module: per buyer, an
 * order created then an order paid within 10 s), read by {@link PatternDefinitions#parse} like an
 * analyst's file.
 *
 * <p>{@code events}: {@code platform}, the generated platform's correlated events, or {@code
 * micro}, the micro workload's first {@value #MICRO_EVENTS} events (10,000 users) as the micro
 * benchmark's engine contender makes them. They go through the engine's router ({@link
 * EngineRouter}) once in the setup; the router drops what no pattern uses (payments, scans,
 * reviews). Then they are written and read by the network's serializer, so that each keeps its
 * event as bytes until the engine applies it, as in a job. An invocation feeds the routed events,
 * in event-time order with a watermark every {@code watermarkEvery} events, into a fresh operator
 * on the heap state backend through Flink's {@code KeyedOneInputStreamOperatorTestHarness}; opening
 * and closing it is outside the measured time. A watermark every {@value
 * Platform.Feed#WATERMARK_EVERY} events is a stream at a live pace (few events of one subject
 * between two watermarks); every 50,000 a replay or a job catching up on a lag, where the micro
 * workload's users repeat between two watermarks. Per routed event (secondary result {@code
 * events}); the router is not measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EngineBenchmark {

    static final String DEFINITION = "micro/micro.a-then-b.yaml";

    static final int MICRO_EVENTS = 500_000;

    @Param({"platform", "micro"})
    public String events;

    @Param({"100", "50000"})
    public int watermarkEvery;

    private List<PatternSpec> specs;
    private List<RoutedEvent> routed;
    private Platform.Keyed<RoutedEvent> keyed;

    @Setup(Level.Trial)
    public void load() throws IOException {
        String text;
        try (InputStream in =
                EngineBenchmark.class.getClassLoader().getResourceAsStream(DEFINITION)) {
            if (in == null) {
                throw new IllegalStateException(DEFINITION + " is not on the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        PatternDefinitions.Result r = PatternDefinitions.parse(text, "micro.a-then-b.yaml");
        if (!r.ok()) {
            throw new IllegalStateException(DEFINITION + ": " + r.errors());
        }
        specs = List.of((PatternSpec) r.definitions().get(0).rule());
        EngineRouter router = new EngineRouter(specs);
        List<RoutedEvent> out = new ArrayList<>();
        if (events.equals("micro")) {
            MicroWorkload w = MicroWorkload.defaults(MICRO_EVENTS);
            for (long i = 0; i < w.events; i++) {
                router.route(EngineContender.toPlatformEvent(w.event(i)), out::add);
            }
        } else {
            for (EnrichedEvent e : Platform.get().enriched()) {
                router.route(e, out::add);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("the router kept no event of the platform");
        }
        routed = overTheNetwork(out);
    }

    /**
     * The routed events as the engine receives them from the router's task: written and read by the
     * network's serializer, so each keeps its event as bytes until applied.
     */
    private static List<RoutedEvent> overTheNetwork(List<RoutedEvent> made) throws IOException {
        List<RoutedEvent> came = new ArrayList<>(made.size());
        DataOutputSerializer out = new DataOutputSerializer(512);
        DataInputDeserializer in = new DataInputDeserializer();
        for (RoutedEvent r : made) {
            out.clear();
            RoutedEventWireSerializer.INSTANCE.serialize(r, out);
            in.setBuffer(out.getSharedBuffer(), 0, out.length());
            came.add(RoutedEventWireSerializer.INSTANCE.deserialize(in));
        }
        return List.copyOf(came);
    }

    @Setup(Level.Invocation)
    public void open() throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new PatternEngineOperator.Single(specs),
                        RoutedEvent.keySelector(),
                        Types.STRING);
        h.setup(new KeptOutput<>());
        h.open();
        keyed = new Platform.Keyed<>(h, routed, r -> r.ts, watermarkEvery);
    }

    @Benchmark
    public int match(Events count) throws Exception {
        int fed = keyed.feed();
        count.events += fed;
        return fed;
    }

    @TearDown(Level.Invocation)
    public void close() throws Exception {
        keyed.close();
    }
}
