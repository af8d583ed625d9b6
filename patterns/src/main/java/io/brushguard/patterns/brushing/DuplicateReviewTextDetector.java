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
        while (window.size() > rule.maxKept()) {
            window.remove(0);
        }
        recent.update(window);
        ctx.timerService()
                .registerEventTimeTimer(Timers.coalesce(ts + windowMs + 1, CLEANUP_GRANULARITY_MS));

        Map<String, Set<String>> reviewersByText = new HashMap<>();
        for (GoodReview g : window) {
            reviewersByText.computeIfAbsent(g.textHash, k -> new TreeSet<>()).add(g.reviewerId);
        }
        String text = null;
        int best = 0;
        for (Map.Entry<String, Set<String>> e : reviewersByText.entrySet()) {
            if (e.getValue().size() > best) {
                best = e.getValue().size();
                text = e.getKey();
            }
        }
        double share = (double) countWithText(window, text) / window.size();
        if (best < rule.minReviewers() || share < rule.minShare()) {
            return;
        }
        if (!Incident.crossed(incidentUntil, ts, windowMs)) {
            return;
        }
        out.collect(
                alert(
                        ctx.getCurrentKey(),
                        window,
                        text,
                        reviewersByText.get(text),
                        share,
                        ts,
                        ctx.timerService().currentProcessingTime()));
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
