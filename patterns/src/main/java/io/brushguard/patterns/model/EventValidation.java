package io.brushguard.patterns.model;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.ReviewEvent;

/**
 * The checks an event must pass beyond its Avro schema before detectors see it: ids present,
 * ratings within 1..5, amounts not negative, times after the epoch. A failing event is
 * dead-lettered with the reason, never dropped silently and never allowed to fail the job.
 */
public final class EventValidation {

    private EventValidation() {}

    /** The first problem with this event, or null when it is valid. */
    public static String problem(PlatformEvent e) {
        switch (e.stream()) {
            case ORDERS:
                return problem(e.order);
            case PAYMENTS:
                return problem(e.payment);
            case LOGISTICS:
                return problem(e.logistics);
            default:
                return problem(e.review);
        }
    }

    static String problem(OrderEvent o) {
        String p =
                firstBlank(
                        "order_id",
                        o.getOrderId(),
                        "shop_id",
                        o.getShopId(),
                        "buyer_id",
                        o.getBuyerId());
        if (p != null) {
            return p;
        }
        if (o.getAmount() < 0) {
            return "amount must not be negative, got " + o.getAmount();
        }
        if (o.getQuantity() < 0) {
            return "quantity must not be negative, got " + o.getQuantity();
        }
        return time(o.getEventTime().toEpochMilli());
    }

    static String problem(PaymentEvent p) {
        String blank =
                firstBlank(
                        "payment_id", p.getPaymentId(),
                        "order_id", p.getOrderId(),
                        "payer_account_id", p.getPayerAccountId());
        if (blank != null) {
            return blank;
        }
        if (p.getAmount() < 0) {
            return "amount must not be negative, got " + p.getAmount();
        }
        return time(p.getEventTime().toEpochMilli());
    }

    static String problem(LogisticsEvent l) {
        String blank =
                firstBlank(
                        "waybill_id", l.getWaybillId(),
                        "order_id", l.getOrderId(),
                        "carrier_id", l.getCarrierId());
        if (blank != null) {
            return blank;
        }
        if (l.getWeightGrams() != null && l.getWeightGrams() < 0) {
            return "weight_grams must not be negative, got " + l.getWeightGrams();
        }
        return time(l.getEventTime().toEpochMilli());
    }

    static String problem(ReviewEvent r) {
        String blank =
                firstBlank(
                        "review_id", r.getReviewId(),
                        "shop_id", r.getShopId(),
                        "reviewer_id", r.getReviewerId());
        if (blank != null) {
            return blank;
        }
        if (r.getRating() < 1 || r.getRating() > 5) {
            return "rating must be within 1..5, got " + r.getRating();
        }
        return time(r.getEventTime().toEpochMilli());
    }

    private static String time(long eventTime) {
        return eventTime <= 0 ? "event_time must be after the epoch, got " + eventTime : null;
    }

    private static String firstBlank(String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String v = namesAndValues[i + 1];
            if (v == null || v.isBlank()) {
                return "required field '" + namesAndValues[i] + "' is empty";
            }
        }
        return null;
    }
}
