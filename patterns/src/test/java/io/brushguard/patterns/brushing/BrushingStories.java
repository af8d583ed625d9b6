package io.brushguard.patterns.brushing;

import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.Fixtures;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Runs order stories through the real correlation into a brushing detector, as the job does. */
final class BrushingStories {

    private BrushingStories() {}

    /**
     * Enriches the events, keeps what the detector accepts (the job filters before its keyBy), and
     * feeds them to a fresh harness for the detector; then advances the watermark to {@code until}.
     */
    static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, RiskAlert> run(
            KeyedProcessFunction<String, EnrichedEvent, RiskAlert> detector,
            Predicate<EnrichedEvent> accepts,
            KeySelector<EnrichedEvent, String> key,
            List<PlatformEvent> events,
            long until)
            throws Exception {
        var h = Fixtures.enrichedHarness(detector, key);
        List<EnrichedEvent> accepted = new ArrayList<>();
        for (EnrichedEvent e : Fixtures.enrich(events.toArray(PlatformEvent[]::new))) {
            if (accepts.test(e)) {
                accepted.add(e);
            }
        }
        Fixtures.feedEnriched(h, accepted);
        h.processWatermark(until);
        return h;
    }
}
