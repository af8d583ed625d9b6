package io.brushguard.patterns.review;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.Distinct;
import io.brushguard.patterns.common.EventTimeOrderedFunction;
import io.brushguard.patterns.common.IdentifierType;
import io.brushguard.patterns.common.Incident;
import io.brushguard.patterns.common.Timers;
import io.brushguard.patterns.common.WindowState;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Malicious reviews, keyed by shop. Input: the shop's orders (to know its real customers) and its
 * reviews. Alerts (DEFLATE, subject the victim shop) on a burst of low ratings from accounts that
 * never had a paid order at the shop; honest low ratings from real customers never count.
 */
public class LowRatingBurstDetector
        extends EventTimeOrderedFunction<String, PlatformEvent, RiskAlert> {

    private static final long CLEANUP_GRANULARITY_MS = 60_000L;

    private final LowRatingBurstRule rule;
    private transient MapState<String, Long> customers;
    private transient ValueState<List<ReviewRef>> unverifiedLow;
    private transient ValueState<Long> incidentUntil;

    public LowRatingBurstDetector(LowRatingBurstRule rule) {
        super(TypeInformation.of(PlatformEvent.class));
        this.rule = rule;
    }

    /** The shop a paid order or a review concerns: this detector's key. */
    public static String shopOf(PlatformEvent e) {
        return e.order != null ? e.order.getShopId() : e.review.getShopId();
    }

    /** Which events this detector needs; apply upstream of the keyBy (by {@link #shopOf}). */
    public static boolean accepts(PlatformEvent e) {
        return (e.order != null && isPaidStep(e.order.getStatus())) || e.review != null;
    }

    private static boolean isPaidStep(OrderStatus status) {
        return status == OrderStatus.PAID
                || status == OrderStatus.SHIPPED
                || status == OrderStatus.COMPLETED;
    }

    @Override
    protected void openState() {
        MapStateDescriptor<String, Long> customersDesc =
                new MapStateDescriptor<>("customers", Types.STRING, Types.LONG);
        // Processing-time TTL only bounds state size; the event-time memory rule is checked on
        // read, so results do not depend on when the job runs.
        customersDesc.enableTimeToLive(
                StateTtlConfig.newBuilder(rule.customerMemory())
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .build());
        customers = getRuntimeContext().getMapState(customersDesc);
        unverifiedLow =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "unverified-low-ratings",
                                        new ListTypeInfo<>(TypeInformation.of(ReviewRef.class))));
        incidentUntil =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("incident-until", Types.LONG));
    }

    @Override
    protected long eventTime(PlatformEvent value) {
        return value.eventTime();
    }

    @Override
    protected void onEvents(
            long ts, List<PlatformEvent> events, Context ctx, Collector<RiskAlert> out)
            throws Exception {
        for (PlatformEvent e : events) {
            if (e.order != null) {
                customers.put(e.order.getBuyerId(), ts);
            }
        }
        List<ReviewRef> window = null;
        for (PlatformEvent e : events) {
            ReviewEvent r = e.review;
            if (r == null
                    || r.getRating() > rule.maxRating()
                    || isCustomer(r.getReviewerId(), ts)) {
                continue;
            }
            if (window == null) {
                window = unverifiedLow.value();
                if (window == null) {
                    window = new ArrayList<>();
                }
            }
            ReviewRef ref = new ReviewRef();
            ref.at = ts;
            ref.reviewId = r.getReviewId();
            ref.reviewerId = r.getReviewerId();
            ref.orderId = r.getOrderId();
            ref.rating = r.getRating();
            ref.deviceId = r.getDeviceId();
            window.add(ref);
        }
        if (window == null) {
            return;
        }
        long windowMs = rule.window().toMillis();
        window.removeIf(ref -> ref.at < ts - windowMs);
        unverifiedLow.update(window);
        ctx.timerService()
                .registerEventTimeTimer(Timers.coalesce(ts + windowMs + 1, CLEANUP_GRANULARITY_MS));

        if (window.size() < rule.minReviews()
                || !Distinct.atLeast(window, ref -> ref.reviewerId, rule.minReviewers())) {
            return;
        }
        if (!Incident.crossed(incidentUntil, ts, windowMs)) {
            return;
        }
        Set<String> reviewers = new TreeSet<>();
        for (ReviewRef ref : window) {
            reviewers.add(ref.reviewerId);
        }
        String shopId = events.get(0).review != null ? events.get(0).review.getShopId() : null;
        if (shopId == null) {
            shopId = (String) ctx.getCurrentKey();
        }
        out.collect(
                alert(shopId, window, reviewers, ts, ctx.timerService().currentProcessingTime()));
    }

    private boolean isCustomer(String accountId, long ts) throws Exception {
        Long lastOrder = customers.get(accountId);
        return lastOrder != null && lastOrder >= ts - rule.customerMemory().toMillis();
    }

    private RiskAlert alert(
            String shopId, List<ReviewRef> window, Set<String> reviewers, long ts, long now) {
        AlertBuilder alert =
                AlertBuilder.forRule(rule.meta())
                        .subject(EntityType.SHOP, shopId)
                        .window(window.get(0).at, ts);
        List<String> orderIds = new ArrayList<>();
        Set<String> devices = new LinkedHashSet<>();
        for (ReviewRef ref : window) {
            if (ref.orderId != null) {
                orderIds.add(ref.orderId);
            }
            if (ref.deviceId != null) {
                devices.add(ref.deviceId);
            }
            alert.timeline(
                    ref.at,
                    "reviews",
                    ref.orderId,
                    String.format(
                            "review %s: %d star(s) by %s, who never had a paid order here",
                            ref.reviewId, ref.rating, ref.reviewerId));
            alert.identify(IdentifierType.REVIEWER, ref.reviewerId);
        }
        int excess = window.size() - rule.minReviews();
        return alert.orders(orderIds)
                .summary(
                        String.format(
                                "shop %s received %d ratings of %d star(s) or less from %d accounts"
                                        + " without a paid order there, within %s (threshold %d"
                                        + " reviews from %d accounts)",
                                shopId,
                                window.size(),
                                rule.maxRating(),
                                reviewers.size(),
                                rule.window(),
                                rule.minReviews(),
                                rule.minReviewers()))
                .fact("low_ratings", window.size())
                .fact("distinct_reviewers", reviewers.size())
                .fact("reviewers", String.join(",", reviewers))
                .identify(IdentifierType.REVIEWER, reviewers)
                .fact("distinct_devices", devices.size())
                .fact("threshold_reviews", rule.minReviews())
                .fact("window", rule.window())
                .score(
                        Math.min(
                                1.0,
                                rule.baseScore()
                                        + 0.03 * excess
                                        + (devices.size() < reviewers.size() ? 0.1 : 0.0)))
                .build(now);
    }

    @Override
    protected void onTimerAfterEvents(long ts, OnTimerContext ctx, Collector<RiskAlert> out)
            throws Exception {
        if (!Timers.isCleanupTime(ts, CLEANUP_GRANULARITY_MS)) {
            return;
        }
        if (WindowState.evict(unverifiedLow, ref -> ref.at, ts, rule.window().toMillis())) {
            WindowState.clearIfClosed(ts, incidentUntil);
        }
    }
}
