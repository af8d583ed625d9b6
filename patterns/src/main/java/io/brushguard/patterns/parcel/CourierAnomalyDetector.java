package io.brushguard.patterns.parcel;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.ScanType;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.EventTimeOrderedFunction;
import io.brushguard.patterns.common.Incident;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Empty parcels by courier (or carrier), keyed by courier id ({@link #key}; carrier id when the
 * rule's subject is CARRIER). Input: SIGNED scans enriched with their order's story. A courier who
 * "delivers" parcels that never went through the network, or weigh next to nothing, is in on the
 * scheme even when each shop stays under its own thresholds. Alerts (EMPTY_PARCEL, INFLATE, subject
 * COURIER or CARRIER) once per episode when the flagged parcels reach both the rule's count and
 * share; a weak signal unless the share is high.
 *
 * <p>A courier signs for many parcels, so the window is kept as counts per time bucket plus running
 * totals: each signature costs four state accesses whatever the volume, and each bucket is
 * subtracted by its own timer when it leaves the window. Only flagged parcels are kept as marks, at
 * most {@link CourierAnomalyRule#maxEvidence} of them.
 */
public class CourierAnomalyDetector
        extends EventTimeOrderedFunction<String, EnrichedEvent, RiskAlert> {

    private final CourierAnomalyRule rule;
    private transient MapState<Long, SignCounts> buckets;
    private transient ValueState<SignCounts> totals;
    private transient ValueState<List<ParcelMark>> flagged;
    private transient ValueState<Long> incidentUntil;

    public CourierAnomalyDetector(CourierAnomalyRule rule) {
        super(TypeInformation.of(EnrichedEvent.class));
        this.rule = rule;
    }

    /** Which events the per-courier detector needs: signatures whose courier is known. */
    public static boolean accepts(EnrichedEvent e) {
        return accepts(EntityType.COURIER, e);
    }

    /** Which events the detector for {@code subject} (COURIER or CARRIER) needs. */
    public static boolean accepts(EntityType subject, EnrichedEvent e) {
        return e.event.logistics != null
                && e.event.logistics.getScan() == ScanType.SIGNED
                && key(subject, e) != null;
    }

    /** The key of the per-courier detector: the courier who signed the parcel. */
    public static String key(EnrichedEvent e) {
        return key(EntityType.COURIER, e);
    }

    /** The key for {@code subject}: the courier who signed the parcel, or its carrier. */
    public static String key(EntityType subject, EnrichedEvent e) {
        return subject == EntityType.CARRIER
                ? e.event.logistics.getCarrierId()
                : ParcelEvidence.courier(e);
    }

    @Override
    protected void openState() {
        buckets =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "sign-buckets",
                                        Types.LONG,
                                        TypeInformation.of(SignCounts.class)));
        totals =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "sign-totals", TypeInformation.of(SignCounts.class)));
        flagged =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "flagged-parcels",
                                        new ListTypeInfo<>(TypeInformation.of(ParcelMark.class))));
        incidentUntil =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("incident-until", Types.LONG));
    }

    @Override
    protected long eventTime(EnrichedEvent value) {
        return value.eventTime();
    }

    /**
     * What the courier does: signing for a parcel that never moved through the network. A light
     * parcel is the shop's doing (and its category's norm decides whether it is odd), so weight
     * only appears in the evidence.
     */
    private static boolean flags(EnrichedEvent e) {
        OrderContext c = e.context;
        return c != null && c.transitScans == 0;
    }

    @Override
    protected void onEvents(
            long ts, List<EnrichedEvent> events, Context ctx, Collector<RiskAlert> out)
            throws Exception {
        int signed = 0;
        List<ParcelMark> newlyFlagged = new ArrayList<>();
        for (EnrichedEvent e : events) {
            if (!accepts(rule.subject(), e)) {
                continue;
            }
            signed++;
            if (flags(e)) {
                newlyFlagged.add(
                        ParcelMark.of(
                                ts,
                                e.event.logistics.getOrderId(),
                                e.event.logistics.getWaybillId(),
                                e.context));
            }
        }
        if (signed == 0) {
            return;
        }
        long bucketMs = rule.bucket().toMillis();
        long windowMs = rule.window().toMillis();
        long bucket = Math.floorDiv(ts, bucketMs) * bucketMs;
        SignCounts inBucket = buckets.get(bucket);
        if (inBucket == null) {
            inBucket = new SignCounts();
            // The bucket leaves the window when its last possible event does.
            ctx.timerService().registerEventTimeTimer(bucket + bucketMs + windowMs);
        }
        inBucket.signed += signed;
        inBucket.flagged += newlyFlagged.size();
        buckets.put(bucket, inBucket);
        SignCounts sum = totals.value();
        if (sum == null) {
            sum = new SignCounts();
        }
        sum.signed += signed;
        sum.flagged += newlyFlagged.size();
        totals.update(sum);
        if (newlyFlagged.isEmpty()) {
            // Unflagged signatures only lower the share: they never start an episode.
            return;
        }
        List<ParcelMark> marks = flagged.value();
        if (marks == null) {
            marks = new ArrayList<>();
        }
        marks.addAll(newlyFlagged);
        marks.removeIf(m -> m.at < ts - windowMs);
        while (marks.size() > rule.maxEvidence()) {
            marks.remove(0);
        }
        flagged.update(marks);
        double share = (double) sum.flagged / sum.signed;
        if (sum.flagged >= rule.minFlagged()
                && share >= rule.minShare()
                && Incident.crossed(incidentUntil, ts, windowMs)) {
            out.collect(
                    alert(
                            ctx.getCurrentKey(),
                            sum,
                            marks,
                            ts,
                            ctx.timerService().currentProcessingTime()));
        }
    }

    private RiskAlert alert(
            String subjectId, SignCounts sum, List<ParcelMark> marks, long ts, long now) {
        double share = (double) sum.flagged / sum.signed;
        int noTransit = 0;
        int light = 0;
        List<String> orderIds = new ArrayList<>();
        for (ParcelMark m : marks) {
            orderIds.add(m.orderId);
            if (m.context.transitScans == 0) {
                noTransit++;
            }
            if (m.context.weightGrams != null && m.context.weightGrams < rule.maxWeightGrams()) {
                light++;
            }
        }
        AlertBuilder alert =
                AlertBuilder.forRule(rule.meta())
                        .subject(rule.subject(), subjectId)
                        .orders(orderIds);
        ParcelEvidence.timeline(alert, marks);
        String who = rule.subject() == EntityType.CARRIER ? "carrier" : "courier";
        return alert.window(ParcelEvidence.storyStart(marks, ts), ts)
                .summary(
                        String.format(
                                "%s %s signed for %d parcels within %s, %d of them (%.0f%%) with no"
                                        + " transit scan (threshold %d parcels and %.0f%%)",
                                who,
                                subjectId,
                                sum.signed,
                                rule.window(),
                                sum.flagged,
                                100 * share,
                                rule.minFlagged(),
                                100 * rule.minShare()))
                .fact("signed", sum.signed)
                .fact("flagged", sum.flagged)
                .fact("share", String.format("%.2f", share))
                .fact("named_without_transit", noTransit)
                .fact("named_underweight", light)
                .fact("threshold_flagged", rule.minFlagged())
                .fact("threshold_share", rule.minShare())
                .fact("window", rule.window())
                // A courier with a third of his parcels empty is suspect; with most, conclusive.
                .score(Math.min(0.95, 0.5 + 0.5 * share))
                .build(now);
    }

    @Override
    protected void onTimerAfterEvents(long ts, OnTimerContext ctx, Collector<RiskAlert> out)
            throws Exception {
        long bucketMs = rule.bucket().toMillis();
        long windowMs = rule.window().toMillis();
        long bucket = ts - bucketMs - windowMs;
        if (Math.floorMod(bucket, bucketMs) != 0) {
            return; // an event's own timer, not a bucket's
        }
        SignCounts expired = buckets.get(bucket);
        if (expired == null) {
            return;
        }
        buckets.remove(bucket);
        SignCounts sum = totals.value();
        sum.signed -= expired.signed;
        sum.flagged -= expired.flagged;
        if (sum.signed > 0) {
            totals.update(sum);
            if (expired.flagged > 0) {
                List<ParcelMark> marks = flagged.value();
                if (marks != null) {
                    marks.removeIf(m -> m.at < bucket + bucketMs);
                    if (marks.isEmpty()) {
                        flagged.clear();
                    } else {
                        flagged.update(marks);
                    }
                }
            }
            return;
        }
        totals.clear();
        flagged.clear();
        Long until = incidentUntil.value();
        if (until != null && until < ts) {
            incidentUntil.clear();
        }
    }
}
