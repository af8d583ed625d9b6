package io.brushguard.patterns.engine;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.patterns.common.IdentifierType;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;
import io.brushguard.patterns.model.StreamType;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every field a declarative pattern may name: the fields of the four input streams, named as in
 * {@code spec/events.md} and read from the event itself, and the fields of the event's order story
 * ({@code order.*}: what the correlation knows of the order so far, on an event of any stream).
 *
 * <p>A value is a {@code String} (text and enums), a {@code Long} (numbers and times, epoch
 * milliseconds) or null when the event or the story does not have it. A story's time is null until
 * the step happened. Nothing here runs code from a definition: a definition names a field, and this
 * table says how it is read.
 */
public enum Field {
    // orders
    ORDERS_ORDER_ID(StreamType.ORDERS, "order_id", ValueType.TEXT, null, e -> o(e).getOrderId()),
    ORDERS_STATUS(StreamType.ORDERS, "status", ValueType.ENUM, null, e -> o(e).getStatus().name()),
    ORDERS_EVENT_TIME(
            StreamType.ORDERS, "event_time", ValueType.TIME, null, EnrichedEvent::eventTime),
    ORDERS_SHOP_ID(StreamType.ORDERS, "shop_id", ValueType.TEXT, null, e -> o(e).getShopId()),
    ORDERS_BUYER_ID(
            StreamType.ORDERS,
            "buyer_id",
            ValueType.TEXT,
            IdentifierType.BUYER,
            e -> o(e).getBuyerId()),
    ORDERS_ITEM_ID(StreamType.ORDERS, "item_id", ValueType.TEXT, null, e -> o(e).getItemId()),
    ORDERS_CATEGORY(StreamType.ORDERS, "category", ValueType.TEXT, null, e -> o(e).getCategory()),
    ORDERS_AMOUNT(StreamType.ORDERS, "amount", ValueType.NUMBER, null, e -> o(e).getAmount()),
    ORDERS_QUANTITY(
            StreamType.ORDERS, "quantity", ValueType.NUMBER, null, e -> (long) o(e).getQuantity()),
    ORDERS_BUYER_REGISTERED_AT(
            StreamType.ORDERS,
            "buyer_registered_at",
            ValueType.TIME,
            null,
            e -> o(e).getBuyerRegisteredAt().toEpochMilli()),
    ORDERS_DEVICE_ID(
            StreamType.ORDERS,
            "device_id",
            ValueType.TEXT,
            IdentifierType.DEVICE,
            e -> o(e).getDeviceId()),
    ORDERS_IP(StreamType.ORDERS, "ip", ValueType.TEXT, IdentifierType.IP, e -> o(e).getIp()),
    ORDERS_SHIP_ADDRESS_ID(
            StreamType.ORDERS,
            "ship_address_id",
            ValueType.TEXT,
            IdentifierType.ADDRESS,
            e -> o(e).getShipAddressId()),
    // payments
    PAYMENTS_PAYMENT_ID(
            StreamType.PAYMENTS, "payment_id", ValueType.TEXT, null, e -> p(e).getPaymentId()),
    PAYMENTS_ORDER_ID(
            StreamType.PAYMENTS, "order_id", ValueType.TEXT, null, e -> p(e).getOrderId()),
    PAYMENTS_STATUS(
            StreamType.PAYMENTS, "status", ValueType.ENUM, null, e -> p(e).getStatus().name()),
    PAYMENTS_EVENT_TIME(
            StreamType.PAYMENTS, "event_time", ValueType.TIME, null, EnrichedEvent::eventTime),
    PAYMENTS_PAYER_ACCOUNT_ID(
            StreamType.PAYMENTS,
            "payer_account_id",
            ValueType.TEXT,
            IdentifierType.PAYER,
            e -> p(e).getPayerAccountId()),
    PAYMENTS_METHOD(StreamType.PAYMENTS, "method", ValueType.TEXT, null, e -> p(e).getMethod()),
    PAYMENTS_AMOUNT(StreamType.PAYMENTS, "amount", ValueType.NUMBER, null, e -> p(e).getAmount()),
    // logistics
    LOGISTICS_WAYBILL_ID(
            StreamType.LOGISTICS, "waybill_id", ValueType.TEXT, null, e -> l(e).getWaybillId()),
    LOGISTICS_ORDER_ID(
            StreamType.LOGISTICS, "order_id", ValueType.TEXT, null, e -> l(e).getOrderId()),
    LOGISTICS_CARRIER_ID(
            StreamType.LOGISTICS, "carrier_id", ValueType.TEXT, null, e -> l(e).getCarrierId()),
    LOGISTICS_COURIER_ID(
            StreamType.LOGISTICS,
            "courier_id",
            ValueType.TEXT,
            IdentifierType.COURIER,
            e -> l(e).getCourierId()),
    LOGISTICS_SCAN(StreamType.LOGISTICS, "scan", ValueType.ENUM, null, e -> l(e).getScan().name()),
    LOGISTICS_EVENT_TIME(
            StreamType.LOGISTICS, "event_time", ValueType.TIME, null, EnrichedEvent::eventTime),
    LOGISTICS_LOCATION(
            StreamType.LOGISTICS, "location", ValueType.TEXT, null, e -> l(e).getLocation()),
    LOGISTICS_WEIGHT_GRAMS(
            StreamType.LOGISTICS,
            "weight_grams",
            ValueType.NUMBER,
            null,
            e -> l(e).getWeightGrams() == null ? null : (long) l(e).getWeightGrams()),
    // reviews
    REVIEWS_REVIEW_ID(
            StreamType.REVIEWS, "review_id", ValueType.TEXT, null, e -> r(e).getReviewId()),
    REVIEWS_ORDER_ID(StreamType.REVIEWS, "order_id", ValueType.TEXT, null, e -> r(e).getOrderId()),
    REVIEWS_SHOP_ID(StreamType.REVIEWS, "shop_id", ValueType.TEXT, null, e -> r(e).getShopId()),
    REVIEWS_REVIEWER_ID(
            StreamType.REVIEWS,
            "reviewer_id",
            ValueType.TEXT,
            IdentifierType.REVIEWER,
            e -> r(e).getReviewerId()),
    REVIEWS_RATING(
            StreamType.REVIEWS, "rating", ValueType.NUMBER, null, e -> (long) r(e).getRating()),
    REVIEWS_EVENT_TIME(
            StreamType.REVIEWS, "event_time", ValueType.TIME, null, EnrichedEvent::eventTime),
    REVIEWS_TEXT_HASH(
            StreamType.REVIEWS, "text_hash", ValueType.TEXT, null, e -> r(e).getTextHash()),
    REVIEWS_DEVICE_ID(
            StreamType.REVIEWS,
            "device_id",
            ValueType.TEXT,
            IdentifierType.DEVICE,
            e -> r(e).getDeviceId()),
    REVIEWS_IP(StreamType.REVIEWS, "ip", ValueType.TEXT, IdentifierType.IP, e -> r(e).getIp()),
    // the order's story, on an event of any stream
    ORDER_SHOP_ID(
            null, "order.shop_id", ValueType.TEXT, null, e -> c(e) == null ? null : c(e).shopId),
    ORDER_BUYER_ID(
            null,
            "order.buyer_id",
            ValueType.TEXT,
            IdentifierType.BUYER,
            e -> c(e) == null ? null : c(e).buyerId),
    ORDER_ITEM_ID(
            null, "order.item_id", ValueType.TEXT, null, e -> c(e) == null ? null : c(e).itemId),
    ORDER_CATEGORY(
            null, "order.category", ValueType.TEXT, null, e -> c(e) == null ? null : c(e).category),
    ORDER_AMOUNT(
            null, "order.amount", ValueType.NUMBER, null, e -> hasOrder(e) ? c(e).amount : null),
    ORDER_QUANTITY(
            null,
            "order.quantity",
            ValueType.NUMBER,
            null,
            e -> hasOrder(e) ? (long) c(e).quantity : null),
    ORDER_BUYER_REGISTERED_AT(
            null,
            "order.buyer_registered_at",
            ValueType.TIME,
            null,
            e -> hasOrder(e) ? c(e).buyerRegisteredAt : null),
    ORDER_DEVICE_ID(
            null,
            "order.device_id",
            ValueType.TEXT,
            IdentifierType.DEVICE,
            e -> c(e) == null ? null : c(e).deviceId),
    ORDER_IP(
            null,
            "order.ip",
            ValueType.TEXT,
            IdentifierType.IP,
            e -> c(e) == null ? null : c(e).ip),
    ORDER_SHIP_ADDRESS_ID(
            null,
            "order.ship_address_id",
            ValueType.TEXT,
            IdentifierType.ADDRESS,
            e -> c(e) == null ? null : c(e).shipAddressId),
    ORDER_CREATED_AT(
            null, "order.created_at", ValueType.TIME, null, e -> time(e, c -> c.createdAt)),
    ORDER_PAID_AT(null, "order.paid_at", ValueType.TIME, null, e -> time(e, c -> c.paidAt)),
    ORDER_SHIPPED_AT(
            null, "order.shipped_at", ValueType.TIME, null, e -> time(e, c -> c.shippedAt)),
    ORDER_COMPLETED_AT(
            null, "order.completed_at", ValueType.TIME, null, e -> time(e, c -> c.completedAt)),
    ORDER_CANCELLED_AT(
            null, "order.cancelled_at", ValueType.TIME, null, e -> time(e, c -> c.cancelledAt)),
    ORDER_REFUNDED_AT(
            null, "order.refunded_at", ValueType.TIME, null, e -> time(e, c -> c.refundedAt)),
    ORDER_PAYER_ACCOUNT_ID(
            null,
            "order.payer_account_id",
            ValueType.TEXT,
            IdentifierType.PAYER,
            e -> c(e) == null ? null : c(e).payerAccountId),
    ORDER_PAYMENT_METHOD(
            null,
            "order.payment_method",
            ValueType.TEXT,
            null,
            e -> c(e) == null ? null : c(e).paymentMethod),
    ORDER_PAYMENT_AT(
            null, "order.payment_at", ValueType.TIME, null, e -> time(e, c -> c.paymentAt)),
    ORDER_PAYMENT_REFUNDED_AT(
            null,
            "order.payment_refunded_at",
            ValueType.TIME,
            null,
            e -> time(e, c -> c.paymentRefundedAt)),
    ORDER_CHARGEBACK_AT(
            null, "order.chargeback_at", ValueType.TIME, null, e -> time(e, c -> c.chargebackAt)),
    ORDER_WAYBILL_ID(
            null,
            "order.waybill_id",
            ValueType.TEXT,
            null,
            e -> c(e) == null ? null : c(e).waybillId),
    ORDER_CARRIER_ID(
            null,
            "order.carrier_id",
            ValueType.TEXT,
            null,
            e -> c(e) == null ? null : c(e).carrierId),
    ORDER_COURIER_ID(
            null,
            "order.courier_id",
            ValueType.TEXT,
            IdentifierType.COURIER,
            e -> c(e) == null ? null : c(e).courierId),
    ORDER_WEIGHT_GRAMS(
            null,
            "order.weight_grams",
            ValueType.NUMBER,
            null,
            e -> c(e) == null || c(e).weightGrams == null ? null : (long) c(e).weightGrams),
    ORDER_PICKED_UP_AT(
            null, "order.picked_up_at", ValueType.TIME, null, e -> time(e, c -> c.pickedUpAt)),
    ORDER_FIRST_TRANSIT_AT(
            null,
            "order.first_transit_at",
            ValueType.TIME,
            null,
            e -> time(e, c -> c.firstTransitAt)),
    ORDER_SIGNED_AT(null, "order.signed_at", ValueType.TIME, null, e -> time(e, c -> c.signedAt)),
    ORDER_RETURNED_AT(
            null, "order.returned_at", ValueType.TIME, null, e -> time(e, c -> c.returnedAt)),
    ORDER_TRANSIT_SCANS(
            null,
            "order.transit_scans",
            ValueType.NUMBER,
            null,
            e -> c(e) == null ? null : (long) c(e).transitScans),
    ORDER_REVIEWER_ID(
            null,
            "order.reviewer_id",
            ValueType.TEXT,
            IdentifierType.REVIEWER,
            e -> c(e) == null ? null : c(e).reviewerId),
    ORDER_RATING(
            null,
            "order.rating",
            ValueType.NUMBER,
            null,
            e -> c(e) == null || c(e).reviewId == null ? null : (long) c(e).rating),
    ORDER_REVIEWED_AT(
            null, "order.reviewed_at", ValueType.TIME, null, e -> time(e, c -> c.reviewedAt));

