package io.brushguard.patterns.review;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.IdentifierType;
import io.brushguard.patterns.correlation.EnrichedEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Malicious reviews from one device or address, keyed by shop ({@link #key}). Input: reviews that
 * carry a device_id or ip, enriched with their order's story when they have one. Several accounts
 * rating one shop low from one phone are one person (or one review farm). Alerts (MALICIOUS_REVIEW,
 * DEFLATE, subject the victim SHOP) once per episode: conclusive for a shared device, a weak signal
 * for a shared ip only, where honest customers behind one NAT never count.
 */
public class SharedDeviceLowRatingDetector extends ReviewWindowDetector {

    private final SharedDeviceLowRatingRule rule;

    public SharedDeviceLowRatingDetector(SharedDeviceLowRatingRule rule) {
        super(rule.window().toMillis());
        this.rule = rule;
    }

    /** Which events this detector needs: reviews with a device or an ip. */
    public static boolean accepts(EnrichedEvent e) {
        return e.event.review != null
                && (e.event.review.getDeviceId() != null || e.event.review.getIp() != null);
    }

    /** The key: the reviewed shop. */
    public static String key(EnrichedEvent e) {
        return e.event.review.getShopId();
    }

    @Override
    protected ReviewMark flag(EnrichedEvent e) {
        return accepts(e) && e.event.review.getRating() <= rule.maxRating() ? reviewMark(e) : null;
    }

    /**
     * The accounts sharing one device or ip, and what they share: {@code shared} reads "device
     * &lt;id&gt;" or "ip &lt;address&gt;", {@code value} is the id or address alone.
     */
    private record Group(
            String shared,
            IdentifierType type,
            String value,
            List<ReviewMark> marks,
            Set<String> reviewers) {
        boolean device() {
            return type == IdentifierType.DEVICE;
        }
    }

    /** The largest device group crossing the threshold, else the largest ip group, else null. */
    private Group bestGroup(List<ReviewMark> window) {
        Map<String, Group> groups = new TreeMap<>();
        for (ReviewMark m : window) {
            if (m.deviceId != null) {
                add(groups, IdentifierType.DEVICE, "device ", m.deviceId, m);
            }
            // Honest customers share ips; only accounts without a paid order count on one.
            if (m.ip != null && LowRatingBeforeDeliveryDetector.unverified(m)) {
                add(groups, IdentifierType.IP, "ip ", m.ip, m);
            }
        }
        Group best = null;
        for (Group g : groups.values()) {
            // Two accounts on one phone may be a couple; many low ratings from them are not.
            boolean pair =
                    g.reviewers().size() >= 2 && g.marks().size() >= rule.minRatingsForPair();
            if (g.reviewers().size() < rule.minReviewers() && !pair) {
                continue;
            }
            if (best == null
                    || (g.device() && !best.device())
                    || (g.device() == best.device()
                            && g.reviewers().size() > best.reviewers().size())) {
                best = g;
            }
        }
        return best;
    }

    private static void add(
            Map<String, Group> groups,
            IdentifierType type,
            String label,
            String value,
            ReviewMark m) {
        Group g =
                groups.computeIfAbsent(
                        label + value,
                        s -> new Group(s, type, value, new ArrayList<>(), new TreeSet<>()));
        g.marks().add(m);
        g.reviewers().add(m.reviewerId);
    }

    @Override
    protected List<ReviewMark> evidence(List<ReviewMark> window) {
        // Every group needs two reviewers (min-reviewers and the pair rule are both >= 2): none
        // without a device, or an ip of unverified reviewers, that two share.
        if (!ReviewMark.twoReviewersShareADeviceOrIp(
                window, LowRatingBeforeDeliveryDetector::unverified)) {
            return null;
        }
        Group g = bestGroup(window);
        return g == null ? null : g.marks();
    }

    @Override
    protected RiskAlert alert(String shopId, List<ReviewMark> marks, long ts, long now) {
        Group g = bestGroup(marks);
        AlertBuilder alert = AlertBuilder.forRule(rule.meta()).subject(EntityType.SHOP, shopId);
        timeline(alert, marks);
        int excess = g.reviewers().size() - rule.minReviewers();
        return alert.orders(orderIds(marks))
                .window(marks.get(0).at, ts)
                .summary(
                        String.format(
                                "shop %s received %d ratings of %d star(s) or less from %d"
                                        + " accounts sharing %s within %s (threshold %d accounts)",
                                shopId,
                                marks.size(),
                                rule.maxRating(),
                                g.reviewers().size(),
                                g.shared(),
                                rule.window(),
                                rule.minReviewers()))
                .fact("shared", g.shared())
                .fact("low_ratings", marks.size())
                .fact("distinct_reviewers", g.reviewers().size())
                .fact("reviewers", String.join(",", g.reviewers()))
                .identify(g.type(), g.value())
                .identify(IdentifierType.REVIEWER, g.reviewers())
                .fact("threshold_reviewers", rule.minReviewers())
                .fact("window", rule.window())
                // One device is one person; one ip may be a whole office or a mobile NAT.
                .score(
                        excess < 0
                                ? (g.device() ? 0.55 : 0.4)
                                : Math.min(0.95, (g.device() ? 0.85 : 0.5) + 0.05 * excess))
                .build(now);
    }
}
