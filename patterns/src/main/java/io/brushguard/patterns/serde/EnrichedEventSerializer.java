package io.brushguard.patterns.serde;

import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;

/**
 * The serializer of {@link EnrichedEvent}: a presence byte, the event and the order context, each
 * by its own serializer (both null-aware). Its snapshot nests theirs, so a change to either is
 * caught on restore. Registered on the class with {@code @TypeInfo(EnrichedEventSerializer.Factory
 * .class)}. See the package documentation for why it exists.
 */
public final class EnrichedEventSerializer extends TypeSerializer<EnrichedEvent> {

    private static final long serialVersionUID = 1L;

    /**
     * The format version of what this class itself writes (the presence byte and the order of the
     * two parts). Bump it when that or the fields of {@link EnrichedEvent} change, and pin the new
     * layout in {@code EnrichedEventSerializerTest}; the parts carry their own versions.
     */
    static final int VERSION = 1;

    static final long LAYOUT =
            LayoutSnapshot.fingerprint(LayoutSnapshot.describe(EnrichedEvent.class));

    public static final EnrichedEventSerializer INSTANCE =
            new EnrichedEventSerializer(
                    PlatformEventSerializer.INSTANCE, OrderContextSerializer.INSTANCE);

    private final TypeSerializer<PlatformEvent> events;
    private final TypeSerializer<OrderContext> contexts;

    EnrichedEventSerializer(
            TypeSerializer<PlatformEvent> events, TypeSerializer<OrderContext> contexts) {
        this.events = Objects.requireNonNull(events);
        this.contexts = Objects.requireNonNull(contexts);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    /** Both parts are stateless, so this one is too. */
    @Override
    public TypeSerializer<EnrichedEvent> duplicate() {
        return this;
    }

    @Override
    public EnrichedEvent createInstance() {
        return new EnrichedEvent();
    }

    @Override
    public EnrichedEvent copy(EnrichedEvent from) {
        if (from == null) {
            return null;
        }
        return new EnrichedEvent(events.copy(from.event), contexts.copy(from.context));
    }

    @Override
    public EnrichedEvent copy(EnrichedEvent from, EnrichedEvent reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(EnrichedEvent e, DataOutputView out) throws IOException {
        if (e == null) {
            out.writeBoolean(false);
            return;
        }
        out.writeBoolean(true);
        events.serialize(e.event, out);
        contexts.serialize(e.context, out);
    }

    @Override
    public EnrichedEvent deserialize(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        PlatformEvent event = events.deserialize(in);
        return new EnrichedEvent(event, contexts.deserialize(in));
    }

    /**
     * An event as {@link #INSTANCE} wrote it, with only the fields of {@code p} built, and its
     * story only if {@code p} reads it: a cheaper decode for a reader that reads a few fields (see
     * {@link EventProjection}). It does not read past what it needs, so {@code in} must hold this
     * one event and nothing after it.
     */
    public static EnrichedEvent deserialize(DataInputView in, EventProjection p)
            throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        PlatformEvent event = PlatformEventSerializer.INSTANCE.deserialize(in, p);
        return new EnrichedEvent(
                event, p.context() ? OrderContextSerializer.INSTANCE.deserialize(in) : null);
    }

    @Override
    public EnrichedEvent deserialize(EnrichedEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EnrichedEventSerializer)) {
            return false;
        }
        EnrichedEventSerializer that = (EnrichedEventSerializer) o;
        return events.equals(that.events) && contexts.equals(that.contexts);
    }

    @Override
    public int hashCode() {
        return 31 * events.hashCode() + contexts.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<EnrichedEvent> snapshotConfiguration() {
        return new Snapshot(this);
    }

    /** This serializer's version and the snapshots of its two parts. */
    public static final class Snapshot
            extends CompositeTypeSerializerSnapshot<EnrichedEvent, EnrichedEventSerializer> {

        /** The version and layout of what was read from a savepoint, or the running ones. */
        private int readVersion = VERSION;

        private long readLayout = LAYOUT;

        public Snapshot() {}

        Snapshot(EnrichedEventSerializer serializer) {
            super(serializer);
        }

        @Override
        protected void writeOuterSnapshot(DataOutputView out) throws IOException {
            out.writeLong(LAYOUT);
        }

        @Override
        protected void readOuterSnapshot(
                int readOuterSnapshotVersion, DataInputView in, ClassLoader classLoader)
                throws IOException {
            readVersion = readOuterSnapshotVersion;
            readLayout = in.readLong();
        }

        /** Only this version's layout can be read (the parts judge their own layouts). */
        @Override
        protected OuterSchemaCompatibility resolveOuterSchemaCompatibility(
                TypeSerializerSnapshot<EnrichedEvent> oldSnapshot) {
            if (!(oldSnapshot instanceof Snapshot)) {
                return OuterSchemaCompatibility.INCOMPATIBLE;
            }
            Snapshot old = (Snapshot) oldSnapshot;
            return old.readVersion == VERSION && old.readLayout == LAYOUT
                    ? OuterSchemaCompatibility.COMPATIBLE_AS_IS
                    : OuterSchemaCompatibility.INCOMPATIBLE;
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return VERSION;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(EnrichedEventSerializer outer) {
            return new TypeSerializer<?>[] {outer.events, outer.contexts};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected EnrichedEventSerializer createOuterSerializerWithNestedSerializers(
                TypeSerializer<?>[] nested) {
            return new EnrichedEventSerializer(
                    (TypeSerializer<PlatformEvent>) nested[0],
                    (TypeSerializer<OrderContext>) nested[1]);
        }
    }

    /** What {@code @TypeInfo} on {@link EnrichedEvent} names. */
    public static final class Factory extends TypeInfoFactory<EnrichedEvent> {

        @Override
        public TypeInformation<EnrichedEvent> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(EnrichedEvent.class, INSTANCE);
        }
    }
}
