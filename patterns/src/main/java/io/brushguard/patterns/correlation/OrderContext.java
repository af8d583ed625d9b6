package io.brushguard.patterns.correlation;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.patterns.common.IdentifierType;
import io.brushguard.patterns.serde.OrderContextSerializer;

import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything known about one order up to a point in event time: its steps, payment, waybill and
 * scans, and review. Kept per order by {@link OrderTimelineFunction}. Times are epoch ms; 0 means
 * "not (yet) seen".
 *
 * <p>Flink serialises it with {@link OrderContextSerializer}: a field added here must be added
 * there and to {@link #copy()} (the serializer tests fail until it is; see {@code
 * io.brushguard.patterns.serde}).
 */
@TypeInfo(OrderContextSerializer.Factory.class)
public class OrderContext {

    public String orderId;

    /** Event time of the latest event applied. */
    public long lastEventAt;

    // From the order stream.
    public String shopId;
    public String buyerId;
    public String itemId;
    public String category;
    public long amount;
    public int quantity;
    public long buyerRegisteredAt;
    public String deviceId;
    public String ip;
    public String shipAddressId;
    public long createdAt;
    public long paidAt;
    public long shippedAt;
    public long completedAt;
    public long cancelledAt;
    public long refundedAt;

    // From the payment stream.
    public String paymentId;
    public String payerAccountId;
    public String paymentMethod;
    public long paymentAt;
    public long paymentRefundedAt;
    public long chargebackAt;

    // From the logistics stream (the order's latest waybill).
    public String waybillId;
    public String carrierId;
    public String courierId;
    public Integer weightGrams;
    public long waybillCreatedAt;
    public long pickedUpAt;
    public long signedAt;
    public long returnedAt;
    public int transitScans;
    public long firstTransitAt;
    public String pickupLocation;
    public String signedLocation;

    // From the review stream (the order's first review).
    public String reviewId;
    public String reviewerId;
    public int rating;
    public long reviewedAt;
    public String reviewTextHash;
    public String reviewDeviceId;
    public String reviewIp;

    /**
     * Share of parcels under the light-weight limit in this order's category, as the platform saw
     * it up to this parcel's pickup; -1 when unknown. Set by the category weight norm of the
     * empty-parcel rules, not by the correlation.
     */
    public double categoryLightShare = -1;

    public OrderContext() {}

    public OrderContext(String orderId) {
        this.orderId = orderId;
    }

    /** Whether an order event was seen (shop and buyer are known). */
    public boolean hasOrder() {
        return shopId != null;
    }

    void apply(OrderEvent o, long ts) {
        lastEventAt = Math.max(lastEventAt, ts);
        shopId = o.getShopId();
        buyerId = o.getBuyerId();
        itemId = o.getItemId();
        category = o.getCategory();
        amount = o.getAmount();
        quantity = o.getQuantity();
        buyerRegisteredAt = o.getBuyerRegisteredAt().toEpochMilli();
        if (o.getDeviceId() != null) {
            deviceId = o.getDeviceId();
        }
        if (o.getIp() != null) {
            ip = o.getIp();
        }
        if (o.getShipAddressId() != null) {
            shipAddressId = o.getShipAddressId();
        }
        switch (o.getStatus()) {
            case CREATED:
                createdAt = first(createdAt, ts);
                break;
            case PAID:
                paidAt = first(paidAt, ts);
                break;
            case SHIPPED:
                shippedAt = first(shippedAt, ts);
                break;
            case COMPLETED:
                completedAt = first(completedAt, ts);
                break;
            case CANCELLED:
                cancelledAt = first(cancelledAt, ts);
                break;
            case REFUNDED:
                refundedAt = first(refundedAt, ts);
                break;
            default:
                break;
        }
    }

