package io.brushguard.benchmarks.jmh;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.correlation.OrderTimelineFunction;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.typeinfo.TypeInformation;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The correlation's state update per event: {@link OrderTimelineFunction} (keyed by order) joins
 * each event into its order's {@code OrderContext} and emits it with a copy of the context.
 *
 * <p>Driven through Flink's {@code KeyedOneInputStreamOperatorTestHarness} on the operator the job
 * runs it on ({@code OrderedProcessOperator}), heap state backend, not through {@code
 * OrderContext.apply} alone: the operator's buffer until the watermark, the state read and write
 * and the clean-up timer are the per-event work the job pays. An invocation feeds every event of
 * the platform that belongs to an order (one simulated day; reviews without an order bypass it)
 * into a fresh operator, in event-time order, a watermark every {@value
 * Platform.Feed#WATERMARK_EVERY} events. Opening and closing the harness is outside the measured
 * time; the harness's own per-event work (the record, the key, the output queue) is inside it.
 * Per-event figure: secondary result {@code events}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CorrelationBenchmark {

    private Detectors.Spec<PlatformEvent> spec;
    private Platform.Keyed<PlatformEvent> keyed;

    @Setup(Level.Trial)
    public void load() {
        List<PlatformEvent> input = new ArrayList<>();
        for (PlatformEvent e : Platform.get().events()) {
            if (OrderTimelineFunction.accepts(e)) {
                input.add(e);
            }
        }
        Duration retention = DetectionRules.defaults().orderRetention();
        spec =
                new Detectors.Spec<>(
                        "correlation",
                        TypeInformation.of(PlatformEvent.class),
                        PlatformEvent::orderId,
                        () -> new OrderTimelineFunction(retention),
                        List.copyOf(input),
                        PlatformEvent::eventTime);
    }

    @Setup(Level.Invocation)
    public void open() throws Exception {
        keyed = spec.open();
    }

    @Benchmark
    public int correlate(Events count) throws Exception {
        int fed = keyed.feed();
        count.events += fed;
        return fed;
    }

    @TearDown(Level.Invocation)
    public void close() throws Exception {
        keyed.close();
    }
}
