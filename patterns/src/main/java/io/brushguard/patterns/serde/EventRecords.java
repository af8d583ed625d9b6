package io.brushguard.patterns.serde;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.avro.ScanType;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import org.apache.avro.Schema;

import java.io.IOException;
import java.time.Instant;

import static io.brushguard.patterns.serde.EventProjection.has;
import static io.brushguard.patterns.serde.Fields.readEnum;
import static io.brushguard.patterns.serde.Fields.readInstant;
import static io.brushguard.patterns.serde.Fields.readInteger;
import static io.brushguard.patterns.serde.Fields.readString;
import static io.brushguard.patterns.serde.Fields.writeEnum;
import static io.brushguard.patterns.serde.Fields.writeInstant;
import static io.brushguard.patterns.serde.Fields.writeInteger;
import static io.brushguard.patterns.serde.Fields.writeString;

/**
 * The four input records field by field, in schema order. Records are built with their no-arg
 * constructor and setters: builders would deep-copy every default first. Setters of non-null schema
 * fields are skipped for a null value, so a half-built record survives a round trip too.
 */
final class EventRecords {

    private static final OrderStatus[] ORDER_STATUS = OrderStatus.values();
    private static final PaymentStatus[] PAYMENT_STATUS = PaymentStatus.values();
    private static final ScanType[] SCAN_TYPE = ScanType.values();

    /** The schemas whose fields this class writes, for the layout fingerprint. */
    static final Schema[] SCHEMAS = {
        OrderEvent.getClassSchema(),
        PaymentEvent.getClassSchema(),
        LogisticsEvent.getClassSchema(),
        ReviewEvent.getClassSchema()
    };

    private EventRecords() {}

    static void write(OrderEvent r, DataOutputView out) throws IOException {
        writeString(r.getOrderId(), out);
        writeEnum(r.getStatus(), out);
        writeInstant(r.getEventTime(), out);
        writeString(r.getShopId(), out);
        writeString(r.getBuyerId(), out);
        writeString(r.getItemId(), out);
        writeString(r.getCategory(), out);
        out.writeLong(r.getAmount());
        out.writeInt(r.getQuantity());
        writeInstant(r.getBuyerRegisteredAt(), out);
        writeString(r.getDeviceId(), out);
        writeString(r.getIp(), out);
        writeString(r.getShipAddressId(), out);
    }

    /**
     * The record with the text and time fields of {@code want} (bit {@code i}: schema position
     * {@code i}, see {@link EventProjection}; -1 for all); the others are passed over and stay
     * null.
     */
    static OrderEvent readOrder(DataInputView in, long want) throws IOException {
        byte[] scratch = Fields.scratch();
        OrderEvent r = new OrderEvent();
        r.setOrderId(readString(in, scratch, has(want, 0)));
        r.setStatus(readEnum(ORDER_STATUS, in));
        Instant eventTime = readInstant(in, has(want, 2));
        if (eventTime != null) {
            r.setEventTime(eventTime);
        }
        r.setShopId(readString(in, scratch, has(want, 3)));
        r.setBuyerId(readString(in, scratch, has(want, 4)));
        r.setItemId(readString(in, scratch, has(want, 5)));
        r.setCategory(readString(in, scratch, has(want, 6)));
        r.setAmount(in.readLong());
        r.setQuantity(in.readInt());
        Instant registeredAt = readInstant(in, has(want, 9));
        if (registeredAt != null) {
            r.setBuyerRegisteredAt(registeredAt);
        }
        r.setDeviceId(readString(in, scratch, has(want, 10)));
        r.setIp(readString(in, scratch, has(want, 11)));
        r.setShipAddressId(readString(in, scratch, has(want, 12)));
        return r;
    }

    static void write(PaymentEvent r, DataOutputView out) throws IOException {
        writeString(r.getPaymentId(), out);
        writeString(r.getOrderId(), out);
        writeEnum(r.getStatus(), out);
        writeInstant(r.getEventTime(), out);
        writeString(r.getPayerAccountId(), out);
        writeString(r.getMethod(), out);
        out.writeLong(r.getAmount());
    }

    /** As {@link #readOrder(DataInputView, long)}. */
    static PaymentEvent readPayment(DataInputView in, long want) throws IOException {
        byte[] scratch = Fields.scratch();
        PaymentEvent r = new PaymentEvent();
        r.setPaymentId(readString(in, scratch, has(want, 0)));
        r.setOrderId(readString(in, scratch, has(want, 1)));
        r.setStatus(readEnum(PAYMENT_STATUS, in));
        Instant eventTime = readInstant(in, has(want, 3));
        if (eventTime != null) {
            r.setEventTime(eventTime);
        }
        r.setPayerAccountId(readString(in, scratch, has(want, 4)));
        r.setMethod(readString(in, scratch, has(want, 5)));
        r.setAmount(in.readLong());
        return r;
    }

    static void write(LogisticsEvent r, DataOutputView out) throws IOException {
        writeString(r.getWaybillId(), out);
        writeString(r.getOrderId(), out);
        writeString(r.getCarrierId(), out);
        writeString(r.getCourierId(), out);
        writeEnum(r.getScan(), out);
        writeInstant(r.getEventTime(), out);
        writeString(r.getLocation(), out);
        writeInteger(r.getWeightGrams(), out);
    }

