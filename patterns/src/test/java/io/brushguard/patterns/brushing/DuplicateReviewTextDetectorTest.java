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
        return good(i, "u" + i, text);
    }

    /** The {@code i}-th good review of shop s1, an hour after the one before. */
    private static PlatformEvent good(int i, String reviewer, String text) {
        return PlatformEvent.of(
                reviewBuilder("r" + i, "s1", reviewer, 5, null, T0 + hours(i))
                        .setTextHash(text)
                        .build());
    }

    /**
     * Good reviews of shop s1 by (reviewer, text) pairs, after four in the reviewers' own words.
     */
    private static List<PlatformEvent> afterOwnWords(int ownWords, String... reviewerText) {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < ownWords; i++) {
            events.add(good(i, "own-" + i, "own-words-" + i));
        }
        for (int j = 0; j < reviewerText.length; j += 2) {
            events.add(good(events.size(), reviewerText[j], reviewerText[j + 1]));
        }
        return events;
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

    /**
     * Two texts from three reviewers each: the one whose reviews make min-share of the window is
     * the duplicate, whichever of the two a hash map lists first (the texts' names are swapped).
     */
    @Test
    void shouldSignalTheTextThatMeetsTheShareWhenTwoTextsHaveAsManyReviewers() throws Exception {
        for (String[] names : new String[][] {{"text-1", "text-2"}, {"text-2", "text-1"}}) {
            String thin = names[0];
            String thick = names[1];
            // 12 good reviews: thin 3 (25 %), thick 5 from three reviewers (42 %, min-share 40 %).
            List<PlatformEvent> events =
                    afterOwnWords(
                            4, "a", thin, "d", thick, "b", thin, "e", thick, "c", thin, "f", thick,
                            "d", thick, "e", thick);
            List<RiskAlert> alerts = run(events, T0 + days(1)).extractOutputValues();
            assertThat(alerts).as("thin %s, thick %s", thin, thick).hasSize(1);
            assertThat(alerts.get(0).getEvidence().getFacts())
                    .containsEntry("text_hash", thick)
                    .containsEntry("reviewers", "d,e,f");
        }
    }

    /**
     * The text with the most reviewers falls short of min-share; another, from fewer reviewers who
     * wrote it more often, meets both thresholds: that one is the duplicate.
     */
    @Test
    void shouldSignalATextThatMeetsBothThresholdsThoughAnotherHasMoreReviewers() throws Exception {
        // At the 15th review: A from 4 reviewers (27 %), B from 3 reviewers 6 times (40 %).
        List<PlatformEvent> events =
                afterOwnWords(
                        5, "a", "A", "x", "B", "b", "A", "y", "B", "c", "A", "z", "B", "d", "A",
                        "x", "B", "y", "B", "z", "B");
        List<RiskAlert> alerts = run(events, T0 + days(1)).extractOutputValues();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getEvidence().getFacts())
                .containsEntry("text_hash", "B")
                .containsEntry("reviewers", "x,y,z")
                .containsEntry("good_reviews", "15");
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
