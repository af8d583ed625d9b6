package io.brushguard.jobs.control;

import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.control.PatternChange.Action;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.definition.PatternDefinitions;
import io.brushguard.patterns.engine.CatalogUpdate;
import io.brushguard.patterns.engine.Lane;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.review.LowRatingBurstDetector;
import io.brushguard.patterns.review.LowRatingBurstRule;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.minutes;
import static io.brushguard.patterns.Fixtures.review;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A built-in rule retuned on the running job: the control operator's decision, then the detector
 * operator running the new version on the state the old one kept, across a restore.
 */
class LiveDetectorOperatorTest {

    private static final String ID = "malicious-review.unverified-low-rating-burst";
    private static final DetectionRules START = PatternDefinitions.shipped();
    private static final LiveCatalog CATALOG = new LiveCatalog(START);
    private static final LowRatingBurstRule RULE = START.maliciousReview().lowRatingBurst();

    private static KeyedOneInputStreamOperatorTestHarness<String, Lane<PlatformEvent>, RiskAlert>
            harness(OperatorSubtaskState restore) throws Exception {
        return harness(restore, 0);
    }

    /** The detector as the {@code detector}-th behind its head. */
    private static KeyedOneInputStreamOperatorTestHarness<String, Lane<PlatformEvent>, RiskAlert>
            harness(OperatorSubtaskState restore, int detector) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<String, Lane<PlatformEvent>, RiskAlert>(
                        new LiveDetectorOperator<PlatformEvent, RiskAlert>(
                                ID,
                                detector,
                                RULE,
                                r -> new LowRatingBurstDetector((LowRatingBurstRule) r),
                                CATALOG,
                                TypeInformation.of(PlatformEvent.class)),
                        Lane.keySelector(),
                        Types.STRING);
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, Lane<PlatformEvent>, RiskAlert> h,
            int from,
            int to)
            throws Exception {
        feed(h, from, to, Lane.ALL);
    }

    /** One-star reviews {@code from} to {@code to} of one shop, in lanes for {@code detectors}. */
    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, Lane<PlatformEvent>, RiskAlert> h,
            int from,
            int to,
            long detectors)
            throws Exception {
        for (int i = from; i < to; i++) {
            PlatformEvent e = review("t" + i, "victim", "troll" + i, 1, null, T0 + minutes(10 * i));
            h.processElement(
                    Lane.of(LowRatingBurstDetector.shopOf(e), detectors, e), e.eventTime());
        }
        h.processWatermark(new Watermark(T0 + minutes(10 * to)));
    }

    @Test
    void aDeployedVersionRunsOnTheStateTheOldOneKeptAndSurvivesARestore() throws Exception {
        String v2 =
                PatternDefinitions.shippedText(ID)
                        .replace("version: 1", "version: 2")
                        .replace("min-reviews: 5", "min-reviews: 3")
                        .replace("min-reviewers: 4", "min-reviewers: 3");
        ControlDecisions.Decision d =
                ControlDecisions.decide(
                        new PatternChange("r1", Action.DEPLOY, ID, v2, ID + ".yaml", "analyst"),
                        CatalogUpdate.EMPTY,
                        CATALOG,
                        0);
        assertThat(d.status().outcome()).isEqualTo(PatternStatus.APPLIED);
        assertThat(d.status().definitions())
                .filteredOn(r -> r.id().equals(ID))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.version()).isEqualTo(2);
                            assertThat(r.origin()).isEqualTo("deployed");
                        });

        var h = harness(null);
        feed(h, 0, 2);
        assertThat(h.extractOutputValues()).as("2 reviews: too few for either version").isEmpty();
        h.processElement(Lane.update(d.next()), 0);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        // Restored: the deployed version comes back with its catalog, the two reviews with state.
        var restored = harness(snapshot);
        feed(restored, 2, 3);
        List<RiskAlert> alerts = restored.extractOutputValues();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getRuleId()).isEqualTo(ID);
        assertThat(alerts.get(0).getRuleVersion()).isEqualTo(2);
        assertThat(alerts.get(0).getOrderIds()).isEmpty();
    }

    @Test
    void shouldTakeOnlyTheLanesOfItsOwnDetectorBit() throws Exception {
        var h = harness(null, 1);
        feed(h, 0, 5, 0b101);
        assertThat(h.extractOutputValues()).as("lanes of detectors 0 and 2 only").isEmpty();
        assertThat(h.numKeyedStateEntries()).isZero();

        feed(h, 5, 10, 0b110);
        List<RiskAlert> alerts = h.extractOutputValues();
        assertThat(alerts).as("5 low ratings from 5 reviewers, the start version").hasSize(1);
        assertThat(alerts.get(0).getRuleVersion()).isEqualTo(1);
        h.close();
    }

    @Test
    void theShippedFileAgainIsUnchangedAndAChangeWithoutANewVersionIsRejected() throws Exception {
        ControlDecisions.Decision same =
                ControlDecisions.decide(
                        new PatternChange(
                                "r2",
                                Action.DEPLOY,
                                ID,
                                PatternDefinitions.shippedText(ID),
                                ID + ".yaml",
                                "analyst"),
                        CatalogUpdate.EMPTY,
                        CATALOG,
                        0);
        assertThat(same.next()).isNull();
        assertThat(same.status().outcome()).isEqualTo(PatternStatus.UNCHANGED);

        ControlDecisions.Decision changed =
                ControlDecisions.decide(
                        new PatternChange(
                                "r3",
                                Action.DEPLOY,
                                ID,
                                PatternDefinitions.shippedText(ID)
                                        .replace("min-reviews: 5", "min-reviews: 6"),
                                ID + ".yaml",
                                "analyst"),
                        CatalogUpdate.EMPTY,
                        CATALOG,
                        0);
        assertThat(changed.next()).isNull();
        assertThat(changed.status().outcome()).isEqualTo(PatternStatus.REJECTED);
        assertThat(changed.status().reason()).contains("raise version");
    }
}
