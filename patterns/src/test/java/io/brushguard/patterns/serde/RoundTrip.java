package io.brushguard.patterns.serde;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;

/** Serialise and read back, as a shuffle or a state backend would. */
final class RoundTrip {

    private RoundTrip() {}

    static <T> T of(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T read = serializer.deserialize(in);
        if (in.available() != 0) {
            throw new AssertionError(in.available() + " bytes left unread");
        }
        return read;
    }

    /** Through {@code copy(DataInputView, DataOutputView)} first, as a spilling sorter would. */
    static <T> T ofSerializedCopy(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        DataOutputSerializer copied = new DataOutputSerializer(256);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        return serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer()));
    }
}
