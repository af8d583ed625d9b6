package io.brushguard.jobs.dataset;

import io.brushguard.avro.DeadLetter;
import io.brushguard.avro.Direction;
import io.brushguard.avro.EntityType;
import io.brushguard.avro.Evidence;
import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.ScanType;
import io.brushguard.avro.Severity;
import io.brushguard.avro.TimelineEntry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static OrderEvent order() {
        return new OrderEvent(
                "o1",
                OrderStatus.PAID,
                Instant.ofEpochMilli(1_700_000_000_123L),
                "s1",
                "u1",
                "i1",
                "food",
                4990L,
                2,
                Instant.ofEpochMilli(1_600_000_000_000L),
                "d1",
                "10.0.0.1",
                "a1");
    }

    static RiskAlert alert() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("orders", "12");
        facts.put("threshold", "10");
        return new RiskAlert(
                "al-1",
                "BRUSHING",
                Direction.INFLATE,
                "brushing.ring",
                3,
                Severity.HIGH,
                EntityType.SHOP,
                "s1",
                Instant.ofEpochMilli(1_000L),
                Instant.ofEpochMilli(2_000L),
                new ArrayList<>(List.of("o1", "o2")),
                new Evidence(
                        "12 orders by 3 accounts sharing a device in 40 minutes",
                        facts,
                        new ArrayList<>(
                                List.of(
                                        new TimelineEntry(
                                                Instant.ofEpochMilli(1_000L),
                                                "orders",
                                                "o1",
                                                "CREATED by buyer u1"),
                                        new TimelineEntry(
                                                Instant.ofEpochMilli(1_500L),
                                                "reviews",
                                                null,
                                                "5 stars"))),
                        new java.util.HashMap<>(java.util.Map.of("u1", "BUYER"))),
                0.93,
                Instant.ofEpochMilli(3_000L));
    }

    @Test
    void shouldWriteSnakeCaseFieldsEpochMillisAndEnumNames() throws Exception {
        JsonNode json = MAPPER.readTree(AvroJson.toJson(order()));

        assertThat(json.get("order_id").asText()).isEqualTo("o1");
        assertThat(json.get("status").asText()).isEqualTo("PAID");
        assertThat(json.get("event_time").isIntegralNumber()).isTrue();
        assertThat(json.get("event_time").asLong()).isEqualTo(1_700_000_000_123L);
        assertThat(json.get("buyer_registered_at").asLong()).isEqualTo(1_600_000_000_000L);
        assertThat(json.get("amount").asLong()).isEqualTo(4990L);
        assertThat(json.get("ship_address_id").asText()).isEqualTo("a1");
    }

    @Test
    void shouldWriteOneLineWithFieldsInSchemaOrder() {
        String json = AvroJson.toJson(order());

        assertThat(json).doesNotContain("\n");
        assertThat(json).startsWith("{\"order_id\":\"o1\",\"status\":\"PAID\",\"event_time\":");
    }

    @Test
    void shouldWriteAbsentOptionalFieldsAsNull() throws Exception {
        OrderEvent o = order();
        o.setDeviceId(null);
        o.setIp(null);

        JsonNode json = MAPPER.readTree(AvroJson.toJson(o));

        assertThat(json.get("device_id").isNull()).isTrue();
        assertThat(json.get("ip").isNull()).isTrue();
    }

    @Test
    void shouldRoundTripEveryEventType() {
        List<SpecificRecord> records =
                List.of(
                        order(),
                        new PaymentEvent(
                                "p1",
                                "o1",
                                PaymentStatus.CHARGEBACK,
                                Instant.ofEpochMilli(5L),
                                "u2",
                                "card",
                                100L),
                        new LogisticsEvent(
                                "w1",
                                "o1",
                                "SF",
                                null,
                                ScanType.IN_TRANSIT,
                                Instant.ofEpochMilli(7L),
                                "HGH-DC1",
                                null),
                        new LogisticsEvent(
                                "w1",
                                "o1",
                                "SF",
                                "c1",
                                ScanType.PICKED_UP,
                                Instant.ofEpochMilli(6L),
                                "HGH",
                                320),
                        new ReviewEvent(
                                "r1",
                                null,
                                "s1",
                                "u3",
                                1,
                                Instant.ofEpochMilli(9L),
                                "abc",
                                null,
                                "240e::1"));

        for (SpecificRecord r : records) {
            assertThat(AvroJson.fromJson(AvroJson.toJson(r), r.getClass())).isEqualTo(r);
        }
    }

    @Test
    void shouldRoundTripRiskAlertWithNestedEvidence() {
        RiskAlert alert = alert();

        RiskAlert back = AvroJson.fromJson(AvroJson.toJson(alert), RiskAlert.class);

        assertThat(back).isEqualTo(alert);
        assertThat(back.getEvidence().getTimeline().get(1).getOrderId()).isNull();
        assertThat(back.getEvidence().getFacts())
                .containsExactly(Map.entry("orders", "12"), Map.entry("threshold", "10"));
    }

    @Test
    void shouldRoundTripBytesAsBase64() {
        DeadLetter letter =
                new DeadLetter(
                        "orders",
                        3,
                        42L,
                        1_000L,
                        "DECODE_ERROR",
                        "missing required field 'shop_id'",
                        null,
                        ByteBuffer.wrap("{\"x\":1}".getBytes(StandardCharsets.UTF_8)));

        String json = AvroJson.toJson(letter);

        assertThat(json).contains("\"value\":\"eyJ4IjoxfQ==\"");
        assertThat(AvroJson.fromJson(json, DeadLetter.class)).isEqualTo(letter);
    }

    @Test
    void shouldReadTheSchemaGivenInsteadOfAClass() {
        String json = AvroJson.toJson(order());

        assertThat(AvroJson.fromJson(json, OrderEvent.getClassSchema())).isEqualTo(order());
    }

    @Test
    void shouldIgnoreUnknownFields() {
        String json =
                "{\"payment_id\":\"p1\",\"order_id\":\"o1\",\"status\":\"PAID\","
                        + "\"event_time\":5,\"payer_account_id\":\"u1\",\"method\":\"card\","
                        + "\"amount\":100,\"currency\":\"CNY\",\"risk\":{\"a\":[1,2,{\"b\":null}]}}";

        PaymentEvent p = AvroJson.fromJson(json, PaymentEvent.class);

        assertThat(p.getAmount()).isEqualTo(100L);
        assertThat(p.getMethod()).isEqualTo("card");
    }

    @Test
    void shouldDefaultMissingOptionalFieldsToNull() {
        String json =
                "{\"review_id\":\"r1\",\"shop_id\":\"s1\",\"reviewer_id\":\"u1\",\"rating\":5,"
                        + "\"event_time\":1}";

        ReviewEvent r = AvroJson.fromJson(json, ReviewEvent.class);

        assertThat(r.getOrderId()).isNull();
        assertThat(r.getTextHash()).isNull();
        assertThat(r.getDeviceId()).isNull();
        assertThat(r.getIp()).isNull();
    }

    @Test
    void shouldDefaultMissingFieldsToTheirSchemaDefaults() {
        String json =
                "{\"alert_id\":\"a\",\"kind\":\"BRUSHING\",\"direction\":\"INFLATE\","
                        + "\"rule_id\":\"r\",\"rule_version\":1,\"severity\":\"LOW\","
                        + "\"entity_type\":\"SHOP\",\"entity_id\":\"s1\",\"window_start\":1,"
                        + "\"window_end\":2,\"evidence\":{\"summary\":\"x\"},\"score\":0.5,"
                        + "\"detected_at\":3}";

        RiskAlert a = AvroJson.fromJson(json, RiskAlert.class);
        RiskAlert b = AvroJson.fromJson(json, RiskAlert.class);

        assertThat(a.getOrderIds()).isEmpty();
        assertThat(a.getEvidence().getFacts()).isEmpty();
        assertThat(a.getEvidence().getTimeline()).isEmpty();
        a.getOrderIds().add("o1");
        assertThat(b.getOrderIds()).as("defaults are not shared between records").isEmpty();
    }

    @Test
    void shouldRejectMissingRequiredField() {
        String json = AvroJson.toJson(order()).replace("\"shop_id\":\"s1\",", "");

        assertThatThrownBy(() -> AvroJson.fromJson(json, OrderEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("missing required field 'shop_id'");
    }

    @Test
    void shouldRejectValueOfTheWrongType() {
        String json =
                "{\"review_id\":\"r1\",\"shop_id\":\"s1\",\"reviewer_id\":\"u1\","
                        + "\"rating\":\"five\",\"event_time\":1}";

        assertThatThrownBy(() -> AvroJson.fromJson(json, ReviewEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("field 'rating': expected int, got \"five\"")
                .extracting(e -> ((InvalidEventException) e).field())
                .isEqualTo("rating");
    }

    @Test
    void shouldRejectNullForARequiredField() {
        String json = AvroJson.toJson(order()).replace("\"shop_id\":\"s1\"", "\"shop_id\":null");

        assertThatThrownBy(() -> AvroJson.fromJson(json, OrderEvent.class))
                .hasMessage("field 'shop_id': expected string, got null");
    }

    @Test
    void shouldRejectFractionsAndOutOfRangeNumbersForInts() {
        String fraction = AvroJson.toJson(order()).replace("\"quantity\":2", "\"quantity\":2.5");
        String huge = AvroJson.toJson(order()).replace("\"quantity\":2", "\"quantity\":3000000000");
        String epochAsText =
                AvroJson.toJson(order())
                        .replace(
                                "\"event_time\":1700000000123", "\"event_time\":\"1700000000123\"");

        assertThatThrownBy(() -> AvroJson.fromJson(fraction, OrderEvent.class))
                .hasMessage("field 'quantity': expected int, got 2.5");
        assertThatThrownBy(() -> AvroJson.fromJson(huge, OrderEvent.class))
                .hasMessage("field 'quantity': expected int, got 3000000000 (out of range)");
        assertThatThrownBy(() -> AvroJson.fromJson(epochAsText, OrderEvent.class))
                .hasMessage(
                        "field 'event_time': expected timestamp-millis (epoch ms), got"
                                + " \"1700000000123\"");
    }

    @Test
    void shouldRejectUnknownEnumSymbol() {
        String json = AvroJson.toJson(order()).replace("\"PAID\"", "\"FOO\"");

        assertThatThrownBy(() -> AvroJson.fromJson(json, OrderEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("field 'status': unknown enum symbol 'FOO'")
                .hasMessageContaining("CREATED, PAID, SHIPPED, COMPLETED, CANCELLED, REFUNDED");
    }

    @Test
    void shouldNameThePathOfABadNestedField() {
        String json = AvroJson.toJson(alert()).replace("\"at\":1500", "\"at\":\"yesterday\"");

        assertThatThrownBy(() -> AvroJson.fromJson(json, RiskAlert.class))
                .hasMessage(
                        "field 'evidence.timeline[1].at': expected timestamp-millis (epoch ms),"
                                + " got \"yesterday\"");
    }

    @Test
    void shouldNameTheMissingFieldOfANestedRecord() {
        String json = AvroJson.toJson(alert()).replace("\"stream\":\"reviews\",", "");

        assertThatThrownBy(() -> AvroJson.fromJson(json, RiskAlert.class))
                .hasMessage("missing required field 'evidence.timeline[1].stream'");
    }

    @Test
    void shouldRejectInputThatIsNotAJsonObject() {
        for (String notAnObject : List.of("[1,2]", "42", "\"order\"", "null", "", "   ")) {
            assertThatThrownBy(() -> AvroJson.fromJson(notAnObject, OrderEvent.class))
                    .as(notAnObject)
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageStartingWith("not a JSON object");
        }
    }

    @Test
    void shouldRejectMalformedJson() {
        String truncated = AvroJson.toJson(order()).substring(0, 40);

        assertThatThrownBy(() -> AvroJson.fromJson(truncated, OrderEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("malformed JSON: ");
        assertThatThrownBy(() -> AvroJson.fromJson("{order_id: 'o1'}", OrderEvent.class))
                .hasMessageStartingWith("malformed JSON: ");
    }

    @Test
    void shouldRejectContentAfterTheObject() {
        String json = AvroJson.toJson(order()) + " {}";

        assertThatThrownBy(() -> AvroJson.fromJson(json, OrderEvent.class))
                .hasMessage("unexpected content after the JSON object");
    }

    @Test
    void shouldRefuseToWriteARecordWithARequiredFieldUnset() {
        OrderEvent o = order();
        o.setShopId(null);

        assertThatThrownBy(() -> AvroJson.toJson(o))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shop_id");
    }
}
