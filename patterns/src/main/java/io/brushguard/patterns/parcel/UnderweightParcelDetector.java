package io.brushguard.patterns.parcel;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.ScanType;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.correlation.EnrichedEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Empty parcels by weight, keyed by shop ({@link #key}). Input: PICKED_UP scans that carry a
 * weight, enriched with their order's story. An envelope with nothing in it weighs a few grams;
 * goods of an ordinary category do not. Alerts (EMPTY_PARCEL, INFLATE, subject SHOP) once a shop
 * has {@link UnderweightParcelRule#minParcels} parcels under {@link
 * UnderweightParcelRule#maxWeightGrams} within the window, outside the rule's light categories. The
 * evidence names every weight.
 */
public class UnderweightParcelDetector extends ShopParcelWindowDetector {

    private final UnderweightParcelRule rule;

    public UnderweightParcelDetector(UnderweightParcelRule rule) {
        super(rule.window().toMillis(), rule.minParcels());
        this.rule = rule;
    }

    /** Which events this detector needs: weighed pickups of parcels whose shop is known. */
    public static boolean accepts(EnrichedEvent e) {
        return e.event.logistics != null
                && e.event.logistics.getScan() == ScanType.PICKED_UP
                && e.event.logistics.getWeightGrams() != null
                && e.context != null
                && e.context.shopId != null;
    }

    /** The key: the shop that shipped the parcel. */
    public static String key(EnrichedEvent e) {
        return e.context.shopId;
    }

    @Override
    protected boolean flags(EnrichedEvent e) {
        return accepts(e)
                && e.event.logistics.getWeightGrams() < rule.maxWeightGrams()
                // An unknown category is not a light one: the rule exempts only what it names.
                && (e.context.category == null
                        || !rule.lightCategories().contains(e.context.category));
    }

    @Override
    protected RiskAlert alert(String shopId, List<ParcelMark> marks, long ts, long now) {
        AlertBuilder alert = AlertBuilder.forRule(rule.meta()).subject(EntityType.SHOP, shopId);
        List<String> orderIds = new ArrayList<>();
        List<String> weights = new ArrayList<>();
        int lightest = Integer.MAX_VALUE;
        for (ParcelMark m : marks) {
            orderIds.add(m.orderId);
            int grams = m.context.weightGrams == null ? 0 : m.context.weightGrams;
            lightest = Math.min(lightest, grams);
            weights.add(
                    String.format(
                            "%s %d g (%s)",
                            m.waybillId, grams, String.valueOf(m.context.category)));
        }
        ParcelEvidence.timeline(alert, marks);
        int excess = marks.size() - rule.minParcels();
        return alert.orders(orderIds)
                .window(ParcelEvidence.storyStart(marks, ts), ts)
                .summary(
                        String.format(
                                "shop %s shipped %d parcels weighing under %d g at pickup within"
                                        + " %s (threshold %d parcels; lightest %d g)",
                                shopId,
                                marks.size(),
                                rule.maxWeightGrams(),
                                rule.window(),
                                rule.minParcels(),
                                lightest))
                .fact("parcels", marks.size())
                .fact("weights", String.join("; ", weights))
                .fact("lightest_grams", lightest)
                .fact("max_weight_grams", rule.maxWeightGrams())
                .fact("threshold_parcels", rule.minParcels())
                .fact("window", rule.window())
                // Two light parcels may be a mis-keyed weight; more of them are hard to explain.
                .score(Math.min(0.95, 0.65 + 0.1 * excess))
                .build(now);
    }
}
