package io.brushguard.jobs.backtest;

import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.ShadowSplitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BacktestDiffTest {

    @Test
    void shouldMatchAlertsOfANewRuleVersionBySubjectWindowAndOrdersNotById() {
        RiskAlert v1 =
                alert("id-v1", "empty-parcel.waybill-reuse", "s1", 1_000, List.of("o1", "o2"));
        RiskAlert v2 =
                alert("id-v2", "empty-parcel.waybill-reuse", "s1", 1_000, List.of("o2", "o1"));

        BacktestDiff.Diff diff = BacktestDiff.of(List.of(v1), List.of(v2));

        assertThat(diff.gained()).isEmpty();
        assertThat(diff.lost()).isEmpty();
        assertThat(diff.rules())
                .containsExactly(
                        new BacktestDiff.RuleRow("empty-parcel.waybill-reuse", 1, 1, 0, 0));
    }

    @Test
    void shouldCountGainedAndLostPerRuleAndWriteEveryChange(@TempDir Path dir) throws Exception {
        RiskAlert kept = alert("k", "brushing.fast-confirm", "s1", 1_000, List.of("o1"));
        RiskAlert lost = alert("l", "brushing.fast-confirm", "s2", 1_000, List.of("o2"));
        RiskAlert otherWindow = alert("w", "brushing.fast-confirm", "s1", 5_000, List.of("o1"));
        RiskAlert gained = alert("g", "empty-parcel.waybill-reuse", "s3", 1_000, List.of("o3"));

        BacktestDiff.Diff diff =
                BacktestDiff.of(List.of(kept, lost), List.of(kept, otherWindow, gained));

        assertThat(diff.rules())
                .containsExactly(
                        new BacktestDiff.RuleRow("brushing.fast-confirm", 2, 2, 1, 1),
                        new BacktestDiff.RuleRow("empty-parcel.waybill-reuse", 0, 1, 1, 0));
        assertThat(diff.gained())
                .extracting(RiskAlert::getAlertId)
                .containsExactlyInAnyOrder("w", "g");
        assertThat(diff.lost()).extracting(RiskAlert::getAlertId).containsExactly("l");
        assertThat(
                        BacktestDiff.render(
                                diff,
                                List.of(kept, lost),
                                List.of(kept, otherWindow, gained),
                                null,
                                1))
                .contains("2 alerts gained (first 1)")
                .contains("1 alerts lost")
                .contains("- brushing.fast-confirm SHOP:s2");

        Path file = dir.resolve("diff.jsonl");
        BacktestDiff.write(file, diff);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("{\"change\":\"gained\"");
        assertThat(lines.get(2))
                .startsWith(
                        "{\"change\":\"lost\",\"alert_id\":\"l\",\"rule_id\":\"brushing.fast-confirm\"")
                .contains("\"entity_id\":\"s2\"", "\"order_ids\":[\"o2\"]");
    }

    private static RiskAlert alert(
            String id, String ruleId, String shop, long start, List<String> orders) {
        RiskAlert a = ShadowSplitTest.candidate(id, ruleId, 0.9);
        a.setEntityId(shop);
        a.setWindowStart(Instant.ofEpochMilli(start));
        a.setWindowEnd(Instant.ofEpochMilli(start + 1_000));
        a.setOrderIds(orders);
        return a;
    }
}
