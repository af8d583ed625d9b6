package io.brushguard.patterns.engine;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.Objects;

/**
 * An event with the key it was shuffled by and the operators that take it under that key, or a
 * definition change: what reaches operators that follow the definitions deployed to the running job
 * through their only input, so that Flink can chain them. The live detectors behind one shuffle
 * (bit {@code i} of {@link #detectors} is the {@code i}-th detector behind the shuffle's head) each
 * pick their own lanes; one event that several of them take under one key crosses the network once.
 * The engine's router takes every event and change of the built-in detectors' input selection,
 * chained to it.
 */
public final class Lane<IN> {

    /** Every detector behind the head: for a head with one detector. */
    public static final long ALL = -1L;

    /** The key the lane was shuffled by; "" for a definition change. */
    public final String key;

    /** Which detectors behind the head take the event; 0 for a definition change. */
    public final long detectors;

    /** The event; null for a definition change. */
    public final IN event;

    /** The definition change; null for an event. */
    public final CatalogUpdate update;

    private Lane(String key, long detectors, IN event, CatalogUpdate update) {
        this.key = key;
        this.detectors = detectors;
        this.event = event;
        this.update = update;
    }

    /**
     * {@code event}, under {@code key}, for the detectors whose bits are set in {@code detectors}.
     */
    public static <IN> Lane<IN> of(String key, long detectors, IN event) {
        return new Lane<>(Objects.requireNonNull(key, "key"), detectors, event, null);
    }

    /** A definition change for every detector behind the head. */
    public static <IN> Lane<IN> update(CatalogUpdate update) {
        return new Lane<>("", 0L, null, Objects.requireNonNull(update, "update"));
    }

    /** Whether the {@code i}-th detector behind the head takes this lane's event. */
    public boolean isFor(int detector) {
        return update == null && (detectors & (1L << detector)) != 0;
    }

    public static <IN> KeySelector<Lane<IN>, String> keySelector() {
        return l -> l.key;
    }

    @Override
    public String toString() {
        return update != null
                ? "Lane[update " + update.revision() + "]"
                : "Lane[" + key + ", " + Long.toBinaryString(detectors) + ", " + event + "]";
    }

    /** The lanes of events of {@code eventType}. */
    public static <IN> TypeInformation<Lane<IN>> typeInfo(TypeInformation<IN> eventType) {
        return new LaneTypeInfo<>(eventType);
    }

    /** Type information of lanes: the event type's serializer inside {@link LaneSerializer}. */
    public static final class LaneTypeInfo<IN> extends TypeInformation<Lane<IN>> {

        private static final long serialVersionUID = 1L;

        private final TypeInformation<IN> eventType;

        LaneTypeInfo(TypeInformation<IN> eventType) {
            this.eventType = Objects.requireNonNull(eventType);
        }

        /** The type of the lanes' events. */
        public TypeInformation<IN> eventType() {
            return eventType;
        }

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Class<Lane<IN>> getTypeClass() {
            return (Class<Lane<IN>>) (Class<?>) Lane.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<Lane<IN>> createSerializer(SerializerConfig config) {
            return new LaneSerializer<>(eventType.createSerializer(config));
        }

        @Override
        public String toString() {
            return "Lane<" + eventType + ">";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LaneTypeInfo<?> that && eventType.equals(that.eventType);
        }

        @Override
        public int hashCode() {
            return eventType.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof LaneTypeInfo;
        }
    }

    /**
     * A lane on the wire: a tag byte, then the key, the detector bits and the event, or the
     * definition change. Lanes only cross the network, never into state, and nothing changes one
     * after it is made (detectors read their events, never write them), so a copy is the lane
     * itself: the detectors chained behind a head share it.
     */
    public static final class LaneSerializer<IN> extends TypeSerializer<Lane<IN>> {

        private static final long serialVersionUID = 1L;

        private static final byte EVENT = 0;
        private static final byte UPDATE = 1;

        private final TypeSerializer<IN> events;

        public LaneSerializer(TypeSerializer<IN> events) {
            this.events = Objects.requireNonNull(events);
        }

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public TypeSerializer<Lane<IN>> duplicate() {
            TypeSerializer<IN> d = events.duplicate();
            return d == events ? this : new LaneSerializer<>(d);
        }

        @Override
        public Lane<IN> createInstance() {
            return null;
        }

        @Override
        public Lane<IN> copy(Lane<IN> from) {
            return from;
        }

        @Override
        public Lane<IN> copy(Lane<IN> from, Lane<IN> reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(Lane<IN> lane, DataOutputView out) throws IOException {
            if (lane.update != null) {
                out.writeByte(UPDATE);
                CatalogUpdate.Serializer.INSTANCE.serialize(lane.update, out);
                return;
            }
            out.writeByte(EVENT);
            out.writeUTF(lane.key);
            out.writeLong(lane.detectors);
            events.serialize(lane.event, out);
        }

        @Override
        public Lane<IN> deserialize(DataInputView in) throws IOException {
            byte tag = in.readByte();
            if (tag == UPDATE) {
                return update(CatalogUpdate.Serializer.INSTANCE.deserialize(in));
            }
            if (tag != EVENT) {
                throw new IOException("not a lane: tag " + tag);
            }
            String key = in.readUTF();
            long detectors = in.readLong();
            return of(key, detectors, events.deserialize(in));
        }

        @Override
        public Lane<IN> deserialize(Lane<IN> reuse, DataInputView in) throws IOException {
            return deserialize(in);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            serialize(deserialize(source), target);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LaneSerializer<?> that && events.equals(that.events);
        }

        @Override
        public int hashCode() {
            return events.hashCode();
        }

        @Override
        public TypeSerializerSnapshot<Lane<IN>> snapshotConfiguration() {
            return new Snapshot<>(this);
        }

        /** Format version 1, with the event serializer's own snapshot. */
        public static final class Snapshot<IN>
                extends CompositeTypeSerializerSnapshot<Lane<IN>, LaneSerializer<IN>> {

            public Snapshot() {}

            Snapshot(LaneSerializer<IN> serializer) {
                super(serializer);
            }

            @Override
            protected int getCurrentOuterSnapshotVersion() {
                return 1;
            }

            @Override
            protected TypeSerializer<?>[] getNestedSerializers(LaneSerializer<IN> outer) {
                return new TypeSerializer<?>[] {outer.events};
            }

            @Override
            @SuppressWarnings("unchecked")
            protected LaneSerializer<IN> createOuterSerializerWithNestedSerializers(
                    TypeSerializer<?>[] nested) {
                return new LaneSerializer<>((TypeSerializer<IN>) nested[0]);
            }
        }
    }
}
