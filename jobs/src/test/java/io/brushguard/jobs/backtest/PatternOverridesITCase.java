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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * detector is gone, a version is stamped on its alerts, a threshold changes what alerts, a shadow
 * rule alerts apart, and two pattern sets are compared.
 */
class PatternOverridesITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    private static final String SIGNED_WITHOUT_TRANSIT = "empty-parcel.signed-without-transit";
    private static final String WAYBILL_REUSE = "empty-parcel.waybill-reuse";
    private static final String SIGNED_TOO_FAST = "empty-parcel.signed-too-fast";
    private static final String FAST_CONFIRM = "brushing.fast-confirm";

    @TempDir static Path events;
    static List<RiskAlert> shipped;
    static List<RiskAlert> shippedSignals;

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
        Backtest.Result result = Backtest.run(events, DetectionRules.defaults(), 2);
        shipped = result.alerts();
        shippedSignals = result.signals();
        assertThat(result.shadowAlerts()).isEmpty();
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

    @Test
    void shouldSendTheAlertsOfAShadowRuleToTheShadowOutputOnlyWithTheirLiveIds() throws Exception {
        override(WAYBILL_REUSE, "enabled: true", "enabled: true\nshadow: true");

        Backtest.Result result =
                Backtest.run(events, PatternDefinitions.withOverrides(patterns), 2);

        assertThat(ofRule(shipped, WAYBILL_REUSE)).isNotEmpty();
        assertThat(ids(result.shadowAlerts())).isEqualTo(ids(ofRule(shipped, WAYBILL_REUSE)));
        assertThat(ids(result.shadowSignals()))
                .isEqualTo(ids(ofRule(shippedSignals, WAYBILL_REUSE)));
        assertThat(result.alerts()).extracting(RiskAlert::getRuleId).doesNotContain(WAYBILL_REUSE);
        assertThat(result.signals()).extracting(RiskAlert::getRuleId).doesNotContain(WAYBILL_REUSE);
        Predicate<RiskAlert> others =
                a -> !a.getRuleId().equals(WAYBILL_REUSE) && !a.getRuleId().startsWith("combined.");
        assertThat(ids(result.alerts().stream().filter(others).toList()))
                .isEqualTo(ids(shipped.stream().filter(others).toList()));
    }

    @Test
    void shouldWriteShadowAlertsApartAndScoreThemAsShadowRules(@TempDir Path out) throws Exception {
        override(WAYBILL_REUSE, "enabled: true", "enabled: true\nshadow: true");
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
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("; shadow: " + WAYBILL_REUSE).contains("shadow rules");
        assertThat(ids(AlertsJsonl.read(out.resolve("shadow-alerts.jsonl"))))
                .isEqualTo(ids(ofRule(shipped, WAYBILL_REUSE)));
        assertThat(AlertsJsonl.read(out.resolve("alerts.jsonl")))
                .extracting(RiskAlert::getRuleId)
                .doesNotContain(WAYBILL_REUSE);
        // Shadow alerts make no list candidates either: every candidate's alerts are live ones.
        List<String> live = ids(AlertsJsonl.read(out.resolve("alerts.jsonl")));
        for (String line : Files.readAllLines(out.resolve("candidates.jsonl"))) {
            JsonNode c = new ObjectMapper().readTree(line);
            assertThat(c.get("candidate_id").asText())
                    .isEqualTo(
                            c.get("list").asText()
                                    + ":"
                                    + c.get("entity_type").asText()
                                    + ":"
                                    + c.get("entity_id").asText());
            c.get("alert_ids").forEach(id -> assertThat(live).contains(id.asText()));
        }
    }

    @Test
    void shouldDiffALoweredThresholdAgainstTheShippedDefinitions(@TempDir Path out)
            throws Exception {
        override(FAST_CONFIRM, "  conclusive-orders: 6", "  conclusive-orders: 3");
        override(FAST_CONFIRM, "version: 1", "version: 2");
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int code =
                Main.run(
                        new String[] {
                            "backtest",
                            "--events",
                            events.toString(),
                            "--baseline",
                            "shipped",
                            "--patterns",
                            patterns.toString(),
                            "--out",
                            out.toString()
                        },
                        new PrintStream(console, true, StandardCharsets.UTF_8),
                        System.err);

        assertThat(code).isZero();
        List<RiskAlert> baseline = AlertsJsonl.read(out.resolve("baseline/alerts.jsonl"));
        List<RiskAlert> candidate = AlertsJsonl.read(out.resolve("candidate/alerts.jsonl"));
        assertThat(ids(baseline)).isEqualTo(ids(shipped));
        BacktestDiff.Diff diff = BacktestDiff.of(baseline, candidate);
        assertThat(ofRule(diff.gained(), FAST_CONFIRM)).isNotEmpty();
        assertThat(diff.lost())
                .extracting(RiskAlert::getRuleId)
                .allMatch(r -> r.equals(FAST_CONFIRM) || r.startsWith("combined."));
        assertThat(diff.gained())
                .extracting(RiskAlert::getRuleId)
                .allMatch(r -> r.equals(FAST_CONFIRM) || r.startsWith("combined."));
        List<String> written = Files.readAllLines(out.resolve("diff.jsonl"));
        assertThat(written).hasSize(diff.gained().size() + diff.lost().size());
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .contains(diff.gained().size() + " alerts gained")
                .containsPattern(
                        FAST_CONFIRM.replace(".", "\\.")
                                + " +"
                                + ofRule(shipped, FAST_CONFIRM).size()
                                + " +"
                                + ofRule(candidate, FAST_CONFIRM).size()
                                + " +\\+"
                                + ofRule(diff.gained(), FAST_CONFIRM).size());
    }

    /**
     * Writes the shipped definition of {@code id} (or the one already in {@code patterns}) with one
     * line changed to {@code patterns}.
     */
    private void override(String id, String line, String replacement) throws IOException {
        String resource = PatternDefinitions.RESOURCE_DIR + id + ".yaml";
        String text;
        if (Files.exists(patterns.resolve(id + ".yaml"))) {
            text = Files.readString(patterns.resolve(id + ".yaml"));
        } else {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
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
