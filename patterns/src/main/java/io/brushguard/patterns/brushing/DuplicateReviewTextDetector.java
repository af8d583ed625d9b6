package io.brushguard.patterns.brushing;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.EventTimeOrderedFunction;
import io.brushguard.patterns.common.IdentifierType;
import io.brushguard.patterns.common.Incident;
import io.brushguard.patterns.common.Timers;
import io.brushguard.patterns.common.WindowState;
import io.brushguard.patterns.correlation.EnrichedEvent;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Near-duplicate review texts, keyed by shop: see {@link DuplicateReviewTextRule}. Keeps the shop's
 * good reviews of the window (at most {@code maxKept}, newest kept).
 */
public class DuplicateReviewTextDetector
        extends EventTimeOrderedFunction<String, EnrichedEvent, RiskAlert> {

    private static final long CLEANUP_GRANULARITY_MS = 3_600_000L;

    private final DuplicateReviewTextRule rule;
    private transient ValueState<List<GoodReview>> recent;
    private transient ValueState<Long> incidentUntil;

    public DuplicateReviewTextDetector(DuplicateReviewTextRule rule) {
        super(TypeInformation.of(EnrichedEvent.class));
        this.rule = rule;
    }

    /** Reviews that carry a text hash. */
    public static boolean accepts(EnrichedEvent e) {
        return e.event.review != null && e.event.review.getTextHash() != null;
    }

    /** The key: the reviewed shop. */
    public static String key(EnrichedEvent e) {
        return e.event.review.getShopId();
    }

    @Override
    protected void openState() {
        recent =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "good-reviews",
                                        new ListTypeInfo<>(TypeInformation.of(GoodReview.class))));
        incidentUntil =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("incident-until", Types.LONG));
    }

    @Override
    protected long eventTime(EnrichedEvent value) {
        return value.eventTime();
    }

    @Override
    protected void onEvents(
            long ts, List<EnrichedEvent> events, Context ctx, Collector<RiskAlert> out)
            throws Exception {
        List<GoodReview> window = null;
        for (EnrichedEvent e : events) {
            ReviewEvent r = e.event.review;
            if (r.getRating() < rule.minRating()) {
                continue;
            }
            if (window == null) {
                window = recent.value();
                if (window == null) {
                    window = new ArrayList<>();
                }
            }
            GoodReview g = new GoodReview();
            g.at = ts;
            g.reviewId = r.getReviewId();
            g.reviewerId = r.getReviewerId();
            g.orderId = r.getOrderId();
            g.textHash = r.getTextHash();
            window.add(g);
        }
        if (window == null) {
            return;
        }
        long windowMs = rule.window().toMillis();
        window.removeIf(g -> g.at < ts - windowMs);
        if (window.size() > rule.maxKept()) {
            window.subList(0, window.size() - rule.maxKept()).clear();
        }
        recent.update(window);
        ctx.timerService()
                .registerEventTimeTimer(Timers.coalesce(ts + windowMs + 1, CLEANUP_GRANULARITY_MS));

        String text = duplicatedText(window);
        if (text == null || !Incident.crossed(incidentUntil, ts, windowMs)) {
            return;
        }
        Set<String> reviewers = new TreeSet<>();
        for (GoodReview g : window) {
            if (g.textHash.equals(text)) {
                reviewers.add(g.reviewerId);
            }
        }
        out.collect(
                alert(
                        ctx.getCurrentKey(),
                        window,
                        text,
                        reviewers,
                        (double) countWithText(window, text) / window.size(),
                        ts,
                        ctx.timerService().currentProcessingTime()));
    }

    /**
     * The text of the window that meets the rule: from at least {@code minReviewers} distinct
     * reviewers and at least {@code minShare} of the window's reviews. Of several, the one with the
     * most reviewers, then the most reviews, then the smallest hash, so the choice depends on the
     * window's contents only; null when none does. Distinct reviewers are counted only for texts
     * whose reviews alone could meet the rule.
     */
    private String duplicatedText(List<GoodReview> window) {
        int n = window.size();
        if (n < rule.minReviewers()) {
            return null;
        }
        Map<String, int[]> reviews = new HashMap<>();
        for (GoodReview g : window) {
            reviews.computeIfAbsent(g.textHash, k -> new int[1])[0]++;
        }
        String best = null;
        int bestReviewers = 0;
        int bestReviews = 0;
        Set<String> reviewers = new HashSet<>();
        for (Map.Entry<String, int[]> e : reviews.entrySet()) {
            int count = e.getValue()[0];
            if (count < rule.minReviewers() || (double) count / n < rule.minShare()) {
                continue;
            }
            reviewers.clear();
            for (GoodReview g : window) {
                if (g.textHash.equals(e.getKey())) {
                    reviewers.add(g.reviewerId);
                }
            }
            int distinct = reviewers.size();
            if (distinct < rule.minReviewers()) {
                continue;
            }
            if (best == null
                    || distinct > bestReviewers
                    || (distinct == bestReviewers
                            && (count > bestReviews
                                    || (count == bestReviews && e.getKey().compareTo(best) < 0)))) {
                best = e.getKey();
                bestReviewers = distinct;
                bestReviews = count;
            }
        }
        return best;
    }

    private static int countWithText(List<GoodReview> window, String text) {
        int n = 0;
        for (GoodReview g : window) {
            if (g.textHash.equals(text)) {
                n++;
            }
        }
        return n;
    }

    private RiskAlert alert(
            String shopId,
            List<GoodReview> window,
            String text,
            Set<String> reviewers,
            double share,
            long ts,
            long now) {
        AlertBuilder alert = AlertBuilder.forRule(rule.meta()).subject(EntityType.SHOP, shopId);
        List<String> orders = new ArrayList<>();
        long start = ts;
        for (GoodReview g : window) {
            if (g.textHash.equals(text)) {
                start = Math.min(start, g.at);
                if (g.orderId != null) {
                    orders.add(g.orderId);
                }
                alert.timeline(
                        g.at,
                        "reviews",
                        g.orderId,
                        "review " + g.reviewId + " by " + g.reviewerId + ", text " + text);
                alert.identify(IdentifierType.REVIEWER, g.reviewerId);
            }
        }
        return alert.window(start, ts)
                .orders(orders)
                .summary(
                        String.format(
                                "shop %s: %d reviewers wrote the same text (%s), %.0f%% of its %d"
                                        + " good reviews within %s (threshold %d reviewers, %.0f%%)",
                                shopId,
                                reviewers.size(),
                                text,
                                100 * share,
                                window.size(),
                                rule.window(),
                                rule.minReviewers(),
                                100 * rule.minShare()))
                .fact("text_hash", text)
                .fact("reviewers", String.join(",", reviewers))
                .identify(IdentifierType.REVIEWER, reviewers)
                .fact("share", String.format("%.2f", share))
                .fact("good_reviews", window.size())
                .score(Math.min(0.7, 0.5 + 0.05 * (reviewers.size() - rule.minReviewers())))
                .build(now);
    }

    @Override
    protected void onTimerAfterEvents(long ts, OnTimerContext ctx, Collector<RiskAlert> out)
            throws Exception {
        if (!Timers.isCleanupTime(ts, CLEANUP_GRANULARITY_MS)) {
            return;
        }
        if (WindowState.evict(recent, g -> g.at, ts, rule.window().toMillis())) {
            WindowState.clearIfClosed(ts, incidentUntil);
        }
    }
}
