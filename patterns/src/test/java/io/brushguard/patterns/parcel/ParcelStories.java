package io.brushguard.patterns.parcel;

import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.ScanType;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.created;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.enrich;
import static io.brushguard.patterns.Fixtures.enrichedHarness;
import static io.brushguard.patterns.Fixtures.feedEnriched;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.scanBuilder;

/** Whole parcel stories for the parcel detector tests, told through the real correlation. */
final class ParcelStories {

    private ParcelStories() {}

    /**
     * Order {@code orderId} at {@code shop}, created 2 h before pickup; waybill "w-" + orderId
     * picked up at {@code from} weighing {@code grams}, {@code transitScans} transit scans, then
     * signed at {@code to} at {@code signedAt}; all by courier {@code courier}.
     */
    static List<PlatformEvent> parcel(
            String orderId,
            String shop,
            String courier,
            String from,
            long pickedUpAt,
            Integer grams,
            int transitScans,
            String to,
            long signedAt) {
        String waybill = "w-" + orderId;
        List<PlatformEvent> events = new ArrayList<>();
        events.add(created(orderId, "b-" + orderId, shop, pickedUpAt - hours(2)));
        events.add(
                PlatformEvent.of(
                        scanBuilder(waybill, orderId, ScanType.PICKED_UP, pickedUpAt)
                                .setCourierId(courier)
                                .setLocation(from)
                                .setWeightGrams(grams)
                                .build()));
        for (int i = 1; i <= transitScans; i++) {
            long at = pickedUpAt + (signedAt - pickedUpAt) * i / (transitScans + 1);
            events.add(
                    PlatformEvent.of(
                            scanBuilder(waybill, orderId, ScanType.IN_TRANSIT, at)
                                    .setCourierId(courier)
                                    .setLocation("HUB-" + i)
                                    .build()));
        }
        events.add(
                PlatformEvent.of(
                        scanBuilder(waybill, orderId, ScanType.SIGNED, signedAt)
                                .setCourierId(courier)
                                .setLocation(to)
                                .build()));
        return events;
    }

    /** Enriches the events and feeds a detector those its filter accepts, then the watermark. */
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

    /**
     * Like {@link #run}, but through the category weight norm first, after {@code warmUp} ordinary
     * parcels of {@code warmUpGrams} from another shop in the stories' category (the fixtures'
     * orders are all "apparel"), ten days before.
     */
    static List<RiskAlert> runWithNorm(
            KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, RiskAlert> h,
            UnderweightParcelRule rule,
            List<PlatformEvent> events,
            int warmUp,
            int warmUpGrams,
            long watermark)
            throws Exception {
        List<PlatformEvent> all = new ArrayList<>();
        for (int i = 0; i < warmUp; i++) {
            long pickup = T0 - days(10) + hours(i);
            all.addAll(
                    parcel(
                            "wu-" + i,
                            "warm-up-shop",
                            "c9",
                            "HGH",
                            pickup,
                            warmUpGrams,
                            2,
                            "PEK",
                            pickup + hours(30)));
        }
        all.addAll(events);
        List<EnrichedEvent> enriched = enrich(all.toArray(new PlatformEvent[0]));
        enriched.removeIf(e -> !CategoryWeightNorm.accepts(e));
        KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, EnrichedEvent> norm =
                enrichedHarness(new CategoryWeightNorm(rule), CategoryWeightNorm::key);
        feedEnriched(norm, enriched);
        norm.processWatermark(watermark);
        List<EnrichedEvent> stamped = new ArrayList<>(norm.extractOutputValues());
        stamped.removeIf(e -> !UnderweightParcelDetector.accepts(e));
        feedEnriched(h, stamped);
        h.processWatermark(watermark);
        return h.extractOutputValues();
    }
}