    void apply(PaymentEvent p, long ts) {
        lastEventAt = Math.max(lastEventAt, ts);
        switch (p.getStatus()) {
            case PAID:
                paymentId = p.getPaymentId();
                payerAccountId = p.getPayerAccountId();
                paymentMethod = p.getMethod();
                paymentAt = first(paymentAt, ts);
                break;
            case REFUNDED:
                paymentRefundedAt = first(paymentRefundedAt, ts);
                break;
            case CHARGEBACK:
                chargebackAt = first(chargebackAt, ts);
                break;
            default:
                break;
        }
        if (payerAccountId == null) {
            payerAccountId = p.getPayerAccountId();
        }
    }

    void apply(LogisticsEvent l, long ts) {
        lastEventAt = Math.max(lastEventAt, ts);
        if (waybillId != null && !waybillId.equals(l.getWaybillId())) {
            // A new waybill for the order (re-shipment): its scans start afresh.
            transitScans = 0;
            firstTransitAt = 0;
            pickedUpAt = 0;
            signedAt = 0;
            weightGrams = null;
            pickupLocation = null;
        }
        waybillId = l.getWaybillId();
        carrierId = l.getCarrierId();
        if (l.getCourierId() != null) {
            courierId = l.getCourierId();
        }
        if (l.getWeightGrams() != null) {
            weightGrams = l.getWeightGrams();
        }
        switch (l.getScan()) {
            case CREATED:
                waybillCreatedAt = first(waybillCreatedAt, ts);
                break;
            case PICKED_UP:
                pickedUpAt = first(pickedUpAt, ts);
                if (l.getLocation() != null) {
                    pickupLocation = l.getLocation();
                }
                break;
            case IN_TRANSIT:
            case OUT_FOR_DELIVERY:
                transitScans++;
                firstTransitAt = first(firstTransitAt, ts);
                break;
            case SIGNED:
                signedAt = first(signedAt, ts);
                if (l.getLocation() != null) {
                    signedLocation = l.getLocation();
                }
                break;
            case RETURNED:
                returnedAt = first(returnedAt, ts);
                break;
            default:
                break;
        }
    }

    void apply(ReviewEvent r, long ts) {
        lastEventAt = Math.max(lastEventAt, ts);
        if (reviewId != null) {
            return;
        }
        reviewId = r.getReviewId();
        reviewerId = r.getReviewerId();
        rating = r.getRating();
        reviewedAt = ts;
        reviewTextHash = r.getTextHash();
        reviewDeviceId = r.getDeviceId();
        reviewIp = r.getIp();
    }

    /** The earliest time anything happened to this order. */
    public long startedAt() {
        long start = Long.MAX_VALUE;
        for (long t :
                new long[] {
                    createdAt, paidAt, paymentAt, waybillCreatedAt, pickedUpAt, signedAt, reviewedAt
                }) {
            if (t > 0) {
                start = Math.min(start, t);
            }
        }
        return start == Long.MAX_VALUE ? 0 : start;
    }

    /**
     * One step of the order's story, for alert evidence, with the personal identifiers its text
     * names (value to {@link IdentifierType} name).
     */
    public record Step(long at, String stream, String what, Map<String, String> identifiers) {

        public Step {
            identifiers = identifiers == null ? Map.of() : identifiers;
        }

        /** A step that names no personal identifier. */
        public Step(long at, String stream, String what) {
            this(at, stream, what, Map.of());
        }
    }

