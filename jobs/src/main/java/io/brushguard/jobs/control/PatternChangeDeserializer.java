package io.brushguard.jobs.control;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the control topic. Never throws: a message that is not a {@link PatternChange} becomes one
 * without an action, carrying the reason and its coordinates, which the control operator rejects
 * (with an answer on the status topic) while the job goes on.
 */
public final class PatternChangeDeserializer
        implements KafkaRecordDeserializationSchema<PatternChange> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<PatternChange> out) {
        try {
            out.collect(
                    PatternChange.fromJson(record.value() == null ? new byte[0] : record.value()));
        } catch (Exception e) {
            out.collect(
                    new PatternChange(
                            null,
                            null,
                            null,
                            record.topic()
                                    + "/"
                                    + record.partition()
                                    + "@"
                                    + record.offset()
                                    + ": not a pattern change: "
                                    + e.getMessage(),
                            null,
                            null));
        }
    }

    @Override
    public TypeInformation<PatternChange> getProducedType() {
        return TypeInformation.of(PatternChange.class);
    }
}
