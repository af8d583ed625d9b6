package io.brushguard.jobs.backtest;

import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.MiniClusters;
import io.brushguard.jobs.cli.Main;
import io.brushguard.jobs.dataset.AlertsJsonl;
import io.brushguard.jobs.dataset.DatasetWriter;
import io.brushguard.jobs.generator.GeneratorConfig;
import io.brushguard.jobs.generator.PlatformGenerator;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.definition.PatternDefinitions;

import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backtests with a directory of pattern definitions in place of some shipped ones: a disabled
 * detector is gone, a version is stamped on its alerts, a threshold changes what alerts.
 */
class PatternOverridesITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    private static final String SIGNED_WITHOUT_TRANSIT = "empty-parcel.signed-without-transit";
    private static final String WAYBILL_REUSE = "empty-parcel.waybill-reuse";
    private static final String SIGNED_TOO_FAST = "empty-parcel.signed-too-fast";

    @TempDir static Path events;
    static List<RiskAlert> shipped;

    @TempDir Path patterns;

    @BeforeAll
    static void backtestWithTheShippedDefinitions() throws Exception {
        PlatformGenerator.generate(
                        GeneratorConfig.defaults()
                                .withSeed(11)
                                .withDays(1)
                                .withShops(200)
                                .withBuyers(3_000)
                                .withOrdersPerDay(2_000)
                                .withEpisodesPerKind(3))
                .writeTo(events, DatasetWriter.Format.JSONL);
        shipped = Backtest.run(events, DetectionRules.defaults(), 2).alerts();
        assertThat(shipped)
                .extracting(RiskAlert::getRuleId)
                .contains(SIGNED_WITHOUT_TRANSIT, WAYBILL_REUSE, SIGNED_TOO_FAST);
    }

    @Test
    void shouldLeaveADisabledDetectorOutAndKeepTheAlertsOfTheOthers() throws Exception {
        override(SIGNED_WITHOUT_TRANSIT, "enabled: true", "enabled: false");

        List<RiskAlert> alerts =
                Backtest.run(events, PatternDefinitions.withOverrides(patterns), 2).alerts();

        assertThat(alerts).extracting(RiskAlert::getRuleId).doesNotContain(SIGNED_WITHOUT_TRANSIT);
        Predicate<RiskAlert> others =
                a ->
                        !a.getRuleId().equals(SIGNED_WITHOUT_TRANSIT)
                                && !a.getRuleId().startsWith("combined.");
        assertThat(ids(alerts.stream().filter(others).toList()))
                .isNotEmpty()
                .isEqualTo(ids(shipped.stream().filter(others).toList()));
    }

    @Test
    void shouldStampTheAlertsOfARuleWithItsDefinitionsVersion() throws Exception {
        override(WAYBILL_REUSE, "version: 1", "version: 2");

        List<RiskAlert> alerts =
                Backtest.run(events, PatternDefinitions.withOverrides(patterns), 2).alerts();

        List<RiskAlert> before = ofRule(shipped, WAYBILL_REUSE);
        List<RiskAlert> after = ofRule(alerts, WAYBILL_REUSE);
        assertThat(before).extracting(RiskAlert::getRuleVersion).containsOnly(1);
        assertThat(after).hasSameSizeAs(before);
        assertThat(after).extracting(RiskAlert::getRuleVersion).containsOnly(2);
        // The id hashes the rule's version, so a new version never overwrites the old alerts.
        assertThat(after)
                .extracting(RiskAlert::getAlertId)
                .doesNotContainAnyElementsOf(before.stream().map(RiskAlert::getAlertId).toList());
        assertThat(after)
                .extracting(RiskAlert::getEntityId, RiskAlert::getOrderIds)
                .containsExactlyInAnyOrderElementsOf(
                        before.stream()
                                .map(
                                        a ->
                                                org.assertj.core.groups.Tuple.tuple(
                                                        a.getEntityId(), a.getOrderIds()))
                                .toList());
    }

    @Test
    void shouldBacktestAChangedThresholdFromTheCommandLine(@TempDir Path out) throws Exception {
        override(SIGNED_TOO_FAST, "  min-parcels: 2", "  min-parcels: 3");
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int code =
                Main.run(
                        new String[] {
                            "backtest",
                            "--events",
                            events.toString(),
                            "--patterns",
                            patterns.toString(),
                            "--out",
                            out.toString()
                        },
                        new PrintStream(console, true, StandardCharsets.UTF_8),
                        System.err);

        assertThat(code).isZero();
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("patterns: 1 definitions from " + patterns + ", the others shipped");
        List<RiskAlert> alerts = AlertsJsonl.read(out.resolve("alerts.jsonl"));
        assertThat(ofRule(alerts, SIGNED_TOO_FAST).size())
                .isPositive()
                .isLessThan(ofRule(shipped, SIGNED_TOO_FAST).size());
        assertThat(ids(ofRule(alerts, WAYBILL_REUSE)))
                .isEqualTo(ids(ofRule(shipped, WAYBILL_REUSE)));
    }

    /** Writes the shipped definition of {@code id} with one line changed to {@code patterns}. */
    private void override(String id, String line, String replacement) throws IOException {
        String resource = PatternDefinitions.RESOURCE_DIR + id + ".yaml";
        String text;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(text).contains(line + "\n");
        Files.writeString(
                patterns.resolve(id + ".yaml"), text.replace(line + "\n", replacement + "\n"));
    }

    /** Alert ids, sorted: an id hashes the rule, its version, the subject, window and orders. */
    private static List<String> ids(List<RiskAlert> alerts) {
        return alerts.stream().map(RiskAlert::getAlertId).sorted().toList();
    }

    private static List<RiskAlert> ofRule(List<RiskAlert> alerts, String ruleId) {
        return alerts.stream().filter(a -> a.getRuleId().equals(ruleId)).toList();
    }
}
