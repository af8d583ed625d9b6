package io.brushguard.patterns.engine;

import io.brushguard.avro.EntityType;
import io.brushguard.patterns.serde.EnrichedEventSerializer;
import io.brushguard.patterns.serde.ImmutableValueSerializer;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * {@link RoutedEvent} in the engine's state (its buffer's checkpoints): the subject type, its id,
 * and the event with its story as {@link EnrichedEventSerializer} writes it. An event that came as
 * bytes is written as those bytes, the same format. Immutable. The network carries routed events in
 * another format ({@link RoutedEventWireSerializer}), never stored.
 */
public final class RoutedEventSerializer extends ImmutableValueSerializer<RoutedEvent> {

    private static final long serialVersionUID = 1L;

    public static final RoutedEventSerializer INSTANCE = new RoutedEventSerializer();

    @Override
    public RoutedEvent createInstance() {
        return null;
    }

    @Override
    public void serialize(RoutedEvent r, DataOutputView out) throws IOException {
        out.writeByte(r.subject.ordinal());
        out.writeUTF(r.subjectId());
        byte[] bytes = r.bytes();
        if (bytes != null) {
            out.write(bytes);
        } else {
            EnrichedEventSerializer.INSTANCE.serialize(r.event(), out);
        }
    }

    @Override
    public RoutedEvent deserialize(DataInputView in) throws IOException {
        EntityType subject = RoutedEvent.SUBJECTS[in.readByte()];
        String id = in.readUTF();
        return new RoutedEvent(subject, id, EnrichedEventSerializer.INSTANCE.deserialize(in));
    }

    @Override
    public TypeSerializerSnapshot<RoutedEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format version 1. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RoutedEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
