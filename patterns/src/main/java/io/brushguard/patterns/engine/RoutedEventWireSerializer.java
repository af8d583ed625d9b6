package io.brushguard.patterns.engine;

import io.brushguard.patterns.serde.EnrichedEventSerializer;
import io.brushguard.patterns.serde.ImmutableValueSerializer;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * {@link RoutedEvent} from the router to the engine over the network: its key (the subject type and
 * id in one string), the event time, then the event with its story as {@link
 * EnrichedEventSerializer} writes it, behind its length. What it reads keeps those bytes undecoded
 * ({@link RoutedEvent#event} decodes them when the engine applies the event), so an event waits in
 * the engine's buffer as one array.
 *
 * <p>Only the network uses it: the engine's state keeps routed events in the format of {@link
 * RoutedEventSerializer}, which savepoints hold. Immutable: nothing changes what a routed event
 * holds (it only caches its decoded event).
 */
public final class RoutedEventWireSerializer extends ImmutableValueSerializer<RoutedEvent> {

    private static final long serialVersionUID = 1L;

    public static final RoutedEventWireSerializer INSTANCE = new RoutedEventWireSerializer();

    /** Where an event made by the router is written first, to learn its length. */
    private static final ThreadLocal<DataOutputSerializer> SCRATCH =
            ThreadLocal.withInitial(() -> new DataOutputSerializer(512));

    @Override
    public RoutedEvent createInstance() {
        return null;
    }

    @Override
    public void serialize(RoutedEvent r, DataOutputView out) throws IOException {
        out.writeUTF(r.key);
        out.writeLong(r.ts);
        byte[] bytes = r.bytes();
        if (bytes != null) {
            out.writeInt(bytes.length);
            out.write(bytes);
            return;
        }
        DataOutputSerializer scratch = SCRATCH.get();
        scratch.clear();
        EnrichedEventSerializer.INSTANCE.serialize(r.event(), scratch);
        out.writeInt(scratch.length());
        out.write(scratch.getSharedBuffer(), 0, scratch.length());
        if (scratch.getSharedBuffer().length > 64 * 1024) {
            // One rare large event must not keep a large buffer in every thread.
            SCRATCH.remove();
        }
    }

    @Override
    public RoutedEvent deserialize(DataInputView in) throws IOException {
        return new RoutedEvent(in);
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
