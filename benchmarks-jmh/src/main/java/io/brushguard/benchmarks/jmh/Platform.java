package io.brushguard.benchmarks.jmh;

import io.brushguard.jobs.generator.GeneratorConfig;
import io.brushguard.jobs.generator.PlatformGenerator;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.OrderedProcessOperator;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderTimelineFunction;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The events every benchmark runs on: a small platform from the project's generator, with fraud
 * episodes, camouflaged variants and hard negatives, generated once per JVM (a trial's setup; with
 * forks 0 all benchmarks share it). {@link #events()} are the platform events in event-time order,
 * {@link #enriched()} what the correlation makes of them (every event with its order's context,
 * reviews without an order with none), also in event-time order, as the detectors receive them.
 */
final class Platform {

    /**
     * 1 simulated day, 300 shops, 6,000 buyers, 6,000 orders a day, 3 episodes of each kind: about
     * 60,000 events, generated and correlated in a few seconds.
     */
    static final GeneratorConfig CONFIG =
            GeneratorConfig.defaults()
                    .withSeed(17)
                    .withDays(1)
                    .withShops(300)
                    .withBuyers(6_000)
                    .withOrdersPerDay(6_000)
                    .withEpisodes(3, 3, 3);

    private static Platform instance;

    private final List<PlatformEvent> events;
    private final List<EnrichedEvent> enriched;

    private Platform(List<PlatformEvent> events, List<EnrichedEvent> enriched) {
        this.events = events;
        this.enriched = enriched;
    }

    static synchronized Platform get() {
        if (instance == null) {
            List<PlatformEvent> events =
                    new ArrayList<>(PlatformGenerator.generate(CONFIG).events());
            events.sort(Comparator.comparingLong(PlatformEvent::eventTime));
            List<EnrichedEvent> enriched = correlate(events);
            instance = new Platform(List.copyOf(events), List.copyOf(enriched));
        }
        return instance;
    }

    List<PlatformEvent> events() {
        return events;
    }

    List<EnrichedEvent> enriched() {
        return enriched;
    }

    /** The job's correlation ({@code BrushguardJob.correlate}) over the events, in a harness. */
    private static List<EnrichedEvent> correlate(List<PlatformEvent> events) {
        List<PlatformEvent> ofOrders = new ArrayList<>();
        List<EnrichedEvent> out = new ArrayList<>();
        for (PlatformEvent e : events) {
            if (OrderTimelineFunction.accepts(e)) {
                ofOrders.add(e);
            } else {
                out.add(new EnrichedEvent(e, null));
            }
        }
        out.addAll(
                runKeyed(
                        new OrderTimelineFunction(DetectionRules.defaults().orderRetention()),
                        TypeInformation.of(PlatformEvent.class),
                        PlatformEvent::orderId,
                        ofOrders,
                        PlatformEvent::eventTime));
        out.sort(Comparator.comparingLong(EnrichedEvent::eventTime));
        return out;
    }

    /** Time of an input event. */
    interface EventTime<T> {
        long of(T value);
    }

    /**
     * A keyed function on the job's operator ({@link OrderedProcessOperator}) on the heap state
     * backend, ready for input: what the benchmarks of stateful paths drive. Its output is kept as
     * emitted ({@link KeptOutput}).
     */
    static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> harness(
            KeyedProcessFunction<String, IN, OUT> fn,
            TypeInformation<IN> inputType,
            KeySelector<IN, String> key)
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new OrderedProcessOperator<>(fn, inputType), key, Types.STRING);
        h.setup(new KeptOutput<>());
        h.open();
        return h;
    }

    /** Runs all of {@code input} through a fresh operator; its output in emission order. */
    static <IN, OUT> List<OUT> runKeyed(
            KeyedProcessFunction<String, IN, OUT> fn,
            TypeInformation<IN> inputType,
            KeySelector<IN, String> key,
            List<IN> input,
            EventTime<IN> time) {
        try {
            var h = harness(fn, inputType, key);
            feed(h, input, time, Feed.WATERMARK_EVERY);
            List<OUT> out = new ArrayList<>(h.extractOutputValues());
            h.close();
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Feeds {@code input} (in event-time order), each element stamped with its event time, with a
     * watermark one millisecond behind the last event every {@code watermarkEvery} events and one
     * at the last event's time at the end (so every event is handed to the function).
     */
    static <IN> void feed(
            KeyedOneInputStreamOperatorTestHarness<String, IN, ?> h,
            List<IN> input,
            EventTime<IN> time,
            int watermarkEvery)
            throws Exception {
        long last = Long.MIN_VALUE;
        for (int i = 0; i < input.size(); i++) {
            IN e = input.get(i);
            last = time.of(e);
            h.processElement(e, last);
            if ((i + 1) % watermarkEvery == 0) {
                h.processWatermark(new Watermark(last - 1));
            }
        }
        h.processWatermark(new Watermark(last));
        // The pattern engine holds back a watermark that releases many events, applying them as
        // further events arrive; none will. A checkpoint's barrier has them applied now, so that
        // the invocation counts their work (no other operator does anything before a barrier).
        h.prepareSnapshotPreBarrier(0);
    }

    /** An open operator and the input to feed it: one invocation of a stateful benchmark. */
    static final class Keyed<IN> {
        private final KeyedOneInputStreamOperatorTestHarness<String, IN, ?> harness;
        private final List<IN> input;
        private final EventTime<IN> time;

        private final int watermarkEvery;

        Keyed(
                KeyedOneInputStreamOperatorTestHarness<String, IN, ?> harness,
                List<IN> input,
                EventTime<IN> time) {
            this(harness, input, time, Feed.WATERMARK_EVERY);
        }

        Keyed(
                KeyedOneInputStreamOperatorTestHarness<String, IN, ?> harness,
                List<IN> input,
                EventTime<IN> time,
                int watermarkEvery) {
            this.harness = harness;
            this.input = input;
            this.time = time;
            this.watermarkEvery = watermarkEvery;
        }

        /** Feeds all the input; the number of events fed. */
        int feed() throws Exception {
            Platform.feed(harness, input, time, watermarkEvery);
            return input.size();
        }

        void close() throws Exception {
            harness.close();
        }
    }

    /** How the stateful benchmarks feed their operators. */
    static final class Feed {
        /** A watermark after every this many events. */
        static final int WATERMARK_EVERY = 100;

        private Feed() {}
    }
}