    /**
     * The order's story so far, oldest first: the full-process trace (全程留痕) of an alert. Each step
     * carries the personal identifiers its text names (buyer, payer, reviewer). Shop and carrier
     * ids are businesses; scan locations are city and depot codes (the event contract), not
     * addresses; both stay in clear.
     */
    public List<Step> timeline() {
        List<Step> steps = new ArrayList<>();
        add(
                steps,
                createdAt,
                "orders",
                "CREATED by buyer "
                        + buyerId
                        + " at shop "
                        + shopId
                        + " ("
                        + category
                        + ", "
                        + amount
                        + ")",
                named(IdentifierType.BUYER, buyerId));
        add(steps, paidAt, "orders", "PAID", Map.of());
        add(
                steps,
                paymentAt,
                "payments",
                "payment " + paymentId + " by " + payerAccountId + " via " + paymentMethod,
                named(IdentifierType.PAYER, payerAccountId));
        add(steps, shippedAt, "orders", "SHIPPED", Map.of());
        add(
                steps,
                waybillCreatedAt,
                "logistics",
                "waybill " + waybillId + " CREATED (" + carrierId + ")",
                Map.of());
        add(
                steps,
                pickedUpAt,
                "logistics",
                "PICKED_UP at "
                        + pickupLocation
                        + (weightGrams == null ? "" : ", " + weightGrams + " g"),
                Map.of());
        add(
                steps,
                firstTransitAt,
                "logistics",
                "first transit scan (" + transitScans + " in all)",
                Map.of());
        add(steps, signedAt, "logistics", "SIGNED at " + signedLocation, Map.of());
        add(steps, returnedAt, "logistics", "RETURNED", Map.of());
        add(steps, completedAt, "orders", "COMPLETED", Map.of());
        add(
                steps,
                reviewedAt,
                "reviews",
                "review " + reviewId + ": " + rating + " star(s) by " + reviewerId,
                named(IdentifierType.REVIEWER, reviewerId));
        add(steps, cancelledAt, "orders", "CANCELLED", Map.of());
        add(steps, refundedAt, "orders", "REFUNDED", Map.of());
        add(steps, paymentRefundedAt, "payments", "payment REFUNDED", Map.of());
        add(steps, chargebackAt, "payments", "CHARGEBACK", Map.of());
        steps.sort((a, b) -> Long.compare(a.at(), b.at()));
        return steps;
    }

    private static Map<String, String> named(IdentifierType type, String value) {
        return value == null || value.isEmpty() ? Map.of() : Map.of(value, type.name());
    }

    private static void add(
            List<Step> steps, long at, String stream, String what, Map<String, String> named) {
        if (at > 0) {
            steps.add(new Step(at, stream, what, named));
        }
    }

    private static long first(long current, long ts) {
        return current == 0 ? ts : Math.min(current, ts);
    }

    /** A copy, so that what was emitted downstream never changes with later events. */
    public OrderContext copy() {
        OrderContext c = new OrderContext(orderId);
        c.lastEventAt = lastEventAt;
        c.shopId = shopId;
        c.buyerId = buyerId;
        c.itemId = itemId;
        c.category = category;
        c.amount = amount;
        c.quantity = quantity;
        c.buyerRegisteredAt = buyerRegisteredAt;
        c.deviceId = deviceId;
        c.ip = ip;
        c.shipAddressId = shipAddressId;
        c.createdAt = createdAt;
        c.paidAt = paidAt;
        c.shippedAt = shippedAt;
        c.completedAt = completedAt;
        c.cancelledAt = cancelledAt;
        c.refundedAt = refundedAt;
        c.paymentId = paymentId;
        c.payerAccountId = payerAccountId;
        c.paymentMethod = paymentMethod;
        c.paymentAt = paymentAt;
        c.paymentRefundedAt = paymentRefundedAt;
        c.chargebackAt = chargebackAt;
        c.waybillId = waybillId;
        c.carrierId = carrierId;
        c.courierId = courierId;
        c.weightGrams = weightGrams;
        c.waybillCreatedAt = waybillCreatedAt;
        c.pickedUpAt = pickedUpAt;
        c.signedAt = signedAt;
        c.returnedAt = returnedAt;
        c.transitScans = transitScans;
        c.firstTransitAt = firstTransitAt;
        c.pickupLocation = pickupLocation;
        c.signedLocation = signedLocation;
        c.reviewId = reviewId;
        c.reviewerId = reviewerId;
        c.rating = rating;
        c.reviewedAt = reviewedAt;
        c.reviewTextHash = reviewTextHash;
        c.reviewDeviceId = reviewDeviceId;
        c.reviewIp = reviewIp;
        c.categoryLightShare = categoryLightShare;
        return c;
    }
}
