package io.brushguard.patterns.review;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.Distinct;
import io.brushguard.patterns.common.IdentifierType;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Malicious reviews before delivery, keyed by shop ({@link #key}). Input: reviews tied to an order,
 * enriched with the order's story. A low rating on an order not yet signed for (and not cancelled)
 * judges goods the reviewer never had; several accounts doing it to one shop within days is an
 * attack. Alerts (MALICIOUS_REVIEW, DEFLATE, subject the victim SHOP) once per episode; a weak
 * signal, stronger when the reviewers are not the orders' paying buyers.
 */
public class LowRatingBeforeDeliveryDetector extends ReviewWindowDetector {

    private final LowRatingBeforeDeliveryRule rule;

    public LowRatingBeforeDeliveryDetector(LowRatingBeforeDeliveryRule rule) {
        super(rule.window().toMillis());
        this.rule = rule;
    }

    /** Which events this detector needs: reviews of a known order id. */
    public static boolean accepts(EnrichedEvent e) {
        return e.event.review != null && e.context != null;
    }

    /** The key: the reviewed shop. */
    public static String key(EnrichedEvent e) {
        return e.event.review.getShopId();
    }

    @Override
    protected ReviewMark flag(EnrichedEvent e) {
        if (!accepts(e) || e.event.review.getRating() > rule.maxRating()) {
            return null;
        }
        OrderContext c = e.context;
        // The context holds the order's events up to the review, so a signature after it is not
        // there yet: signedAt == 0 means "not signed before the review".
        if ((c.signedAt > 0 && c.signedAt <= e.eventTime()) || c.cancelledAt > 0) {
            return null;
        }
        return reviewMark(e);
    }

    @Override
    protected List<ReviewMark> evidence(List<ReviewMark> window) {
        return Distinct.atLeast(window, m -> m.reviewerId, rule.minReviewers()) ? window : null;
    }

    private static Set<String> reviewers(List<ReviewMark> marks) {
        Set<String> reviewers = new TreeSet<>();
        marks.forEach(m -> reviewers.add(m.reviewerId));
        return reviewers;
    }

    /** A reviewer who is not the order's paying buyer. */
    static boolean unverified(ReviewMark m) {
        OrderContext c = m.context;
        return c == null
                || c.buyerId == null
                || !c.buyerId.equals(m.reviewerId)
                || (c.paidAt == 0 && c.paymentAt == 0);
    }

    @Override
    protected RiskAlert alert(String shopId, List<ReviewMark> marks, long ts, long now) {
        Set<String> reviewers = reviewers(marks);
        long unverified =
                marks.stream().filter(LowRatingBeforeDeliveryDetector::unverified).count();
        long neverShipped =
                marks.stream()
                        .filter(m -> m.context.pickedUpAt == 0 && m.context.shippedAt == 0)
                        .count();
        AlertBuilder alert = AlertBuilder.forRule(rule.meta()).subject(EntityType.SHOP, shopId);
        timeline(alert, marks);
        int excess = reviewers.size() - rule.minReviewers();
        return alert.orders(orderIds(marks))
                .window(storyStart(marks, ts), ts)
                .summary(
                        String.format(
                                "shop %s received %d ratings of %d star(s) or less on orders not"
                                        + " yet delivered, from %d accounts within %s (threshold"
                                        + " %d accounts)",
                                shopId,
                                marks.size(),
                                rule.maxRating(),
                                reviewers.size(),
                                rule.window(),
                                rule.minReviewers()))
                .fact("low_ratings", marks.size())
                .fact("distinct_reviewers", reviewers.size())
                .fact("reviewers", String.join(",", reviewers))
                .identify(IdentifierType.REVIEWER, reviewers)
                .fact("not_paying_buyer", unverified)
                .fact("never_shipped", neverShipped)
                .fact("threshold_reviewers", rule.minReviewers())
                .fact("window", rule.window())
                // Paying buyers of a late parcel do complain early; strangers to the order do not.
                .score(
                        Math.min(
                                0.95,
                                0.55
                                        + 0.05 * excess
                                        + (2 * unverified > marks.size() ? 0.25 : 0.0)))
                .build(now);
    }
}
