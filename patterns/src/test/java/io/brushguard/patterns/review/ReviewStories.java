package io.brushguard.patterns.review;

import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.util.List;
import java.util.function.Predicate;

import static io.brushguard.patterns.Fixtures.enrich;
import static io.brushguard.patterns.Fixtures.feedEnriched;

/** Runs review stories through the real correlation into a review detector. */
final class ReviewStories {

    private ReviewStories() {}

    static List<RiskAlert> run(
            KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, RiskAlert> h,
            Predicate<EnrichedEvent> accepts,
            List<PlatformEvent> events,
            long watermark)
            throws Exception {
        List<EnrichedEvent> enriched = enrich(events.toArray(new PlatformEvent[0]));
        enriched.removeIf(accepts.negate());
        feedEnriched(h, enriched);
        h.processWatermark(watermark);
        return h.extractOutputValues();
    }
}
