package io.brushguard.patterns.review;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.IdentifierType;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Extortion by review (差评勒索), keyed by shop ({@link #key}). Input: refunds (order REFUNDED or
 * payment REFUNDED), enriched with their order's story, which already holds the order's review: no
 * join state is needed. A low rating followed within days by a refund of the same order is the
 * pattern of "refund me or the review stays"; a shop it happens to repeatedly is being squeezed.
 * Alerts (MALICIOUS_REVIEW, DEFLATE, subject the victim SHOP) once per episode.
 */
public class ExtortionDetector extends ReviewWindowDetector {

    private final ExtortionRule rule;

    public ExtortionDetector(ExtortionRule rule) {
        super(rule.window().toMillis());
        this.rule = rule;
    }

    /** Which events this detector needs: refunds of reviewed orders whose shop is known. */
    public static boolean accepts(EnrichedEvent e) {
        boolean refund =
                (e.event.order != null && e.event.order.getStatus() == OrderStatus.REFUNDED)
                        || (e.event.payment != null
                                && e.event.payment.getStatus() == PaymentStatus.REFUNDED);
        return refund && e.context != null && e.context.shopId != null && e.context.reviewedAt > 0;
    }

    /** The key: the shop of the refunded order. */
    public static String key(EnrichedEvent e) {
        return e.context.shopId;
    }

    @Override
    protected ReviewMark flag(EnrichedEvent e) {
        if (!accepts(e)) {
            return null;
        }
        OrderContext c = e.context;
        long firstRefund = firstNonZero(c.refundedAt, c.paymentRefundedAt);
        // The rating must come first: a refund followed by a complaint is an honest story.
        if (c.rating > rule.maxRating()
                || firstRefund < c.reviewedAt
                || firstRefund - c.reviewedAt > rule.maxRefundDelay().toMillis()) {
            return null;
        }
        ReviewMark m = new ReviewMark();
        m.dedupKey = c.orderId;
        m.orderId = c.orderId;
        m.reviewId = c.reviewId;
        m.reviewerId = c.reviewerId;
        m.shopId = c.shopId;
        m.rating = c.rating;
        m.deviceId = c.reviewDeviceId;
        m.ip = c.reviewIp;
        m.context = c;
        return m;
    }

    private static boolean refundedWithinADay(ReviewMark m) {
        long refund = firstNonZero(m.context.refundedAt, m.context.paymentRefundedAt);
        return refund - m.context.reviewedAt <= 86_400_000L;
    }

    /** Whether two marks of different reviewers share a device or an ip. */
    static boolean sharesDeviceOrIp(List<ReviewMark> marks) {
        return ReviewMark.twoReviewersShareADeviceOrIp(marks, m -> true);
    }

    private static long firstNonZero(long a, long b) {
        if (a == 0) {
            return b;
        }
        return b == 0 ? a : Math.min(a, b);
    }

    @Override
    protected List<ReviewMark> evidence(List<ReviewMark> window) {
        return window.size() >= rule.minOrders() ? window : null;
    }

    @Override
    protected RiskAlert alert(String shopId, List<ReviewMark> marks, long ts, long now) {
        Set<String> reviewers = new TreeSet<>();
        List<String> delays = new ArrayList<>();
        for (ReviewMark m : marks) {
            reviewers.add(m.reviewerId);
            long refund = firstNonZero(m.context.refundedAt, m.context.paymentRefundedAt);
            delays.add(
                    String.format(
                            "%s: %d star(s), refund %d h later",
                            m.orderId, m.rating, (refund - m.context.reviewedAt) / 3_600_000L));
        }
        AlertBuilder alert = AlertBuilder.forRule(rule.meta()).subject(EntityType.SHOP, shopId);
        timeline(alert, marks);
        // Unhappy customers are refunded after complaining every day: refunds after low ratings
        // alone are only a weak signal. Extortion shows in how it is done: one account
        // squeezing the shop repeatedly (a professional, 职业差评师), reviewers on one device or
        // IP, or refunds paid within hours of the rating.
        boolean repeatOffender = reviewers.size() < marks.size();
        boolean sharedIdentity = sharesDeviceOrIp(marks);
        long fastRefunds = marks.stream().filter(ExtortionDetector::refundedWithinADay).count();
        boolean mostlyFast = fastRefunds * 2 > marks.size();
        double score =
                0.5
                        + (repeatOffender ? 0.3 : 0.0)
                        + (sharedIdentity ? 0.3 : 0.0)
                        + (mostlyFast ? 0.1 : 0.0)
                        + 0.02 * (marks.size() - rule.minOrders());
        return alert.orders(orderIds(marks))
                .window(storyStart(marks, ts), ts)
                .summary(
                        String.format(
                                "shop %s refunded %d orders within %s of a rating of %d star(s)"
                                        + " or less on them, within %s (threshold %d orders)",
                                shopId,
                                marks.size(),
                                rule.maxRefundDelay(),
                                rule.maxRating(),
                                rule.window(),
                                rule.minOrders()))
                .fact("refunded_after_low_rating", marks.size())
                .fact("orders", String.join("; ", delays))
                .fact("reviewers", String.join(",", reviewers))
                .identify(IdentifierType.REVIEWER, reviewers)
                .fact("threshold_orders", rule.minOrders())
                .fact("window", rule.window())
                .fact("repeat_offender", repeatOffender)
                .fact("reviewers_share_device_or_ip", sharedIdentity)
                .fact("refunded_within_a_day", fastRefunds)
                .score(Math.min(0.95, score))
                .build(now);
    }
}
