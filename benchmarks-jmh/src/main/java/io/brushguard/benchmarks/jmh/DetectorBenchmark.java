package io.brushguard.benchmarks.jmh;

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

import java.util.concurrent.TimeUnit;

/**
 * Each built-in detector's state update per event ({@code @Param rule}: the rule id, or {@value
 * Detectors#NORM} for the category norm in front of the underweight detector).
 *
 * <p>An invocation feeds the detector's whole input from the platform ({@link Platform}: one
 * simulated day) into a fresh detector on the job's operator ({@code OrderedProcessOperator}), heap
 * state backend, through Flink's {@code KeyedOneInputStreamOperatorTestHarness}: the events the job
 * would select for it (its {@code accepts} and its pre-filter, as {@code EnrichedDetectors} wires
 * it), in event-time order, each with its event time, a watermark every {@value
 * Platform.Feed#WATERMARK_EVERY} events and one at the last event. So the figure covers the
 * operator's buffer until the watermark, the detector's state reads and writes, its timers and its
 * candidate alerts, from an empty state to a day's. Opening and closing the harness is outside the
 * measured time ({@code Level.Invocation}); the harness's own per-event work (wrapping the record,
 * setting the key, queueing the output) is inside it.
 *
 * <p>The input sizes differ by orders of magnitude (a pre-filter leaves some detectors a few dozen
 * events a day), so the per-event figure is the secondary result {@code events} ({@link Events}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DetectorBenchmark {

    /** Every built-in detector; {@code JmhSuiteTest} checks this list against {@link Detectors}. */
    @Param({
        "brushing.order-concentration",
        "empty-parcel.signed-without-transit",
        "malicious-review.unverified-low-rating-burst",
        "malicious-review.unverified-low-rating-day",
        "brushing.shared-identity-ring",
        "brushing.new-account-fast-five-star",
        "brushing.hired-brusher",
        "brushing.payer-for-many-buyers",
        "brushing.fast-confirm",
        "brushing.cash-back-refund",
        "brushing.duplicate-review-text",
        "empty-parcel.signed-too-fast",
        Detectors.NORM,
        "empty-parcel.underweight",
        "empty-parcel.waybill-reuse",
        "empty-parcel.courier-anomaly",
        "empty-parcel.carrier-anomaly",
        "malicious-review.low-rating-before-delivery",
        "malicious-review.shared-device-low-ratings",
        "malicious-review.competitor-spread",
        "malicious-review.competitor-spread-device",
        "malicious-review.extortion"
    })
    public String rule;

    private Detectors.Spec<?> spec;
    private Platform.Keyed<?> keyed;

    @Setup(Level.Trial)
    public void load() {
        spec = Detectors.all().get(rule);
        if (spec == null) {
            throw new IllegalArgumentException(
                    "no built-in detector '" + rule + "'; known: " + Detectors.ids());
        }
        if (spec.input().isEmpty()) {
            throw new IllegalStateException("the platform has no input for " + rule);
        }
    }

    @Setup(Level.Invocation)
    public void open() throws Exception {
        keyed = spec.open();
    }

    @Benchmark
    public int detect(Events count) throws Exception {
        int fed = keyed.feed();
        count.events += fed;
        return fed;
    }

    @TearDown(Level.Invocation)
    public void close() throws Exception {
        keyed.close();
    }
}
