package io.brushguard.patterns.brushing;

import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.days;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.reviewBuilder;
import static org.assertj.core.api.Assertions.assertThat;

class DuplicateReviewTextDetectorTest {

    private static PlatformEvent good(int i, String text) {
        return PlatformEvent.of(
                reviewBuilder("r" + i, "s1", "u" + i, 5, null, T0 + hours(i))
                        .setTextHash(text)
                        .build());
    }

    private static KeyedOneInputStreamOperatorTestHarness<
                    String, io.brushguard.patterns.correlation.EnrichedEvent, RiskAlert>
            run(List<PlatformEvent> events, long until) throws Exception {
        return BrushingStories.run(
                new DuplicateReviewTextDetector(DuplicateReviewTextRule.defaults()),
                DuplicateReviewTextDetector::accepts,
                DuplicateReviewTextDetector::key,
                events,
                until);
    }

    @Test
    void shouldSignalWhenMostOfAShopsGoodReviewsShareOneText() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(good(i, "template-A"));
        }
        events.add(good(4, "own-words"));
        List<RiskAlert> alerts = run(events, T0 + days(1)).extractOutputValues();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getEvidence().getFacts()).containsEntry("text_hash", "template-A");
        assertThat(alerts.get(0).getScore()).isLessThan(0.8);
    }

    @Test
    void shouldNotSignalAStockPhraseAmongManyDifferentReviews() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(good(i, i % 6 == 0 ? "good-fast-delivery" : "own-words-" + i));
        }
        assertThat(run(events, T0 + days(3)).extractOutputValues()).isEmpty();
    }

    @Test
    void shouldDropItsStateWhenTheShopGoesQuiet() throws Exception {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(good(i, "template-A"));
        }
        assertThat(run(events, T0 + days(9)).numKeyedStateEntries()).isZero();
    }
}
