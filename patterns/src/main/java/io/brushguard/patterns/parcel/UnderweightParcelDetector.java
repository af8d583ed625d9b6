package io.brushguard.patterns.parcel;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.ScanType;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        double share = e.context.categoryLightShare;
        return accepts(e)
                && e.event.logistics.getWeightGrams() < rule.maxWeightGrams()
                // Light only counts where light is rare; an unknown norm judges nothing.
                && share >= 0
                && share <= rule.maxCategoryLightShare()
                // An unknown category is not a light one: the rule exempts only what it names.
                && (e.context.category == null
                        || !rule.lightCategories().contains(e.context.category));
    }

    private static final long NEW_ACCOUNT_MS = 30L * 24 * 3_600_000L;

    /**
     * Two light parcels may be a mis-keyed weight; more of them are hard to explain. But light
     * parcels sent to a ring (repeat buyers, buyers sharing a device or an address, fresh accounts,
     * one outside payer) are the empty parcels of a brushing scheme: the brushing rules judge those
     * orders, and here they are only a weak signal.
     */
    private static double score(List<ParcelMark> marks, int excess) {
        double score = Math.min(0.95, 0.65 + 0.1 * excess);
        return ringTraits(marks).isEmpty() ? score : Math.min(score, 0.6);
    }

    private static String ringTraits(List<ParcelMark> marks) {
        Set<String> buyers = new HashSet<>();
        Set<String> devices = new HashSet<>();
        Set<String> homes = new HashSet<>();
        Map<String, Integer> outsidePayers = new HashMap<>();
        int fresh = 0;
        for (ParcelMark m : marks) {
            OrderContext c = m.context;
            buyers.add(String.valueOf(c.buyerId));
            devices.add(String.valueOf(c.deviceId));
            homes.add(String.valueOf(c.shipAddressId));
            if (c.buyerRegisteredAt > 0 && c.createdAt - c.buyerRegisteredAt < NEW_ACCOUNT_MS) {
                fresh++;
            }
            if (c.payerAccountId != null && !c.payerAccountId.equals(c.buyerId)) {
                outsidePayers.merge(c.payerAccountId, 1, Integer::sum);
            }
        }
        List<String> traits = new ArrayList<>();
        if (marks.size() >= 1.5 * buyers.size()) {
            traits.add("repeat buyers");
        }
        if (buyers.size() >= 2
                && (devices.size() < buyers.size() || homes.size() < buyers.size())) {
            traits.add("buyers sharing a device or an address");
        }
        if (fresh * 2 > marks.size()) {
            traits.add("fresh accounts");
        }
        if (outsidePayers.values().stream().anyMatch(n -> n * 2 > marks.size())) {
            traits.add("one outside payer");
        }
        return String.join(", ", traits);
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
                            "%s %d g (%s, %.0f%% of its parcels that light)",
                            m.waybillId,
                            grams,
                            String.valueOf(m.context.category),
                            100 * m.context.categoryLightShare));
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
                .fact("ring_traits", ringTraits(marks))
                .score(score(marks, excess))
                .build(now);
    }
}
