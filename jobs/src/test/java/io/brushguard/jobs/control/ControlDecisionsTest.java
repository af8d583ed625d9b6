package io.brushguard.jobs.control;

import io.brushguard.avro.Direction;
import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.Severity;
import io.brushguard.jobs.ShadowSplit;
import io.brushguard.jobs.control.PatternChange.Action;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.definition.PatternDefinitions;
import io.brushguard.patterns.engine.CatalogUpdate;
import io.brushguard.patterns.engine.PatternSpec;

import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The control operator's judgement of changes that are odd, repeated or need a restart. */
class ControlDecisionsTest {

    private static final String PATTERN =
            String.join(
                    "\n",
                    "id: live.low-ratings",
                    "version: 1",
                    "kind: MALICIOUS_REVIEW",
                    "direction: DEFLATE",
                    "subject: SHOP",
                    "severity: HIGH",
                    "enabled: true",
                    "window: 1h",
                    "count:",
                    "  stream: reviews",
                    "  where: [rating <= 2]",
                    "  min: 3");

    private static PatternChange deploy(String id, String text) {
        return new PatternChange("r", Action.DEPLOY, id, text, id + ".yaml", "analyst");
    }

    @Test
    void aWindowBelowOneMillisecondIsRejectedNotThrown() {
        LiveCatalog catalog = new LiveCatalog(PatternDefinitions.shipped());
        ControlDecisions.Decision d =
                ControlDecisions.decide(
                        deploy(
                                "live.low-ratings",
                                PATTERN.replace("window: 1h", "window: PT0.0001S")),
                        CatalogUpdate.EMPTY,
                        catalog,
                        0);
        assertThat(d.next()).isNull();
        assertThat(d.status().outcome()).isEqualTo(PatternStatus.REJECTED);
        assertThat(d.status().reason()).contains(":8: window must be at least 1 ms");
    }

    @Test
    void anOverlongIdIsRejected() {
        LiveCatalog catalog = new LiveCatalog(PatternDefinitions.shipped());
        ControlDecisions.Decision d =
                ControlDecisions.decide(
                        new PatternChange("r", Action.DISABLE, "x".repeat(500), null, null, "a"),
                        CatalogUpdate.EMPTY,
                        catalog,
                        0);
        assertThat(d.status().outcome()).isEqualTo(PatternStatus.REJECTED);
        assertThat(d.status().reason()).contains("at most 200 characters");
    }

    @Test
    void theStartFileDeployedAgainIsUnchanged() {
        PatternSpec spec =
                (PatternSpec)
                        PatternDefinitions.parse(PATTERN, "live.low-ratings.yaml")
                                .definitions()
                                .get(0)
                                .rule();
        DetectionRules start = PatternDefinitions.shipped().withDeclarative(List.of(spec));
        LiveCatalog catalog = new LiveCatalog(start);
        assertThat(
                        ControlDecisions.decide(
                                        deploy("live.low-ratings", PATTERN),
                                        CatalogUpdate.EMPTY,
                                        catalog,
                                        0)
                                .status()
                                .outcome())
                .isEqualTo(PatternStatus.UNCHANGED);
        ControlDecisions.Decision other =
                ControlDecisions.decide(
                        deploy("live.low-ratings", PATTERN.replace("min: 3", "min: 4")),
                        CatalogUpdate.EMPTY,
                        catalog,
                        0);
        assertThat(other.status().outcome()).isEqualTo(PatternStatus.REJECTED);
        assertThat(other.status().reason()).contains("another definition; raise version");
    }

    @Test
    void aBuiltInRulesTimeToLiveChangesOnlyOnRestart() throws Exception {
        String id = "malicious-review.unverified-low-rating-burst";
        String v2 =
                PatternDefinitions.shippedText(id)
                        .replace("version: 1", "version: 2")
                        .replace("customer-memory: 180d", "customer-memory: 365d");
        ControlDecisions.Decision d =
                ControlDecisions.decide(
                        deploy(id, v2),
                        CatalogUpdate.EMPTY,
                        new LiveCatalog(PatternDefinitions.shipped()),
                        0);
        assertThat(d.next()).isNull();
        assertThat(d.status().reason()).contains("customer-memory is the time-to-live");
    }

    @Test
    void theRuleSwitchNeverPublishesACandidateOfARuleItDoesNotKnowYet() throws Exception {
        var harness =
                new TwoInputStreamOperatorTestHarness<RiskAlert, CatalogUpdate, RiskAlert>(
                        new RuleSwitch(new LiveCatalog(PatternDefinitions.shipped()), 0.8));
        harness.open();
        harness.processElement1(alert("live.just-deployed"), 0);
        harness.processElement1(alert("brushing.fast-confirm"), 0);
        assertThat(harness.extractOutputValues())
                .extracting(RiskAlert::getRuleId)
                .containsExactly("brushing.fast-confirm");
        assertThat(harness.getSideOutput(ShadowSplit.SHADOW_ALERTS))
                .extracting(r -> r.getValue().getRuleId())
                .containsExactly("live.just-deployed");
        harness.close();
    }

    private static RiskAlert alert(String ruleId) {
        return RiskAlert.newBuilder()
                .setAlertId("a-" + ruleId)
                .setKind("BRUSHING")
                .setDirection(Direction.INFLATE)
                .setRuleId(ruleId)
                .setRuleVersion(1)
                .setSeverity(Severity.HIGH)
                .setEntityType(EntityType.SHOP)
                .setEntityId("s1")
                .setWindowStart(Instant.EPOCH)
                .setWindowEnd(Instant.EPOCH)
                .setOrderIds(List.of())
                .setEvidence(
                        new io.brushguard.avro.Evidence(
                                "",
                                new java.util.HashMap<>(),
                                List.of(),
                                new java.util.HashMap<>()))
                .setScore(0.9)
                .setDetectedAt(Instant.EPOCH)
                .build();
    }
}
