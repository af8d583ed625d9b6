package io.brushguard.patterns.review;

import io.brushguard.patterns.common.Distinct;
import io.brushguard.patterns.correlation.OrderContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

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

    /**
     * Whether two marks of different reviewers share a device, or an ip among the marks {@code
     * ipCounts} accepts. One pass: each device and ip remembers the first reviewer seen with it,
     * and any other reviewer with it makes a pair (a busy shop's window is not compared pair by
     * pair).
     */
    static boolean twoReviewersShareADeviceOrIp(
            List<ReviewMark> marks, Predicate<ReviewMark> ipCounts) {
        Map<String, String> byDevice = new HashMap<>();
        Map<String, String> byIp = new HashMap<>();
        for (ReviewMark m : marks) {
            if (Distinct.sharedWithAnother(byDevice, m.deviceId, m.reviewerId)) {
                return true;
            }
            if (m.ip != null
                    && ipCounts.test(m)
                    && Distinct.sharedWithAnother(byIp, m.ip, m.reviewerId)) {
                return true;
            }
        }
        return false;
    }
}
