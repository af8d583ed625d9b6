package io.brushguard.patterns.review;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.Distinct;
import io.brushguard.patterns.common.IdentifierType;
import io.brushguard.patterns.correlation.EnrichedEvent;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Malicious reviews spread by one account, keyed by reviewer ({@link #key}). Input: all reviews,
 * enriched with their order's story when they have one. An account that rates several shops low
 * without having bought from any of them is paid to, typically by a competitor of shops in one
 * category. Alerts (MALICIOUS_REVIEW, DEFLATE, subject REVIEWER) once per episode; a weak signal,
 * stronger when the shops share a category.
 *
 * <p>"No paid order" is judged on the reviewed order only (null, another buyer's, or unpaid): a
 * paid order of the account at the shop under another order id is not seen here.
 */
public class CompetitorSpreadDetector extends ReviewWindowDetector {

    private final CompetitorSpreadRule rule;

    public CompetitorSpreadDetector(CompetitorSpreadRule rule) {
        super(rule.window().toMillis());
        this.rule = rule;
    }

    /** Which events this detector needs: all reviews. */
    public static boolean accepts(EnrichedEvent e) {
        return e.event.review != null;
    }

    /** Which events the detector for this subject needs: reviews that name it. */
    public static boolean accepts(EntityType subject, EnrichedEvent e) {
        return accepts(e) && (subject != EntityType.DEVICE || e.event.review.getDeviceId() != null);
    }

    /** The key: the reviewer's account. */
    public static String key(EnrichedEvent e) {
        return e.event.review.getReviewerId();
    }

    /** The key for this subject: the reviewer's account or the review's device. */
    public static String key(EntityType subject, EnrichedEvent e) {
        return subject == EntityType.DEVICE ? e.event.review.getDeviceId() : key(e);
    }

    @Override
    protected ReviewMark flag(EnrichedEvent e) {
        if (!accepts(e) || e.event.review.getRating() > rule.maxRating()) {
            return null;
        }
        ReviewMark m = reviewMark(e);
        return LowRatingBeforeDeliveryDetector.unverified(m) ? m : null;
    }

    private static Set<String> shops(List<ReviewMark> marks) {
        Set<String> shops = new TreeSet<>();
        marks.forEach(m -> shops.add(m.shopId));
        return shops;
    }

    @Override
    protected List<ReviewMark> evidence(List<ReviewMark> window) {
        return Distinct.atLeast(window, m -> m.shopId, rule.minShops()) ? window : null;
    }

    @Override
    protected RiskAlert alert(String subjectId, List<ReviewMark> marks, long ts, long now) {
        Set<String> shops = shops(marks);
        Set<String> categories = new TreeSet<>();
        int knownCategory = 0;
        for (ReviewMark m : marks) {
            if (m.context != null && m.context.category != null) {
                categories.add(m.context.category);
                knownCategory++;
            }
        }
        boolean oneCategory = knownCategory >= 2 && categories.size() == 1;
        AlertBuilder alert = AlertBuilder.forRule(rule.meta()).subject(rule.subject(), subjectId);
        Set<String> accounts = new TreeSet<>();
        marks.forEach(m -> accounts.add(m.reviewerId));
        timeline(alert, marks);
        int excess = shops.size() - rule.minShops();
        return alert.orders(orderIds(marks))
                .window(marks.get(0).at, ts)
                .summary(
                        String.format(
                                "%s %s rated %d shops %d star(s) or less within %s without a"
                                        + " paid order there (threshold %d shops)%s",
                                rule.subject() == EntityType.DEVICE ? "device" : "account",
                                subjectId,
                                shops.size(),
                                rule.maxRating(),
                                rule.window(),
                                rule.minShops(),
                                oneCategory
                                        ? ", all in category " + categories.iterator().next()
                                        : ""))
                .fact("distinct_shops", shops.size())
                .fact("accounts", String.join(",", accounts))
                .identify(IdentifierType.REVIEWER, accounts)
                .fact("shops", String.join(",", shops))
                .fact("low_ratings", marks.size())
                .fact("categories", categories.isEmpty() ? "unknown" : String.join(",", categories))
                .fact("threshold_shops", rule.minShops())
                .fact("window", rule.window())
                // No honest account runs down four shops it never bought from in a week.
                .score(Math.min(0.95, 0.6 + 0.2 * excess + (oneCategory ? 0.2 : 0.0)))
                .build(now);
    }
}