    private static final Map<String, Field> BY_NAME = new TreeMap<>();

    static {
        for (Field f : values()) {
            BY_NAME.put(key(f.stream, f.fieldName), f);
        }
    }

    /** The stream whose events have the field; null for a field of the order story. */
    public final StreamType stream;

    /** The name a definition uses. */
    public final String fieldName;

    public final ValueType type;

    /** The personal identifier type of the field's values, or null for none. */
    public final IdentifierType identifier;

    private final transient Function<EnrichedEvent, Object> read;

    Field(
            StreamType stream,
            String fieldName,
            ValueType type,
            IdentifierType identifier,
            Function<EnrichedEvent, Object> read) {
        this.stream = stream;
        this.fieldName = fieldName;
        this.type = type;
        this.identifier = identifier;
        this.read = read;
    }

    /** The value on {@code e}, which must be of this field's stream (for an event field). */
    public Object read(EnrichedEvent e) {
        return read.apply(e);
    }

    /** The field {@code name} on events of {@code stream}, or null when they have none. */
    public static Field of(StreamType stream, String name) {
        if (name.startsWith("order.")) {
            return BY_NAME.get(key(null, name));
        }
        return BY_NAME.get(key(stream, name));
    }

    /** The names a definition may use on events of {@code stream}, for messages. */
    public static List<String> names(StreamType stream) {
        return Arrays.stream(values())
                .filter(f -> f.stream == stream || f.stream == null)
                .map(f -> f.fieldName)
                .toList();
    }

