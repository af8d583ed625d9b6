package io.brushguard.patterns.parcel;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.enrichedHarness;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.orderBuilder;
import static io.brushguard.patterns.parcel.ParcelStories.parcel;
import static io.brushguard.patterns.parcel.ParcelStories.run;
import static io.brushguard.patterns.parcel.ParcelStories.runWithNorm;
import static org.assertj.core.api.Assertions.assertThat;

class UnderweightParcelDetectorTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, RiskAlert>
            detector(UnderweightParcelRule rule) throws Exception {
        return enrichedHarness(new UnderweightParcelDetector(rule), UnderweightParcelDetector::key);
    }

    private static List<PlatformEvent> parcels(String shop, int... grams) {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < grams.length; i++) {
            long pickup = T0 + days(i);
            events.addAll(
                    parcel(
                            shop + "-o" + i,
                            shop,
                            "c1",
                            "HGH",
                            pickup,
                            grams[i],
                            2,
                            "PEK",
                            pickup + hours(30)));
        }
        return events;
    }

    @Test
    void shouldAlertWhenAShopShipsTwoParcelsUnderFiftyGramsWithinAWeek() throws Exception {
        List<RiskAlert> alerts =
                runWithNorm(
                        detector(UnderweightParcelRule.defaults()),
                        UnderweightParcelRule.defaults(),
                        parcels("s1", 12, 900, 31),
                        100,
                        800,
                        T0 + days(5));

        assertThat(alerts).hasSize(1);
        RiskAlert a = alerts.get(0);
        assertThat(a.getRuleId()).isEqualTo("empty-parcel.underweight");
        assertThat(a.getEntityType()).isEqualTo(EntityType.SHOP);
        assertThat(a.getEntityId()).isEqualTo("s1");
        assertThat(a.getOrderIds()).containsExactly("s1-o0", "s1-o2");
        assertThat(a.getEvidence().getFacts())
                .containsEntry("lightest_grams", "12")
                .hasEntrySatisfying(
                        "weights",
                        w ->
                                assertThat(w)
                                        .startsWith(
                                                "w-s1-o0 12 g (apparel, 0% of its parcels that light)")
                                        .contains("w-s1-o2 31 g (apparel, "));
        assertThat(a.getEvidence().getSummary()).contains("2 parcels", "under 50 g");
        assertThat(a.getEvidence().getTimeline()).isNotEmpty();
        assertThat(a.getScore()).isBetween(0.4, 0.79);
    }

    @Test
    void shouldNotAlertOnParcelsOfOrdinaryWeight() throws Exception {
        assertThat(
                        runWithNorm(
                                detector(UnderweightParcelRule.defaults()),
                                UnderweightParcelRule.defaults(),
                                parcels("s1", 120, 60, 50, 800, 300),
                                100,
                                800,
                                T0 + days(8)))
                .isEmpty();
    }

    @Test
    void shouldNotAlertOnLightParcelsOfACategoryTheRuleNamesLight() throws Exception {
        UnderweightParcelRule d = UnderweightParcelRule.defaults();
        UnderweightParcelRule giftCards =
                new UnderweightParcelRule(
                        d.meta(),
                        d.maxWeightGrams(),
                        Set.of("gift-card"),
                        2,
                        d.window(),
                        1 - 1e-9,
                        1,
                        d.categoryHalfLife());
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = "o" + i;
            events.addAll(
                    parcel(id, "s1", "c1", "HGH", T0 + hours(i + 3), 15, 1, "PEK", T0 + days(2)));
            // The story's order is apparel by default; its payment step says what it really is.
            events.add(
                    PlatformEvent.of(
                            orderBuilder(id, "b-" + id, "s1", OrderStatus.PAID, T0 + hours(i + 2))
                                    .setCategory("gift-card")
                                    .build()));
        }
        assertThat(
                        run(
                                detector(giftCards),
                                UnderweightParcelDetector::accepts,
                                events,
                                T0 + days(3)))
                .isEmpty();
    }

    @Test
    void shouldRaiseOneWeakAndOneConclusiveAlertForManyLightParcelsOfOneEpisode() throws Exception {
        List<RiskAlert> alerts =
                runWithNorm(
                        detector(UnderweightParcelRule.defaults()),
                        UnderweightParcelRule.defaults(),
                        parcels("s1", 10, 12, 15, 20, 8),
                        100,
                        800,
                        T0 + days(6));
        assertThat(alerts).extracting(RiskAlert::getScore).hasSize(2).first().matches(s -> s < 0.8);
        assertThat(alerts.get(1).getScore()).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void shouldDropAllStateOnceTheWindowHasPassed() throws Exception {
        var h = detector(UnderweightParcelRule.defaults());
        runWithNorm(
                h, UnderweightParcelRule.defaults(), parcels("s1", 10, 12), 100, 800, T0 + days(2));
        assertThat(h.numKeyedStateEntries()).isPositive();
        h.processWatermark(T0 + days(10));
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldNotAlertWhereLightParcelsAreTheCategorysNorm() throws Exception {
        List<RiskAlert> alerts =
                runWithNorm(
                        detector(UnderweightParcelRule.defaults()),
                        UnderweightParcelRule.defaults(),
                        parcels("s1", 12, 15, 20, 18),
                        100,
                        25,
                        T0 + days(6));
        assertThat(alerts).isEmpty();
    }

    @Test
    void shouldJudgeNothingWhileTheCategoryNormIsUnknown() throws Exception {
        List<RiskAlert> alerts =
                runWithNorm(
                        detector(UnderweightParcelRule.defaults()),
                        UnderweightParcelRule.defaults(),
                        parcels("s1", 12, 15, 20, 18),
                        10,
                        800,
                        T0 + days(6));
        assertThat(alerts).isEmpty();
    }
}
