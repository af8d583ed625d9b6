package io.brushguard.jobs.source;

import io.brushguard.avro.DeadLetter;
import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.patterns.model.EventValidation;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;

/**
 * Decodes one raw Kafka value into a {@link PlatformEvent}, and never throws: anything it cannot
 * use (null value, truncated or corrupt bytes, another schema, a missing required field, an invalid
 * value) comes back as a {@link DeadLetter} with the record's coordinates, the reason and the raw
 * bytes.
 *
 * <p>brushguard decodes Avro itself rather than with Flink's Avro deserialization schema, which
 * keeps failing after one corrupt record (FLINK-34474). Accepted framings: plain Avro binary; Avro
 * single-object encoding (checked against the schema fingerprint); and the 5-byte schema-registry
 * header (magic 0 and a schema id), whose payload is read with brushguard's schema.
 */
public final class EventDecoder implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Map<StreamType, Schema> SCHEMAS = new EnumMap<>(StreamType.class);

    static {
        SCHEMAS.put(StreamType.ORDERS, OrderEvent.getClassSchema());
        SCHEMAS.put(StreamType.PAYMENTS, PaymentEvent.getClassSchema());
        SCHEMAS.put(StreamType.LOGISTICS, LogisticsEvent.getClassSchema());
        SCHEMAS.put(StreamType.REVIEWS, ReviewEvent.getClassSchema());
    }

    private final Map<String, StreamType> streamByTopic;
    private transient Map<StreamType, SpecificDatumReader<SpecificRecordBase>> readers;
    private transient Map<StreamType, Long> fingerprints;
    private transient BinaryDecoder reuse;

    /**
     * @param streamByTopic which stream each subscribed topic carries
     */
    public EventDecoder(Map<String, StreamType> streamByTopic) {
        this.streamByTopic = Map.copyOf(streamByTopic);
    }

    /** Decodes one record; the result is an event or a dead letter, never an exception. */
    public SourceRecord decode(
            String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        StreamType stream = streamByTopic.get(topic);
        if (stream == null) {
            return dead(
                    topic,
                    partition,
                    offset,
                    timestamp,
                    key,
                    value,
                    "no stream is configured for topic '" + topic + "'");
        }
        if (value == null) {
            return dead(
                    topic,
                    partition,
                    offset,
                    timestamp,
                    key,
                    null,
                    "null value (tombstone): an event needs a body");
        }
        try {
            ensureReaders();
            int start = 0;
            if (value.length >= 10 && value[0] == (byte) 0xC3 && value[1] == (byte) 0x01) {
                long fingerprint =
                        ByteBuffer.wrap(value, 2, 8)
                                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                                .getLong();
                if (fingerprint != fingerprints.get(stream)) {
                    return dead(
                            topic,
                            partition,
                            offset,
                            timestamp,
                            key,
                            value,
                            String.format(
                                    "single-object encoding with schema fingerprint %016x, expected %016x (%s)",
                                    fingerprint,
                                    fingerprints.get(stream),
                                    SCHEMAS.get(stream).getFullName()));
                }
                start = 10;
            } else if (value.length > 5 && value[0] == 0) {
                start = 5;
            }
            String malformed =
                    AvroShape.problem(SCHEMAS.get(stream), value, start, value.length - start);
            if (malformed != null) {
                return dead(
                        topic,
                        partition,
                        offset,
                        timestamp,
                        key,
                        value,
                        "not a valid " + SCHEMAS.get(stream).getName() + ": " + malformed);
            }
            reuse = DecoderFactory.get().binaryDecoder(value, start, value.length - start, reuse);
            SpecificRecordBase record = readers.get(stream).read(null, reuse);
            PlatformEvent event = wrap(stream, record);
            String problem = EventValidation.problem(event);
            if (problem != null) {
                return dead(topic, partition, offset, timestamp, key, value, problem);
            }
            return SourceRecord.event(topic, partition, offset, timestamp, event);
        } catch (Exception e) {
            reuse = null;
            return dead(
                    topic,
                    partition,
                    offset,
                    timestamp,
                    key,
                    value,
                    "not a valid " + SCHEMAS.get(stream).getName() + ": " + describe(e));
        }
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : " " + msg);
    }

    private static PlatformEvent wrap(StreamType stream, SpecificRecordBase record) {
        switch (stream) {
            case ORDERS:
                return PlatformEvent.of((OrderEvent) record);
            case PAYMENTS:
                return PlatformEvent.of((PaymentEvent) record);
            case LOGISTICS:
                return PlatformEvent.of((LogisticsEvent) record);
            default:
                return PlatformEvent.of((ReviewEvent) record);
        }
    }

    private void ensureReaders() {
        if (readers != null) {
            return;
        }
        readers = new EnumMap<>(StreamType.class);
        fingerprints = new EnumMap<>(StreamType.class);
        for (Map.Entry<StreamType, Schema> e : SCHEMAS.entrySet()) {
            readers.put(e.getKey(), new SpecificDatumReader<>(e.getValue()));
            fingerprints.put(e.getKey(), SchemaNormalization.parsingFingerprint64(e.getValue()));
        }
    }

    private static SourceRecord dead(
            String topic,
            int partition,
            long offset,
            long timestamp,
            byte[] key,
            byte[] value,
            String error) {
        return SourceRecord.deadLetter(
                DeadLetter.newBuilder()
                        .setTopic(topic)
                        .setPartition(partition)
                        .setOffset(offset)
                        .setRecordTimestamp(timestamp)
                        .setReason(DeadLetters.DECODE_ERROR)
                        .setError(error)
                        .setKey(key == null ? null : ByteBuffer.wrap(key))
                        .setValue(value == null ? null : ByteBuffer.wrap(value))
                        .build());
    }
}
