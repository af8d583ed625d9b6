package io.brushguard.benchmarks.families;

import io.brushguard.benchmarks.families.FamilyEvents.Event;
import io.brushguard.benchmarks.families.FamilyEvents.Workload;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static io.brushguard.benchmarks.families.EsperFamilies.BRUSHING;
import static io.brushguard.benchmarks.families.EsperFamilies.EMPTY_PARCEL;
import static io.brushguard.benchmarks.families.EsperFamilies.MALICIOUS_REVIEW;
import static io.brushguard.benchmarks.families.FamilyHandMade.SHIPPED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Esper versions of the three families on the hand-made cases ({@link FamilyHandMade}, which
 * the CEP versions pass too): the matches and units CEP reports, case by case. Then the child JVM's
 * main on a file of those events. Nothing about speed.
 */
class EsperFamiliesTest {

    private static FamilyResult esper;

    @BeforeAll
    static void runTheHandMadeCases() {
        esper = EsperFamilies.run(SHIPPED, FamilyHandMade.EVENTS);
    }

    @Test
    void brushingFlagsEveryShopWithARunThatPassesAsCepDoes() {
        assertThat(esper.units(BRUSHING)).isEqualTo(FamilyHandMade.BRUSHING_UNITS);
    }

    @Test
    void brushingCountsEveryPassingRunAsOneMatchAsCepDoes() {
        assertThat(esper.matches(BRUSHING)).isEqualTo(FamilyHandMade.BRUSHING_MATCHES);
        assertThat(only("shop-b-four").matches(BRUSHING)).isEqualTo(3);
        assertThat(only("shop-b-prefix").matches(BRUSHING)).isEqualTo(1);
    }

    @Test
    void brushingDoesNotFireOutsideTheWindowOrBelowTheThresholdsOrOnPaidOrders() {
        assertThat(esper.units(BRUSHING))
                .doesNotContain("shop-b-out", "shop-b-two", "shop-b-five", "shop-b-paid");
    }

    @Test
    void emptyParcelFiresOnceOnTheFirstSignatureWithoutTransitWithinTheRetention() {
        assertThat(esper.units(EMPTY_PARCEL)).isEqualTo(FamilyHandMade.EMPTY_PARCEL_UNITS);
        assertThat(esper.matches(EMPTY_PARCEL)).isEqualTo(FamilyHandMade.EMPTY_PARCEL_MATCHES);
    }

    @Test
    void emptyParcelDoesNotFireAfterATransitScanEvenAtTheSameInstantNorAtTheRetention() {
        assertThat(esper.units(EMPTY_PARCEL))
                .doesNotContain("p-transit", "p-delivery", "p-tie", "p-week-at", "p-paid-only");
    }

    @Test
    void lowRatingBurstFlagsEveryShopWithARunFromEnoughAccountsAsCepDoes() {
        assertThat(esper.units(MALICIOUS_REVIEW)).isEqualTo(FamilyHandMade.MALICIOUS_REVIEW_UNITS);
        assertThat(esper.matches(MALICIOUS_REVIEW))
                .isEqualTo(FamilyHandMade.MALICIOUS_REVIEW_MATCHES);
        assertThat(only("shop-r-six").matches(MALICIOUS_REVIEW)).isEqualTo(3);
    }

    @Test
    void lowRatingBurstDoesNotFireOutsideTheWindowOrBelowTheThresholds() {
        assertThat(esper.units(MALICIOUS_REVIEW))
                .doesNotContain("shop-r-out", "shop-r-three", "shop-r-three-stars");
    }

    @Test
    void theEventsFileReadsBackAsWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.bin");
        FamilyEvents.write(file, SHIPPED, FamilyHandMade.EVENTS);
        Workload back = FamilyEvents.read(file);
        assertThat(back.thresholds()).isEqualTo(SHIPPED);
        assertThat(back.events()).isEqualTo(FamilyHandMade.EVENTS);
    }

    @Test
    void theChildsMainWritesWhatTheRuntimeDetects(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.bin");
        Path result = dir.resolve("result.tsv");
        FamilyEvents.write(events, SHIPPED, FamilyHandMade.EVENTS);
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            EsperFamiliesMain.main(new String[] {events.toString(), result.toString(), "600000"});
        } finally {
            System.setOut(stdout);
        }
        FamilyResult r = FamilyResult.read(result);
        assertThat(r.events()).isEqualTo(FamilyHandMade.EVENTS.size());
        assertThat(r.finished()).isTrue();
        assertThat(r.units()).isEqualTo(esper.units());
        assertThat(r.matches()).isEqualTo(esper.matches());
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .startsWith("esper-families events=" + FamilyHandMade.EVENTS.size() + " of=")
                .contains("brushing=7/5 empty_parcel=4/4 malicious_review=5/3");
    }

    /** The hand-made events of one shop or order alone. */
    private static FamilyResult only(String unit) {
        List<Event> events =
                FamilyHandMade.EVENTS.stream()
                        .filter(
                                e ->
                                        unit.equals(e.shop())
                                                || e.orderId() != null
                                                        && e.orderId().startsWith(unit))
                        .collect(Collectors.toList());
        return EsperFamilies.run(SHIPPED, events);
    }
}
