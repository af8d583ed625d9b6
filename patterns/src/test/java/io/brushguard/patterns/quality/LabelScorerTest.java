package io.brushguard.patterns.quality;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.brushing.OrderConcentrationRule;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.RuleMeta;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LabelScorerTest {

    private static final RuleMeta BRUSHING = OrderConcentrationRule.defaults().meta();

    private static RiskAlert alert(EntityType type, String subject, List<String> orders) {
        return AlertBuilder.forRule(BRUSHING)
                .subject(type, subject)
                .window(0, 1)
                .orders(orders)
                .build(0);
    }

    private static Episode episode(
            String id, String kind, String shop, List<String> orders, List<String> related) {
        return new Episode(id, kind, "SHOP", shop, orders, related, 0, 1);
    }

    @Test
    void shouldCountAnAlertOnTheEpisodesEntityAsTruePositive() {
        var score =
                LabelScorer.score(
                        List.of(alert(EntityType.SHOP, "s1", List.of())),
                        List.of(episode("e1", "BRUSHING", "s1", List.of("o1"), List.of())));
        assertThat(score.truePositives()).isEqualTo(1);
        assertThat(score.recall()).isEqualTo(1.0);
    }

    @Test
    void shouldCountAnAlertOnARelatedSubjectOrASharedOrderAsTruePositive() {
        Episode e = episode("e1", "BRUSHING", "s1", List.of("o1"), List.of("b7"));
        assertThat(LabelScorer.matches(alert(EntityType.BUYER, "b7", List.of()), e)).isTrue();
        assertThat(LabelScorer.matches(alert(EntityType.SHOP, "s2", List.of("o1")), e)).isTrue();
        assertThat(LabelScorer.matches(alert(EntityType.SHOP, "s2", List.of("o2")), e)).isFalse();
    }

    @Test
    void shouldNeverMatchAcrossKinds() {
        Episode e = episode("e1", "EMPTY_PARCEL", "s1", List.of("o1"), List.of());
        assertThat(LabelScorer.matches(alert(EntityType.SHOP, "s1", List.of("o1")), e)).isFalse();
    }

    @Test
    void shouldComputePrecisionOverAlertsAndRecallOverEpisodes() {
        var score =
                LabelScorer.score(
                        List.of(
                                alert(EntityType.SHOP, "s1", List.of()),
                                alert(EntityType.SHOP, "s1", List.of("o9")),
                                alert(EntityType.SHOP, "honest", List.of())),
                        List.of(
                                episode("e1", "BRUSHING", "s1", List.of(), List.of()),
                                episode("e2", "BRUSHING", "s2", List.of(), List.of())));
        assertThat(score.precision()).isEqualTo(2.0 / 3);
        assertThat(score.recall()).isEqualTo(0.5);
        assertThat(score.falsePositives()).isEqualTo(1);
    }

    @Test
    void shouldReportEveryKindThatHasAlertsOrEpisodes() {
        var byKind =
                LabelScorer.byKind(
                        List.of(alert(EntityType.SHOP, "s1", List.of())),
                        List.of(episode("e1", "MALICIOUS_REVIEW", "s1", List.of(), List.of())));
        assertThat(byKind).containsOnlyKeys("BRUSHING", "MALICIOUS_REVIEW");
        assertThat(byKind.get("MALICIOUS_REVIEW").recall()).isZero();
        assertThat(byKind.get("BRUSHING").precision()).isZero();
    }
}
