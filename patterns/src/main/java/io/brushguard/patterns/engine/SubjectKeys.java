package io.brushguard.patterns.engine;

import io.brushguard.avro.EntityType;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;
import io.brushguard.patterns.model.PlatformEvent;

/**
 * The subject an event is about, for each alert subject type: the event's own field where its
 * stream has one (a review's {@code reviewer_id}, a scan's {@code courier_id}), else the order
 * story's ({@code order.shop_id} on a payment). Null when neither is known: the event then counts
 * for no pattern keyed by that subject.
 */
public final class SubjectKeys {

    private SubjectKeys() {}

    public static String of(EntityType subject, EnrichedEvent e) {
        PlatformEvent p = e.event;
        OrderContext c = e.context;
        switch (subject) {
            case SHOP:
                if (p.order != null) {
                    return p.order.getShopId();
                }
                if (p.review != null) {
                    return p.review.getShopId();
                }
                return c == null ? null : c.shopId;
            case BUYER:
                if (p.order != null) {
                    return p.order.getBuyerId();
                }
                return c == null ? null : c.buyerId;
            case REVIEWER:
                if (p.review != null) {
                    return p.review.getReviewerId();
                }
                return c == null ? null : c.reviewerId;
            case PAYER:
                if (p.payment != null) {
                    return p.payment.getPayerAccountId();
                }
                return c == null ? null : c.payerAccountId;
            case DEVICE:
                if (p.order != null && p.order.getDeviceId() != null) {
                    return p.order.getDeviceId();
                }
                if (p.review != null) {
                    return p.review.getDeviceId();
                }
                return c == null ? null : c.deviceId;
            case COURIER:
                if (p.logistics != null && p.logistics.getCourierId() != null) {
                    return p.logistics.getCourierId();
                }
                return c == null ? null : c.courierId;
            case CARRIER:
                if (p.logistics != null) {
                    return p.logistics.getCarrierId();
                }
                return c == null ? null : c.carrierId;
            default:
                throw new IllegalArgumentException("not a subject of patterns: " + subject);
        }
    }
}
