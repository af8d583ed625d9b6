package io.brushguard.jobs.backtest;

import io.brushguard.avro.DeadLetter;
import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.MiniClusters;
import io.brushguard.jobs.dataset.AlertsJsonl;
import io.brushguard.jobs.dataset.DatasetWriter;
import io.brushguard.jobs.generator.GeneratedData;
import io.brushguard.jobs.generator.GeneratorConfig;
import io.brushguard.jobs.generator.PlatformGenerator;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.quality.LabelScorer;

import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class BacktestITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    static GeneratedData data;

    @BeforeAll
    static void generate() {
        data =
                PlatformGenerator.generate(
                        GeneratorConfig.defaults()
                                .withSeed(11)
                                .withDays(1)
                                .withShops(200)
                                .withBuyers(3_000)
                                .withOrdersPerDay(2_000)
                                .withEpisodesPerKind(3));
    }

    @Test
    void shouldFindEveryInjectedKindInARecordedDataSet(@TempDir Path dir) throws Exception {
        data.writeTo(dir, DatasetWriter.Format.JSONL);
        Backtest.Result result = Backtest.run(dir, DetectionRules.defaults(), 2);

        var byKind = LabelScorer.byKind(result.alerts(), data.labels());
        assertThat(byKind).containsOnlyKeys("BRUSHING", "EMPTY_PARCEL", "MALICIOUS_REVIEW");
        byKind.values().forEach(score -> assertThat(score.episodesFound()).isPositive());
        assertThat(result.deadLetters()).isEmpty();
    }

    @Test
    void shouldGiveTheSameAlertsFromAvroFilesAsFromJsonl(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("jsonl");
        Path avro = dir.resolve("avro");
        data.writeTo(jsonl, DatasetWriter.Format.JSONL);
        data.writeTo(avro, DatasetWriter.Format.AVRO);
        assertThat(ids(Backtest.run(avro, DetectionRules.defaults(), 2).alerts()))
                .isEqualTo(ids(Backtest.run(jsonl, DetectionRules.defaults(), 2).alerts()))
                .isNotEmpty();
    }

    @Test
    void shouldDeadLetterAMalformedLineWithItsFileAndLineAndKeepGoing(@TempDir Path dir)
            throws Exception {
        data.writeTo(dir, DatasetWriter.Format.JSONL);
        Path orders = dir.resolve("orders.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(orders));
        lines.set(2, "{\"order_id\": \"o-bad\", \"status\": \"CREATED\"}");
        lines.add(5, "this is not json");
        Files.write(orders, lines);

        Backtest.Result result = Backtest.run(dir, DetectionRules.defaults(), 2);

        assertThat(result.deadLetters())
                .extracting(DeadLetter::getOffset, DeadLetter::getTopic)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3L, "orders.jsonl"),
                        org.assertj.core.groups.Tuple.tuple(6L, "orders.jsonl"));
        assertThat(result.deadLetters().get(0).getError())
                .startsWith("orders.jsonl line 3: ")
                .contains("event_time");
        assertThat(result.alerts()).isNotEmpty();
        // Every line read is counted, the two dead letters among them.
        long read = 0;
        for (String file :
                List.of("orders.jsonl", "payments.jsonl", "logistics.jsonl", "reviews.jsonl")) {
            read += Files.readAllLines(dir.resolve(file)).size();
        }
        assertThat(result.records()).isEqualTo(read);
        assertThat(result.runtimeMillis()).isPositive();
    }

    @Test
    void shouldWriteAlertsThatReadBackUnchanged(@TempDir Path dir) throws Exception {
        data.writeTo(dir.resolve("in"), DatasetWriter.Format.JSONL);
        List<RiskAlert> alerts =
                Backtest.run(dir.resolve("in"), DetectionRules.defaults(), 2).alerts();
        AlertsJsonl.write(dir.resolve("alerts.jsonl"), alerts);
        assertThat(AlertsJsonl.read(dir.resolve("alerts.jsonl"))).isEqualTo(alerts);
    }

    private static List<String> ids(List<RiskAlert> alerts) {
        return alerts.stream().map(RiskAlert::getAlertId).sorted().collect(Collectors.toList());
    }
}
