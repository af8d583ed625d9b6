package io.brushguard.jobs.source;

import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.jobs.sink.AvroBytes;
import io.brushguard.patterns.model.StreamType;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class EventDecoderTest {

    private final EventDecoder decoder =
            new EventDecoder(
                    Map.of(
                            "orders", StreamType.ORDERS,
                            "payments", StreamType.PAYMENTS,
                            "reviews", StreamType.REVIEWS));

    static OrderEvent anOrder() {
        return OrderEvent.newBuilder()
                .setOrderId("o1")
                .setStatus(OrderStatus.CREATED)
                .setEventTime(Instant.parse("2026-11-02T08:00:00Z"))
                .setShopId("s1")
                .setBuyerId("b1")
                .setItemId("i1")
                .setCategory("food")
                .setAmount(1200)
                .setQuantity(1)
                .setBuyerRegisteredAt(Instant.parse("2024-01-01T00:00:00Z"))
                .build();
    }

    private SourceRecord decode(String topic, byte[] value) {
        return decoder.decode(topic, 1, 42L, 1000L, null, value);
    }

    @Test
    void shouldDecodePlainAvroBinary() {
        SourceRecord r = decode("orders", AvroBytes.encode(anOrder()));
        assertThat(r.isDeadLetter()).isFalse();
        assertThat(r.event.order).isEqualTo(anOrder());
        assertThat(r.topic).isEqualTo("orders");
        assertThat(r.partition).isEqualTo(1);
        assertThat(r.offset).isEqualTo(42L);
    }

    @Test
    void shouldDeadLetterTruncatedBytesWithCoordinatesAndRawValue() {
        byte[] valid = AvroBytes.encode(anOrder());
        byte[] truncated = Arrays.copyOf(valid, valid.length - 5);
        SourceRecord r = decode("orders", truncated);
        assertThat(r.isDeadLetter()).isTrue();
        assertThat(r.deadLetter.getTopic()).isEqualTo("orders");
        assertThat(r.deadLetter.getPartition()).isEqualTo(1);
        assertThat(r.deadLetter.getOffset()).isEqualTo(42L);
        assertThat(r.deadLetter.getReason()).isEqualTo(DeadLetters.DECODE_ERROR);
        assertThat(r.deadLetter.getError()).contains("not a valid OrderEvent");
        assertThat(r.deadLetter.getValue()).isEqualTo(ByteBuffer.wrap(truncated));
    }

    @Test
    void shouldDeadLetterARecordOfAnotherSchema() {
        PaymentEvent payment =
                PaymentEvent.newBuilder()
                        .setPaymentId("p1")
                        .setOrderId("o1")
                        .setStatus(PaymentStatus.PAID)
                        .setEventTime(Instant.parse("2026-11-02T08:00:00Z"))
                        .setPayerAccountId("b1")
                        .setMethod("card")
                        .setAmount(100)
                        .build();
        SourceRecord r = decode("orders", AvroBytes.encode(payment));
        assertThat(r.isDeadLetter()).isTrue();
    }

    @Test
    void shouldDeadLetterARecordMissingARequiredField() throws Exception {
        Schema withoutBuyer =
                SchemaBuilder.record("OrderEvent")
                        .fields()
                        .requiredString("order_id")
                        .requiredInt("status")
                        .endRecord();
        GenericRecord g = new GenericData.Record(withoutBuyer);
        g.put("order_id", "o1");
        g.put("status", 0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(withoutBuyer).write(g, enc);
        enc.flush();
        assertThat(decode("orders", bytes.toByteArray()).isDeadLetter()).isTrue();
    }

    @Test
    void shouldDeadLetterANullValue() {
        SourceRecord r = decode("orders", null);
        assertThat(r.isDeadLetter()).isTrue();
        assertThat(r.deadLetter.getError()).contains("null value");
        assertThat(r.deadLetter.getValue()).isNull();
    }

    @Test
    void shouldDeadLetterAnEventThatFailsValidation() {
        ReviewEvent review =
                ReviewEvent.newBuilder()
                        .setReviewId("r1")
                        .setShopId("s1")
                        .setReviewerId("u1")
                        .setRating(9)
                        .setEventTime(Instant.parse("2026-11-02T08:00:00Z"))
                        .build();
        SourceRecord r = decode("reviews", AvroBytes.encode(review));
        assertThat(r.isDeadLetter()).isTrue();
        assertThat(r.deadLetter.getError()).contains("rating must be within 1..5, got 9");
    }

    @Test
    void shouldDeadLetterARecordFromAnUnknownTopic() {
        SourceRecord r = decode("elsewhere", AvroBytes.encode(anOrder()));
        assertThat(r.isDeadLetter()).isTrue();
        assertThat(r.deadLetter.getError())
                .contains("no stream is configured for topic 'elsewhere'");
    }

    @Test
    void shouldAcceptAvroSingleObjectEncodingWithTheRightFingerprint() {
        byte[] body = AvroBytes.encode(anOrder());
        long fp = SchemaNormalization.parsingFingerprint64(OrderEvent.getClassSchema());
        assertThat(decode("orders", singleObject(fp, body)).isDeadLetter()).isFalse();
        SourceRecord wrong = decode("orders", singleObject(fp + 1, body));
        assertThat(wrong.isDeadLetter()).isTrue();
        assertThat(wrong.deadLetter.getError()).contains("schema fingerprint");
    }

    @Test
    void shouldAcceptTheSchemaRegistryFrame() {
        byte[] body = AvroBytes.encode(anOrder());
        byte[] framed = new byte[body.length + 5];
        framed[0] = 0;
        ByteBuffer.wrap(framed, 1, 4).putInt(17);
        System.arraycopy(body, 0, framed, 5, body.length);
        SourceRecord r = decode("orders", framed);
        assertThat(r.isDeadLetter()).isFalse();
        assertThat(r.event.order.getOrderId()).isEqualTo("o1");
    }

    @Test
    void shouldRejectAHugeLengthPrefixBeforeDecoding() {
        // order_id claims 1 GiB (zig-zag varint of 2^30) in a 6-byte record.
        byte[] bytes = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 0x41};
        SourceRecord r = decode("orders", bytes);
        assertThat(r.isDeadLetter()).isTrue();
        assertThat(r.deadLetter.getError())
                .contains("field 'order_id': length 1073741824 but only 1 bytes left");
    }

    @Test
    void shouldNeverThrowOnRandomBytes() {
        Random random = new Random(1);
        int dead = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            SourceRecord r = decode(i % 2 == 0 ? "orders" : "reviews", junk);
            if (r.isDeadLetter()) {
                dead++;
            }
        }
        assertThat(dead).isGreaterThan(19_000);
    }

    private static byte[] singleObject(long fingerprint, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(10 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0xC3).put((byte) 0x01).putLong(fingerprint).put(body);
        return b.array();
    }
}
