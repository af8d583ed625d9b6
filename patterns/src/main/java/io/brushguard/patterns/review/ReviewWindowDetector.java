package io.brushguard.patterns.review;

import io.brushguard.avro.ReviewEvent;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.EventTimeOrderedFunction;
import io.brushguard.patterns.common.IdentifierType;
import io.brushguard.patterns.common.Incident;
import io.brushguard.patterns.common.PreFilter;
import io.brushguard.patterns.common.Timers;
import io.brushguard.patterns.common.WindowState;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The common shape of the review detectors: each flagged event of a key becomes a {@link
 * ReviewMark} in a sliding window (one per dedup key); when the window holds evidence that crosses
 * the rule's threshold, the key gets one alert per episode. State is the window's marks only (keys
 * with no flagged events keep none) and the end of the open episode, dropped by a coalesced
 * clean-up timer once the window is empty.
 */
abstract class ReviewWindowDetector
        extends EventTimeOrderedFunction<String, EnrichedEvent, RiskAlert>
        implements PreFilter<EnrichedEvent> {

    private static final long CLEANUP_GRANULARITY_MS = 3_600_000L;

    private final long windowMs;
    private transient ValueState<List<ReviewMark>> marksState;
    private transient ValueState<Long> incidentUntil;
    private transient ValueState<Long> conclusiveUntil;

    ReviewWindowDetector(long windowMs) {
        super(TypeInformation.of(EnrichedEvent.class));
        this.windowMs = windowMs;
    }

    /** The mark this event adds to the window, or null when it does not count. */
    protected abstract ReviewMark flag(EnrichedEvent e);

    /** The marks that make the evidence if the window crosses the threshold, else null. */
    protected abstract List<ReviewMark> evidence(List<ReviewMark> window);

    /** The alert for {@code key}, whose window crossed the threshold at {@code ts}. */
    protected abstract RiskAlert alert(String key, List<ReviewMark> evidence, long ts, long now);

    @Override
    public boolean mayCount(EnrichedEvent e) {
        return flag(e) != null;
    }

    @Override
    protected void openState() {
        marksState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "flagged-reviews",
                                        new ListTypeInfo<>(TypeInformation.of(ReviewMark.class))));
        incidentUntil =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("incident-until", Types.LONG));
        conclusiveUntil =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("conclusive-until", Types.LONG));
    }

    @Override
    protected long eventTime(EnrichedEvent value) {
        return value.eventTime();
    }

    @Override
    protected void onEvents(
            long ts, List<EnrichedEvent> events, Context ctx, Collector<RiskAlert> out)
            throws Exception {
        List<ReviewMark> marks = null;
        for (EnrichedEvent e : events) {
            ReviewMark mark = flag(e);
            if (mark == null) {
                continue;
            }
            if (marks == null) {
                marks = marksState.value();
                if (marks == null) {
                    marks = new ArrayList<>();
                }
            }
            if (marks.stream().noneMatch(m -> m.dedupKey.equals(mark.dedupKey))) {
                mark.at = ts;
                marks.add(mark);
            }
        }
        if (marks == null) {
            return;
        }
        marks.removeIf(m -> m.at < ts - windowMs);
        marksState.update(marks);
        ctx.timerService()
                .registerEventTimeTimer(Timers.coalesce(ts + windowMs + 1, CLEANUP_GRANULARITY_MS));
        List<ReviewMark> evidence = evidence(marks);
        if (evidence != null) {
            RiskAlert candidate =
                    alert(
                            ctx.getCurrentKey(),
                            evidence,
                            ts,
                            ctx.timerService().currentProcessingTime());
            if (Incident.crossedOrEscalated(
                    incidentUntil, conclusiveUntil, ts, windowMs, candidate.getScore())) {
                out.collect(candidate);
            }
        }
    }

    @Override
    protected void onTimerAfterEvents(long ts, OnTimerContext ctx, Collector<RiskAlert> out)
            throws Exception {
        if (!Timers.isCleanupTime(ts, CLEANUP_GRANULARITY_MS)) {
            return; // an event's own timer, not a clean-up timer
        }
        if (WindowState.evict(marksState, m -> m.at, ts, windowMs)) {
            WindowState.clearIfClosed(ts, incidentUntil, conclusiveUntil);
        }
    }

    /** A mark for a review event, with its order's story (null without an order). */
    static ReviewMark reviewMark(EnrichedEvent e) {
        ReviewEvent r = e.event.review;
        ReviewMark m = new ReviewMark();
        m.at = e.eventTime();
        m.dedupKey = r.getReviewId();
        m.reviewId = r.getReviewId();
        m.reviewerId = r.getReviewerId();
        m.shopId = r.getShopId();
        m.orderId = r.getOrderId();
        m.rating = r.getRating();
        m.deviceId = r.getDeviceId();
        m.ip = r.getIp();
        m.context = e.context;
        return m;
    }

    /** The order ids of the marks, those that have one. */
    static List<String> orderIds(Collection<ReviewMark> marks) {
        List<String> ids = new ArrayList<>();
        for (ReviewMark m : marks) {
            if (m.orderId != null) {
                ids.add(m.orderId);
            }
        }
        return ids;
    }

    /**
     * Adds the correlated timeline to an alert: each order's story once (the latest kept), and a
     * line of its own for every review without an order.
     */
    static void timeline(AlertBuilder alert, Collection<ReviewMark> marks) {
        Map<String, OrderContext> latest = new LinkedHashMap<>();
        for (ReviewMark m : marks) {
            if (m.context == null || m.orderId == null) {
                alert.timeline(
                        m.at,
                        "reviews",
                        m.orderId,
                        String.format(
                                "review %s: %d star(s) by %s at shop %s (no order)",
                                m.reviewId, m.rating, m.reviewerId, m.shopId));
                alert.identify(IdentifierType.REVIEWER, m.reviewerId);
                continue;
            }
            OrderContext seen = latest.get(m.orderId);
            if (seen == null || seen.lastEventAt <= m.context.lastEventAt) {
                latest.put(m.orderId, m.context);
            }
        }
        for (Map.Entry<String, OrderContext> e : latest.entrySet()) {
            for (OrderContext.Step step : e.getValue().timeline()) {
                alert.timeline(
                        step.at(), step.stream(), e.getKey(), step.what(), step.identifiers());
            }
            if (e.getValue().reviewedAt == 0) {
                // The order's story keeps only its first review; name the flagged one anyway.
                for (ReviewMark m : marks) {
                    if (e.getKey().equals(m.orderId) && m.reviewId != null) {
                        alert.timeline(
                                m.at,
                                "reviews",
                                m.orderId,
                                "review "
                                        + m.reviewId
                                        + ": "
                                        + m.rating
                                        + " star(s) by "
                                        + m.reviewerId);
                        alert.identify(IdentifierType.REVIEWER, m.reviewerId);
                    }
                }
            }
        }
    }

    /** The earliest time in the evidence: the first mark, or the start of an order's story. */
    static long storyStart(Collection<ReviewMark> marks, long fallback) {
        long start = fallback;
        for (ReviewMark m : marks) {
            start = Math.min(start, m.at);
            if (m.context != null && m.context.startedAt() > 0) {
                start = Math.min(start, m.context.startedAt());
            }
        }
        return start;
    }
}
