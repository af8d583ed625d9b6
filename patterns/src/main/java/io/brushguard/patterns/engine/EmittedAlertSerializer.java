package io.brushguard.patterns.engine;

import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.serde.SerializerTypeInfo;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;

import java.io.IOException;

/**
 * The engine's alerts on the wire: Avro, as every {@link RiskAlert}, but handed to a chained
 * operator without a copy. An alert is never changed once built (consumers build new records), and
 * a deep copy of its evidence was a tenth of the engine's time. For streams only, never state.
 */
public final class EmittedAlertSerializer extends TypeSerializer<RiskAlert> {

    private static final long serialVersionUID = 1L;

    private final AvroSerializer<RiskAlert> avro = new AvroSerializer<>(RiskAlert.class);

    public static TypeInformation<RiskAlert> typeInfo() {
        return new SerializerTypeInfo<>(RiskAlert.class, new EmittedAlertSerializer());
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<RiskAlert> duplicate() {
        return new EmittedAlertSerializer();
    }

    @Override
    public RiskAlert createInstance() {
        return avro.createInstance();
    }

    @Override
    public RiskAlert copy(RiskAlert from) {
        return from;
    }

    @Override
    public RiskAlert copy(RiskAlert from, RiskAlert reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(RiskAlert record, DataOutputView target) throws IOException {
        avro.serialize(record, target);
    }

    @Override
    public RiskAlert deserialize(DataInputView source) throws IOException {
        return avro.deserialize(source);
    }

    @Override
    public RiskAlert deserialize(RiskAlert reuse, DataInputView source) throws IOException {
        return avro.deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        avro.copy(source, target);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof EmittedAlertSerializer;
    }

    @Override
    public int hashCode() {
        return EmittedAlertSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<RiskAlert> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Version 1: the Avro schema of the running code. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RiskAlert> {
        public Snapshot() {
            super(EmittedAlertSerializer::new);
        }
    }
}
