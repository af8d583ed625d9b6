package io.brushguard.patterns.brushing;

/** A good review as the duplicate-text rule keeps it. A Flink POJO. */
public class GoodReview {
    public long at;
    public String reviewId;
    public String reviewerId;
    public String orderId;
    public String textHash;

    public GoodReview() {}
}
