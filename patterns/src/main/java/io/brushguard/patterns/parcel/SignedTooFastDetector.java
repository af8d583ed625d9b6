package io.brushguard.patterns.parcel;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.ScanType;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Empty parcels by route speed, keyed by shop ({@link #key}). Input: SIGNED scans enriched with
 * their order's story. A parcel signed in another city less than {@link
 * SignedTooFastRule#maxSignDelay} after pickup cannot have travelled there: its signature was
 * faked. A same-city courier who delivers within the hour is honest and never counts (same city).
 * Alerts (EMPTY_PARCEL, INFLATE, subject SHOP) once a shop has {@link SignedTooFastRule#minParcels}
 * such parcels within the window; a weak signal unless there are more, or they are also
 * underweight.
 */
public class SignedTooFastDetector extends ShopParcelWindowDetector {

    private final SignedTooFastRule rule;

    public SignedTooFastDetector(SignedTooFastRule rule) {
        super(rule.window().toMillis(), rule.minParcels());
        this.rule = rule;
    }

    /** Which events this detector needs: signatures of parcels whose shop and pickup are known. */
    public static boolean accepts(EnrichedEvent e) {
        return e.event.logistics != null
                && e.event.logistics.getScan() == ScanType.SIGNED
                && e.context != null
                && e.context.shopId != null
                && e.context.pickedUpAt > 0;
    }

    /** The key: the shop that shipped the parcel. */
    public static String key(EnrichedEvent e) {
        return e.context.shopId;
    }

    @Override
    protected boolean flags(EnrichedEvent e) {
        if (!accepts(e)) {
            return false;
        }
        OrderContext c = e.context;
        String from = ParcelEvidence.city(c.pickupLocation);
        String to = ParcelEvidence.city(e.event.logistics.getLocation());
        if (to == null) {
            to = ParcelEvidence.city(c.signedLocation);
        }
        long delay = e.eventTime() - c.pickedUpAt;
        return from != null
                && to != null
                && !Objects.equals(from, to)
                && delay >= 0
                && delay < rule.maxSignDelay().toMillis();
    }

    @Override
    protected RiskAlert alert(String shopId, List<ParcelMark> marks, long ts, long now) {
        AlertBuilder alert = AlertBuilder.forRule(rule.meta()).subject(EntityType.SHOP, shopId);
        List<String> orderIds = new ArrayList<>();
        List<String> routes = new ArrayList<>();
        long fastest = Long.MAX_VALUE;
        boolean light = false;
        for (ParcelMark m : marks) {
            orderIds.add(m.orderId);
            OrderContext c = m.context;
            long minutes = (m.at - c.pickedUpAt) / 60_000L;
            fastest = Math.min(fastest, minutes);
            routes.add(
                    String.format(
                            "%s %s->%s in %d min",
                            m.waybillId, c.pickupLocation, c.signedLocation, minutes));
            light |= c.weightGrams != null && c.weightGrams < 50;
        }
        ParcelEvidence.timeline(alert, marks);
        int excess = marks.size() - rule.minParcels();
        return alert.orders(orderIds)
                .window(ParcelEvidence.storyStart(marks, ts), ts)
                .summary(
                        String.format(
                                "shop %s had %d parcels signed in another city less than %s after"
                                        + " pickup within %s (threshold %d parcels)",
                                shopId,
                                marks.size(),
                                rule.maxSignDelay(),
                                rule.window(),
                                rule.minParcels()))
                .fact("parcels", marks.size())
                .fact("routes", String.join("; ", routes))
                .fact("fastest_minutes", fastest)
                .fact("max_sign_delay", rule.maxSignDelay())
                .fact("threshold_parcels", rule.minParcels())
                .fact("window", rule.window())
                .score(Math.min(0.95, 0.6 + 0.1 * excess + (light ? 0.2 : 0.0)))
                .build(now);
    }
}
