package io.brushguard.patterns.serde;

import io.brushguard.patterns.correlation.OrderContext;

import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

import static io.brushguard.patterns.serde.Fields.readInteger;
import static io.brushguard.patterns.serde.Fields.readString;
import static io.brushguard.patterns.serde.Fields.writeInteger;
import static io.brushguard.patterns.serde.Fields.writeString;

/**
 * The serializer of {@link OrderContext}: a presence byte, then every field in declaration order.
 * Registered on the class with {@code @TypeInfo(OrderContextSerializer.Factory.class)}. See the
 * package documentation for why it exists and how to change the class.
 */
public final class OrderContextSerializer extends MutableRecordSerializer<OrderContext> {

    private static final long serialVersionUID = 1L;

    public static final OrderContextSerializer INSTANCE = new OrderContextSerializer();

    /**
     * The format version. Bump it whenever the fields of {@link OrderContext} or what this class
     * writes change, and pin the new layout in {@code OrderContextSerializerTest}.
     */
    static final int VERSION = 1;

    static final long LAYOUT =
            LayoutSnapshot.fingerprint(LayoutSnapshot.describe(OrderContext.class));

    @Override
    public OrderContext createInstance() {
        return new OrderContext();
    }

    @Override
    public OrderContext copy(OrderContext from) {
        return from == null ? null : from.copy();
    }

    @Override
    public void serialize(OrderContext c, DataOutputView out) throws IOException {
        if (c == null) {
            out.writeBoolean(false);
            return;
        }
        out.writeBoolean(true);
        writeString(c.orderId, out);
        out.writeLong(c.lastEventAt);

        writeString(c.shopId, out);
        writeString(c.buyerId, out);
        writeString(c.itemId, out);
        writeString(c.category, out);
        out.writeLong(c.amount);
        out.writeInt(c.quantity);
        out.writeLong(c.buyerRegisteredAt);
        writeString(c.deviceId, out);
        writeString(c.ip, out);
        writeString(c.shipAddressId, out);
        out.writeLong(c.createdAt);
        out.writeLong(c.paidAt);
        out.writeLong(c.shippedAt);
        out.writeLong(c.completedAt);
        out.writeLong(c.cancelledAt);
        out.writeLong(c.refundedAt);

        writeString(c.paymentId, out);
        writeString(c.payerAccountId, out);
        writeString(c.paymentMethod, out);
        out.writeLong(c.paymentAt);
        out.writeLong(c.paymentRefundedAt);
        out.writeLong(c.chargebackAt);

        writeString(c.waybillId, out);
        writeString(c.carrierId, out);
        writeString(c.courierId, out);
        writeInteger(c.weightGrams, out);
        out.writeLong(c.waybillCreatedAt);
        out.writeLong(c.pickedUpAt);
        out.writeLong(c.signedAt);
        out.writeLong(c.returnedAt);
        out.writeInt(c.transitScans);
        out.writeLong(c.firstTransitAt);
        writeString(c.pickupLocation, out);
        writeString(c.signedLocation, out);

        writeString(c.reviewId, out);
        writeString(c.reviewerId, out);
        out.writeInt(c.rating);
        out.writeLong(c.reviewedAt);
        writeString(c.reviewTextHash, out);
        writeString(c.reviewDeviceId, out);
        writeString(c.reviewIp, out);

        out.writeDouble(c.categoryLightShare);
    }

    @Override
    public OrderContext deserialize(DataInputView in) throws IOException {
        byte[] scratch = Fields.scratch();
        if (!in.readBoolean()) {
            return null;
        }
        OrderContext c = new OrderContext();
        c.orderId = readString(in, scratch);
        c.lastEventAt = in.readLong();

        c.shopId = readString(in, scratch);
        c.buyerId = readString(in, scratch);
        c.itemId = readString(in, scratch);
        c.category = readString(in, scratch);
        c.amount = in.readLong();
        c.quantity = in.readInt();
        c.buyerRegisteredAt = in.readLong();
        c.deviceId = readString(in, scratch);
        c.ip = readString(in, scratch);
        c.shipAddressId = readString(in, scratch);
        c.createdAt = in.readLong();
        c.paidAt = in.readLong();
        c.shippedAt = in.readLong();
        c.completedAt = in.readLong();
        c.cancelledAt = in.readLong();
        c.refundedAt = in.readLong();

        c.paymentId = readString(in, scratch);
        c.payerAccountId = readString(in, scratch);
        c.paymentMethod = readString(in, scratch);
        c.paymentAt = in.readLong();
        c.paymentRefundedAt = in.readLong();
        c.chargebackAt = in.readLong();

        c.waybillId = readString(in, scratch);
        c.carrierId = readString(in, scratch);
        c.courierId = readString(in, scratch);
        c.weightGrams = readInteger(in);
        c.waybillCreatedAt = in.readLong();
        c.pickedUpAt = in.readLong();
        c.signedAt = in.readLong();
        c.returnedAt = in.readLong();
        c.transitScans = in.readInt();
        c.firstTransitAt = in.readLong();
        c.pickupLocation = readString(in, scratch);
        c.signedLocation = readString(in, scratch);

        c.reviewId = readString(in, scratch);
        c.reviewerId = readString(in, scratch);
        c.rating = in.readInt();
        c.reviewedAt = in.readLong();
        c.reviewTextHash = readString(in, scratch);
        c.reviewDeviceId = readString(in, scratch);
        c.reviewIp = readString(in, scratch);

        c.categoryLightShare = in.readDouble();
        return c;
    }

    @Override
    public TypeSerializerSnapshot<OrderContext> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format version and layout fingerprint; see {@link LayoutSnapshot}. */
    public static final class Snapshot extends LayoutSnapshot<OrderContext> {

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
        protected TypeSerializer<OrderContext> currentSerializer() {
            return INSTANCE;
        }
    }

    /** What {@code @TypeInfo} on {@link OrderContext} names. */
    public static final class Factory extends TypeInfoFactory<OrderContext> {

        @Override
        public TypeInformation<OrderContext> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(OrderContext.class, INSTANCE);
        }
    }
}
