package io.brushguard.patterns.serde;

import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;

import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * The serializer of {@link PlatformEvent}: a header byte that says which of the four records are
 * set, then each set record field by field ({@link EventRecords}). Null-aware. Registered on the
 * class with {@code @TypeInfo(PlatformEventSerializer.Factory.class)}. See the package
 * documentation for why it exists and how to change the schemas.
 */
public final class PlatformEventSerializer extends MutableRecordSerializer<PlatformEvent> {

    private static final long serialVersionUID = 1L;

    public static final PlatformEventSerializer INSTANCE = new PlatformEventSerializer();

    /**
     * The format version. Bump it whenever what this class or {@link EventRecords} writes changes,
     * and pin the new layout in {@code PlatformEventSerializerTest}.
     */
    static final int VERSION = 1;

    static final long LAYOUT =
            LayoutSnapshot.fingerprint(
                    LayoutSnapshot.describe(PlatformEvent.class),
                    LayoutSnapshot.describe(EventRecords.SCHEMAS));

    private static final int ORDER = 1;
    private static final int PAYMENT = 1 << 1;
    private static final int LOGISTICS = 1 << 2;
    private static final int REVIEW = 1 << 3;
    private static final int NULL = 1 << 7;

    @Override
    public PlatformEvent createInstance() {
        return new PlatformEvent();
    }

    @Override
    public PlatformEvent copy(PlatformEvent from) {
        if (from == null) {
            return null;
        }
        PlatformEvent to = new PlatformEvent();
        to.order = EventRecords.copy(from.order);
        to.payment = EventRecords.copy(from.payment);
        to.logistics = EventRecords.copy(from.logistics);
        to.review = EventRecords.copy(from.review);
        return to;
    }

    @Override
    public void serialize(PlatformEvent e, DataOutputView out) throws IOException {
        if (e == null) {
            out.writeByte(NULL);
            return;
        }
        int header =
                (e.order != null ? ORDER : 0)
                        | (e.payment != null ? PAYMENT : 0)
                        | (e.logistics != null ? LOGISTICS : 0)
                        | (e.review != null ? REVIEW : 0);
        out.writeByte(header);
        if (e.order != null) {
            EventRecords.write(e.order, out);
        }
        if (e.payment != null) {
            EventRecords.write(e.payment, out);
        }
        if (e.logistics != null) {
            EventRecords.write(e.logistics, out);
        }
        if (e.review != null) {
            EventRecords.write(e.review, out);
        }
    }

    @Override
    public PlatformEvent deserialize(DataInputView in) throws IOException {
        return deserialize(in, EventProjection.ALL);
    }

    /** The event with only the fields of {@code p} built (see {@link EventProjection}). */
    PlatformEvent deserialize(DataInputView in, EventProjection p) throws IOException {
        int header = in.readUnsignedByte();
        if (header == NULL) {
            return null;
        }
        PlatformEvent e = new PlatformEvent();
        if ((header & ORDER) != 0) {
            e.order = EventRecords.readOrder(in, p.fields(StreamType.ORDERS));
        }
        if ((header & PAYMENT) != 0) {
            e.payment = EventRecords.readPayment(in, p.fields(StreamType.PAYMENTS));
        }
        if ((header & LOGISTICS) != 0) {
            e.logistics = EventRecords.readLogistics(in, p.fields(StreamType.LOGISTICS));
        }
        if ((header & REVIEW) != 0) {
            e.review = EventRecords.readReview(in, p.fields(StreamType.REVIEWS));
        }
        return e;
    }

    @Override
    public TypeSerializerSnapshot<PlatformEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format version and layout fingerprint; see {@link LayoutSnapshot}. */
    public static final class Snapshot extends LayoutSnapshot<PlatformEvent> {

        public Snapshot() {}

        @Override
        protected int formatVersion() {
            return VERSION;
        }

        @Override
        protected long layoutFingerprint() {
            return LAYOUT;
        }

        @Override
        protected TypeSerializer<PlatformEvent> currentSerializer() {
            return INSTANCE;
        }
    }

    /** What {@code @TypeInfo} on {@link PlatformEvent} names. */
    public static final class Factory extends TypeInfoFactory<PlatformEvent> {

        @Override
        public TypeInformation<PlatformEvent> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(PlatformEvent.class, INSTANCE);
        }
    }
}
