package io.brushguard.patterns.review;

import io.brushguard.patterns.correlation.OrderContext;

/**
 * One flagged event a review detector keeps in its window: a low rating (or the refund that
 * followed one), who wrote it from where, and its order's story when it has an order. A Flink POJO.
 */
public class ReviewMark {
    public long at;

    /** What makes two marks the same piece of evidence (a review id, an order id). */
    public String dedupKey;

    public String reviewId;
    public String reviewerId;
    public String shopId;
    public String orderId;
    public int rating;
    public String deviceId;
    public String ip;

    /** The order's story at the flagged event; null for a review not tied to an order. */
    public OrderContext context;

    public ReviewMark() {}
}