    /** The allowed values of an enum field, upper case. */
    public List<String> enumValues() {
        if (type != ValueType.ENUM) {
            return List.of();
        }
        Class<? extends Enum<?>> e =
                switch (this) {
                    case ORDERS_STATUS -> io.brushguard.avro.OrderStatus.class;
                    case PAYMENTS_STATUS -> io.brushguard.avro.PaymentStatus.class;
                    case LOGISTICS_SCAN -> io.brushguard.avro.ScanType.class;
                    default -> throw new IllegalStateException(name());
                };
        return Arrays.stream(e.getEnumConstants()).map(Enum::name).toList();
    }

    private static String key(StreamType stream, String name) {
        return (stream == null ? "*" : stream.name().toLowerCase(Locale.ROOT)) + ":" + name;
    }

    private static OrderEvent o(EnrichedEvent e) {
        return e.event.order;
    }

    private static PaymentEvent p(EnrichedEvent e) {
        return e.event.payment;
    }

    private static LogisticsEvent l(EnrichedEvent e) {
        return e.event.logistics;
    }

    private static ReviewEvent r(EnrichedEvent e) {
        return e.event.review;
    }

    private static OrderContext c(EnrichedEvent e) {
        return e.context;
    }

    private static boolean hasOrder(EnrichedEvent e) {
        return e.context != null && e.context.hasOrder();
    }

    private static Long time(EnrichedEvent e, java.util.function.ToLongFunction<OrderContext> t) {
        if (e.context == null) {
            return null;
        }
        long v = t.applyAsLong(e.context);
        return v == 0 ? null : v;
    }
}