    /** As {@link #readOrder(DataInputView, long)}. */
    static LogisticsEvent readLogistics(DataInputView in, long want) throws IOException {
        byte[] scratch = Fields.scratch();
        LogisticsEvent r = new LogisticsEvent();
        r.setWaybillId(readString(in, scratch, has(want, 0)));
        r.setOrderId(readString(in, scratch, has(want, 1)));
        r.setCarrierId(readString(in, scratch, has(want, 2)));
        r.setCourierId(readString(in, scratch, has(want, 3)));
        r.setScan(readEnum(SCAN_TYPE, in));
        Instant eventTime = readInstant(in, has(want, 5));
        if (eventTime != null) {
            r.setEventTime(eventTime);
        }
        r.setLocation(readString(in, scratch, has(want, 6)));
        r.setWeightGrams(readInteger(in));
        return r;
    }

    static void write(ReviewEvent r, DataOutputView out) throws IOException {
        writeString(r.getReviewId(), out);
        writeString(r.getOrderId(), out);
        writeString(r.getShopId(), out);
        writeString(r.getReviewerId(), out);
        out.writeInt(r.getRating());
        writeInstant(r.getEventTime(), out);
        writeString(r.getTextHash(), out);
        writeString(r.getDeviceId(), out);
        writeString(r.getIp(), out);
    }

    /** As {@link #readOrder(DataInputView, long)}. */
    static ReviewEvent readReview(DataInputView in, long want) throws IOException {
        byte[] scratch = Fields.scratch();
        ReviewEvent r = new ReviewEvent();
        r.setReviewId(readString(in, scratch, has(want, 0)));
        r.setOrderId(readString(in, scratch, has(want, 1)));
        r.setShopId(readString(in, scratch, has(want, 2)));
        r.setReviewerId(readString(in, scratch, has(want, 3)));
        r.setRating(in.readInt());
        Instant eventTime = readInstant(in, has(want, 5));
        if (eventTime != null) {
            r.setEventTime(eventTime);
        }
        r.setTextHash(readString(in, scratch, has(want, 6)));
        r.setDeviceId(readString(in, scratch, has(want, 7)));
        r.setIp(readString(in, scratch, has(want, 8)));
        return r;
    }

    /*
     * Copies: a new record with the same field values, field by field as the readers above set
     * them. Shallow is deep enough: every field of these schemas holds an immutable value (string,
     * number, enum, instant). A field added to a schema and not here fails the serializers' tests,
     * which copy records with every field set. (A generic copy through the positional get and put
     * took a fifth of the task that chains operators after the correlation: it boxes the numbers
     * and dispatches per field.) Instant setters truncate their value, so a null one (a
     * half-built record) is skipped, as the readers do.
     */

    static OrderEvent copy(OrderEvent from) {
        if (from == null) {
            return null;
        }
        OrderEvent r = new OrderEvent();
        r.setOrderId(from.getOrderId());
        r.setStatus(from.getStatus());
        if (from.getEventTime() != null) {
            r.setEventTime(from.getEventTime());
        }
        r.setShopId(from.getShopId());
        r.setBuyerId(from.getBuyerId());
        r.setItemId(from.getItemId());
        r.setCategory(from.getCategory());
        r.setAmount(from.getAmount());
        r.setQuantity(from.getQuantity());
        if (from.getBuyerRegisteredAt() != null) {
            r.setBuyerRegisteredAt(from.getBuyerRegisteredAt());
        }
        r.setDeviceId(from.getDeviceId());
        r.setIp(from.getIp());
        r.setShipAddressId(from.getShipAddressId());
        return r;
    }

    static PaymentEvent copy(PaymentEvent from) {
        if (from == null) {
            return null;
        }
        PaymentEvent r = new PaymentEvent();
        r.setPaymentId(from.getPaymentId());
        r.setOrderId(from.getOrderId());
        r.setStatus(from.getStatus());
        if (from.getEventTime() != null) {
            r.setEventTime(from.getEventTime());
        }
        r.setPayerAccountId(from.getPayerAccountId());
        r.setMethod(from.getMethod());
        r.setAmount(from.getAmount());
        return r;
    }

    static LogisticsEvent copy(LogisticsEvent from) {
        if (from == null) {
            return null;
        }
        LogisticsEvent r = new LogisticsEvent();
        r.setWaybillId(from.getWaybillId());
        r.setOrderId(from.getOrderId());
        r.setCarrierId(from.getCarrierId());
        r.setCourierId(from.getCourierId());
        r.setScan(from.getScan());
        if (from.getEventTime() != null) {
            r.setEventTime(from.getEventTime());
        }
        r.setLocation(from.getLocation());
        r.setWeightGrams(from.getWeightGrams());
        return r;
    }

    static ReviewEvent copy(ReviewEvent from) {
        if (from == null) {
            return null;
        }
        ReviewEvent r = new ReviewEvent();
        r.setReviewId(from.getReviewId());
        r.setOrderId(from.getOrderId());
        r.setShopId(from.getShopId());
        r.setReviewerId(from.getReviewerId());
        r.setRating(from.getRating());
        if (from.getEventTime() != null) {
            r.setEventTime(from.getEventTime());
        }
        r.setTextHash(from.getTextHash());
        r.setDeviceId(from.getDeviceId());
        r.setIp(from.getIp());
        return r;
    }
}
