package io.brushguard.patterns.review;

/** A low rating as the burst window keeps it. A Flink POJO. */
public class ReviewRef {
    public long at;
    public String reviewId;
    public String reviewerId;
    public String orderId;
    public int rating;
    public String deviceId;

    public ReviewRef() {}
}
