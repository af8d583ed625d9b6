package io.brushguard.patterns.model;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.patterns.serde.PlatformEventSerializer;

import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.Objects;

/**
 * One input event from any of the four platform streams. Exactly one field is set.
 *
 * <p>The four streams are unioned into this one type so that a keyed operator can correlate an
 * order with its payments, scans and review without a multi-input operator per pair. Flink
 * serialises it with {@link PlatformEventSerializer} (fast, no reflection; see {@code
 * io.brushguard.patterns.serde} for how to change the Avro schemas or this class).
 */
@TypeInfo(PlatformEventSerializer.Factory.class)
public class PlatformEvent {

    public OrderEvent order;
    public PaymentEvent payment;
    public LogisticsEvent logistics;
    public ReviewEvent review;

    public PlatformEvent() {}

    public static PlatformEvent of(OrderEvent order) {
        PlatformEvent e = new PlatformEvent();
        e.order = Objects.requireNonNull(order);
        return e;
    }

    public static PlatformEvent of(PaymentEvent payment) {
        PlatformEvent e = new PlatformEvent();
        e.payment = Objects.requireNonNull(payment);
        return e;
    }

    public static PlatformEvent of(LogisticsEvent logistics) {
        PlatformEvent e = new PlatformEvent();
        e.logistics = Objects.requireNonNull(logistics);
        return e;
    }

    public static PlatformEvent of(ReviewEvent review) {
        PlatformEvent e = new PlatformEvent();
        e.review = Objects.requireNonNull(review);
        return e;
    }

    public StreamType stream() {
        if (order != null) {
            return StreamType.ORDERS;
        }
        if (payment != null) {
            return StreamType.PAYMENTS;
        }
        if (logistics != null) {
            return StreamType.LOGISTICS;
        }
        if (review != null) {
            return StreamType.REVIEWS;
        }
        throw new IllegalStateException("empty PlatformEvent");
    }

    /** Event time, epoch milliseconds. */
    public long eventTime() {
        switch (stream()) {
            case ORDERS:
                return order.getEventTime().toEpochMilli();
            case PAYMENTS:
                return payment.getEventTime().toEpochMilli();
            case LOGISTICS:
                return logistics.getEventTime().toEpochMilli();
            default:
                return review.getEventTime().toEpochMilli();
        }
    }

    /** The order this event belongs to, or null for a review not tied to an order. */
    public String orderId() {
        switch (stream()) {
            case ORDERS:
                return order.getOrderId();
            case PAYMENTS:
                return payment.getOrderId();
            case LOGISTICS:
                return logistics.getOrderId();
            default:
                return review.getOrderId();
        }
    }

    /** The Avro record this event carries. */
    public org.apache.avro.specific.SpecificRecordBase record() {
        switch (stream()) {
            case ORDERS:
                return order;
            case PAYMENTS:
                return payment;
            case LOGISTICS:
                return logistics;
            default:
                return review;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PlatformEvent)) {
            return false;
        }
        PlatformEvent that = (PlatformEvent) o;
        return Objects.equals(order, that.order)
                && Objects.equals(payment, that.payment)
                && Objects.equals(logistics, that.logistics)
                && Objects.equals(review, that.review);
    }

    @Override
    public int hashCode() {
        return Objects.hash(order, payment, logistics, review);
    }

    @Override
    public String toString() {
        return stream() + ":" + record();
    }
}
