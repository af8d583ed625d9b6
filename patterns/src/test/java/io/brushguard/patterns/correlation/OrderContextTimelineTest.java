package io.brushguard.patterns.correlation;

import io.brushguard.avro.PaymentStatus;
import io.brushguard.patterns.model.PlatformEvent;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.brushguard.avro.ScanType.PICKED_UP;
import static io.brushguard.avro.ScanType.SIGNED;
import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.created;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.enrich;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.payment;
import static io.brushguard.patterns.Fixtures.review;
import static io.brushguard.patterns.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

class OrderContextTimelineTest {

    private static List<OrderContext.Step> story(PlatformEvent... events) throws Exception {
        List<EnrichedEvent> enriched = enrich(events);
        return enriched.get(enriched.size() - 1).context.timeline();
    }

    private static OrderContext.Step step(List<OrderContext.Step> steps, String startsWith) {
        return steps.stream().filter(s -> s.what().startsWith(startsWith)).findFirst().get();
    }

    @Test
    void shouldNameTheBuyerPayerAndReviewerOfTheStepsThatMentionThem() throws Exception {
        List<OrderContext.Step> steps =
                story(
                        created("o1", "b1", "s1", T0),
                        payment("p1", "o1", "wallet-9", PaymentStatus.PAID, T0 + 1_000),
                        scan("w1", "o1", PICKED_UP, T0 + hours(3)),
                        scan("w1", "o1", SIGNED, T0 + days(2)),
                        review("r1", "s1", "b1-alt", 5, "o1", T0 + days(3)));

        assertThat(step(steps, "CREATED by buyer b1").identifiers())
                .containsExactly(Map.entry("b1", "BUYER"));
        assertThat(step(steps, "payment p1 by wallet-9").identifiers())
                .containsExactly(Map.entry("wallet-9", "PAYER"));
        assertThat(step(steps, "review r1").identifiers())
                .containsExactly(Map.entry("b1-alt", "REVIEWER"));
    }

    @Test
    void shouldNameNobodyInScanStepsWhoseLocationsAreCityAndDepotCodes() throws Exception {
        List<OrderContext.Step> steps =
                story(
                        created("o1", "b1", "s1", T0),
                        scan("w1", "o1", PICKED_UP, T0 + hours(3)),
                        scan("w1", "o1", SIGNED, T0 + days(2)));

        assertThat(step(steps, "PICKED_UP at").identifiers()).isEmpty();
        assertThat(step(steps, "SIGNED at").identifiers()).isEmpty();
    }
}
