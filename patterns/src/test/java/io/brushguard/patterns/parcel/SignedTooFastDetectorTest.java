package io.brushguard.patterns.parcel;

import io.brushguard.avro.Direction;
import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.enrichedHarness;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.minutes;
import static io.brushguard.patterns.parcel.ParcelStories.parcel;
import static io.brushguard.patterns.parcel.ParcelStories.run;
import static org.assertj.core.api.Assertions.assertThat;

class SignedTooFastDetectorTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, RiskAlert>
            detector() throws Exception {
        return enrichedHarness(
                new SignedTooFastDetector(SignedTooFastRule.defaults()),
                SignedTooFastDetector::key);
    }

    /** {@code n} parcels of {@code shop}, one a day, each signed {@code delay} after pickup. */
    private static List<PlatformEvent> parcels(
            String shop, int n, String from, String to, long delay) {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long pickup = T0 + days(i);
            events.addAll(
                    parcel(shop + "-o" + i, shop, "c1", from, pickup, 800, 0, to, pickup + delay));
        }
        return events;
    }

    @Test
    void shouldAlertWhenTwoParcelsAreSignedInAnotherCityWithinThreeHoursOfPickup()
            throws Exception {
        List<RiskAlert> alerts =
                run(
                        detector(),
                        SignedTooFastDetector::accepts,
                        parcels("s1", 2, "HGH-DC1", "PEK-DC3", hours(2)),
                        T0 + days(3));

        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getKind()).isEqualTo("EMPTY_PARCEL");
        assertThat(a.getDirection()).isEqualTo(Direction.INFLATE);
        assertThat(a.getRuleId()).isEqualTo("empty-parcel.signed-too-fast");
        assertThat(a.getEntityType()).isEqualTo(EntityType.SHOP);
        assertThat(a.getEntityId()).isEqualTo("s1");
        assertThat(a.getOrderIds()).containsExactly("s1-o0", "s1-o1");
        assertThat(a.getEvidence().getFacts())
                .containsEntry("parcels", "2")
                .containsEntry("fastest_minutes", "120");
        assertThat(a.getEvidence().getSummary()).contains("2 parcels", "PT3H", "threshold 2");
        // Each order's story: created, picked up, signed.
        assertThat(a.getEvidence().getTimeline()).hasSize(6);
        assertThat(a.getScore()).isBetween(0.4, 0.79);
        assertThat(a.getWindowStart().toEpochMilli()).isEqualTo(T0 - hours(2));
        assertThat(a.getWindowEnd().toEpochMilli()).isEqualTo(T0 + days(1) + hours(2));
    }

    @Test
    void shouldNotAlertWhenASameCityCourierDeliversWithinAnHour() throws Exception {
        List<RiskAlert> alerts =
                run(
                        detector(),
                        SignedTooFastDetector::accepts,
                        parcels("s1", 6, "HGH-DC1", "HGH-DC2", minutes(40)),
                        T0 + days(7));
        assertThat(alerts).isEmpty();
    }

    @Test
    void shouldNotAlertWhenLongDistanceParcelsTakeARealisticTime() throws Exception {
        List<RiskAlert> alerts =
                run(
                        detector(),
                        SignedTooFastDetector::accepts,
                        parcels("s1", 6, "HGH-DC1", "PEK-DC3", hours(30)),
                        T0 + days(8));
        assertThat(alerts).isEmpty();
    }

    @Test
    void shouldNotAlertOnOneFastParcelAWeek() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        events.addAll(parcel("o1", "s1", "c1", "HGH", T0, 800, 0, "PEK", T0 + hours(1)));
        events.addAll(
                parcel(
                        "o2",
                        "s1",
                        "c1",
                        "HGH",
                        T0 + days(8),
                        800,
                        0,
                        "PEK",
                        T0 + days(8) + hours(1)));
        assertThat(run(detector(), SignedTooFastDetector::accepts, events, T0 + days(9))).isEmpty();
    }

    @Test
    void shouldRaiseOneAlertPerEpisodeAndScoreUnderweightParcelsHigher() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long pickup = T0 + hours(i);
            events.addAll(
                    parcel("o" + i, "s1", "c1", "HGH", pickup, 20, 0, "PEK", pickup + hours(1)));
        }
        List<RiskAlert> alerts =
                run(detector(), SignedTooFastDetector::accepts, events, T0 + days(1));
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getScore()).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void shouldDropAllStateOnceTheWindowHasPassed() throws Exception {
        var h = detector();
        run(
                h,
                SignedTooFastDetector::accepts,
                parcels("s1", 3, "HGH", "PEK", hours(1)),
                T0 + days(3));
        assertThat(h.numKeyedStateEntries()).isPositive();
        h.processWatermark(T0 + days(12));
        assertThat(h.numKeyedStateEntries()).isZero();
    }
}
