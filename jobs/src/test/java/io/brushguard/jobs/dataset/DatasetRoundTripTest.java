package io.brushguard.jobs.dataset;

import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.generator.GeneratedData;
import io.brushguard.jobs.generator.GeneratorConfig;
import io.brushguard.jobs.generator.PlatformGenerator;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;
import io.brushguard.patterns.quality.Episode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetRoundTripTest {

    private static GeneratedData data;

    @TempDir Path dir;

    @BeforeAll
    static void generate() {
        data =
                PlatformGenerator.generate(
                        GeneratorConfig.defaults()
                                .withDays(1)
                                .withShops(80)
                                .withBuyers(600)
                                .withOrdersPerDay(400)
                                .withEpisodesPerKind(2));
    }

    private static OrderEvent order(String id, long t) {
        return new OrderEvent(
                id,
                OrderStatus.CREATED,
                Instant.ofEpochMilli(t),
                "s1",
                "u1",
                "i1",
                "books",
                1990L,
                1,
                Instant.ofEpochMilli(0L),
                null,
                null,
                null);
    }

    private static PaymentEvent payment(String orderId, long t) {
        return new PaymentEvent(
                "p-" + orderId,
                orderId,
                PaymentStatus.PAID,
                Instant.ofEpochMilli(t),
                "u1",
                "card",
                1990L);
    }

    @Test
    void shouldRoundTripEveryEventThroughJsonl() throws Exception {
        Map<StreamType, Long> written =
                DatasetWriter.write(dir, data.events(), data.labels(), DatasetWriter.Format.JSONL);

        Dataset read = DatasetReader.read(dir);

        assertThat(read.malformed()).isEmpty();
        assertThat(read.events()).containsExactlyInAnyOrderElementsOf(data.events());
        assertThat(read.events())
                .isSortedAccordingTo(Comparator.comparingLong(PlatformEvent::eventTime));
        assertThat(read.labels()).isEqualTo(data.labels());
        assertThat(read.hasLabels()).isTrue();
        assertThat(read.streams())
                .containsOnlyKeys(StreamType.values())
                .containsValue(DatasetWriter.Format.JSONL);
        assertThat(written.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(data.events().size());
        assertThat(Files.readAllLines(dir.resolve("orders.jsonl")))
                .hasSize(written.get(StreamType.ORDERS).intValue());
    }

    @Test
    void shouldRoundTripEveryEventThroughAvro() throws Exception {
        DatasetWriter.write(dir, data.events(), data.labels(), DatasetWriter.Format.AVRO);

        Dataset read = DatasetReader.read(dir);

        assertThat(read.malformed()).isEmpty();
        assertThat(read.events()).containsExactlyInAnyOrderElementsOf(data.events());
        assertThat(read.labels()).isEqualTo(data.labels());
        assertThat(read.streams().values()).containsOnly(DatasetWriter.Format.AVRO);
        assertThat(dir.resolve("orders.avro")).exists();
        assertThat(dir.resolve("orders.jsonl")).doesNotExist();
    }

    @Test
    void shouldMergeStreamsInEventTimeOrder() throws Exception {
        // Files written by someone else need not be sorted.
        Files.write(
                dir.resolve("orders.jsonl"),
                List.of(AvroJson.toJson(order("o2", 300)), AvroJson.toJson(order("o1", 100))));
        Files.write(
                dir.resolve("payments.jsonl"),
                List.of(AvroJson.toJson(payment("o2", 400)), AvroJson.toJson(payment("o1", 100))));

        Dataset read = DatasetReader.read(dir);

        assertThat(read.events())
                .extracting(e -> e.stream() + ":" + e.orderId() + "@" + e.eventTime())
                .containsExactly(
                        "ORDERS:o1@100", "PAYMENTS:o1@100", "ORDERS:o2@300", "PAYMENTS:o2@400");
    }

    @Test
    void shouldReadADataSetWithSomeStreamsMissing() throws Exception {
        Files.write(dir.resolve("orders.jsonl"), List.of(AvroJson.toJson(order("o1", 100))));

        Dataset read = DatasetReader.read(dir);

        assertThat(read.events()).hasSize(1);
        assertThat(read.streams()).containsOnlyKeys(StreamType.ORDERS);
        assertThat(read.hasLabels()).isFalse();
        assertThat(read.labels()).isEmpty();
    }

    @Test
    void shouldReportLineAndReasonForMalformedLine() throws Exception {
        String good = AvroJson.toJson(order("o1", 100));
        String missingShop = AvroJson.toJson(order("o2", 200)).replace("\"shop_id\":\"s1\",", "");
        Files.write(
                dir.resolve("orders.jsonl"),
                List.of(
                        good,
                        missingShop,
                        "{\"order_id\": \"o3\",",
                        "",
                        AvroJson.toJson(order("o4", 400))));
        Files.write(
                dir.resolve("reviews.jsonl"),
                List.of(
                        "{\"review_id\":\"r1\",\"shop_id\":\"s1\",\"reviewer_id\":\"u1\","
                                + "\"rating\":\"five\",\"event_time\":1}"));

        Dataset read = DatasetReader.read(dir);

        assertThat(read.events()).extracting(PlatformEvent::orderId).containsExactly("o1", "o4");
        assertThat(read.malformed())
                .extracting(MalformedLine::file, MalformedLine::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("orders.jsonl", 2L),
                        org.assertj.core.groups.Tuple.tuple("orders.jsonl", 3L),
                        org.assertj.core.groups.Tuple.tuple("reviews.jsonl", 1L));
        assertThat(read.malformed().get(0).reason()).isEqualTo("missing required field 'shop_id'");
        assertThat(read.malformed().get(1).reason()).startsWith("malformed JSON");
        assertThat(read.malformed().get(2))
                .hasToString("reviews.jsonl:1: field 'rating': expected int, got \"five\"");
    }

    @Test
    void shouldSkipBlankLinesAndAByteOrderMark() throws Exception {
        Files.writeString(
                dir.resolve("orders.jsonl"),
                "\uFEFF" + AvroJson.toJson(order("o1", 100)) + "\r\n\r\n   \n",
                StandardCharsets.UTF_8);

        Dataset read = DatasetReader.read(dir);

        assertThat(read.malformed()).isEmpty();
        assertThat(read.events()).hasSize(1);
    }

    @Test
    void shouldReportMalformedLabelLines() throws Exception {
        Files.write(
                dir.resolve("labels.jsonl"),
                List.of(
                        LabelsJson.toJson(
                                new Episode(
                                        "e1", "BRUSHING", "SHOP", "s1", List.of("o1"), null, 1, 2)),
                        "{\"episode_id\":\"e2\"}"));

        Dataset read = DatasetReader.read(dir);

        assertThat(read.hasLabels()).isTrue();
        assertThat(read.labels()).extracting(Episode::episodeId).containsExactly("e1");
        assertThat(read.malformed())
                .containsExactly(
                        new MalformedLine("labels.jsonl", 2, "missing required field 'kind'"));
    }

    @Test
    void shouldRemoveStaleLabelsWhenWritingWithoutGroundTruth() throws Exception {
        DatasetWriter.write(dir, data.events(), data.labels(), DatasetWriter.Format.JSONL);
        DatasetWriter.write(dir, data.events(), null, DatasetWriter.Format.JSONL);

        assertThat(DatasetReader.read(dir).hasLabels()).isFalse();

        DatasetWriter.write(dir, data.events(), List.of(), DatasetWriter.Format.JSONL);
        Dataset labelledClean = DatasetReader.read(dir);
        assertThat(labelledClean.hasLabels()).isTrue();
        assertThat(labelledClean.labels()).isEmpty();
    }

    @Test
    void shouldReplaceTheOtherFormatWhenRewritingADataSet() throws Exception {
        DatasetWriter.write(dir, data.events(), data.labels(), DatasetWriter.Format.AVRO);
        DatasetWriter.write(dir, data.events(), data.labels(), DatasetWriter.Format.JSONL);

        assertThat(dir.resolve("reviews.avro")).doesNotExist();
        assertThat(DatasetReader.read(dir).events()).hasSameSizeAs(data.events());
    }

    @Test
    void shouldRefuseADataSetWithBothFormatsOfAStream() throws Exception {
        Files.write(dir.resolve("orders.jsonl"), List.of(AvroJson.toJson(order("o1", 100))));
        Files.write(dir.resolve("orders.avro"), new byte[0]);

        assertThatThrownBy(() -> DatasetReader.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orders.jsonl")
                .hasMessageContaining("orders.avro");
    }

    @Test
    void shouldReportAnAvroFileThatCannotBeRead() throws Exception {
        Files.writeString(dir.resolve("payments.avro"), "this is not avro");
        Files.write(dir.resolve("orders.jsonl"), List.of(AvroJson.toJson(order("o1", 100))));

        Dataset read = DatasetReader.read(dir);

        assertThat(read.events()).hasSize(1);
        assertThat(read.malformed())
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.file()).isEqualTo("payments.avro");
                            assertThat(m.reason()).startsWith("not a readable Avro file");
                        });
    }

    @Test
    void shouldRoundTripAlertsThroughAlertsJsonl() throws Exception {
        Path file = dir.resolve(AlertsJsonl.FILE_NAME);
        RiskAlert alert = AvroJsonTest.alert();

        AlertsJsonl.write(file, List.of(alert, alert));

        assertThat(AlertsJsonl.read(file)).containsExactly(alert, alert);

        Files.writeString(file, AvroJson.toJson(alert) + "\n{\"alert_id\":1}\n");
        List<MalformedLine> malformed = new ArrayList<>();
        assertThat(AlertsJsonl.read(file, malformed)).containsExactly(alert);
        assertThat(malformed).extracting(MalformedLine::line).containsExactly(2L);
        assertThatThrownBy(() -> AlertsJsonl.read(file))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("alerts.jsonl:2: field 'alert_id': expected string");
    }

    @Test
    void shouldReadReviewsWrittenByHandWithOptionalFieldsLeftOut() throws Exception {
        Files.write(
                dir.resolve("reviews.jsonl"),
                List.of(
                        "{\"review_id\":\"r1\",\"shop_id\":\"s1\",\"reviewer_id\":\"u1\","
                                + "\"rating\":1,\"event_time\":1700000000000}"));

        ReviewEvent r = DatasetReader.read(dir).events().get(0).review;

        assertThat(r.getOrderId()).isNull();
        assertThat(r.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    }
}
