package io.brushguard.patterns.brushing;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.correlation.EnrichedEvent;

import java.util.List;
import java.util.Set;

/**
 * A hired brusher (刷手), keyed by buyer: a fresh account that rates several different shops five
 * stars within minutes of each delivery. Subject BUYER. The same trait as {@link
 * NewAccountFastFiveStarDetector}, counted over the shops one account serves instead of the
 * accounts one shop hires.
 */
public class HiredBrusherDetector extends NewAccountFastFiveStarDetector {

    private final NewAccountFastFiveStarRule rule;

    public HiredBrusherDetector(NewAccountFastFiveStarRule rule) {
        super(rule);
        this.rule = rule;
    }

    /** The key: the account that ordered and reviewed. */
    public static String key(EnrichedEvent e) {
        return e.context.buyerId;
    }

    @Override
    protected SignalRef qualify(long ts, EnrichedEvent e) {
        SignalRef ref = super.qualify(ts, e);
        if (ref != null) {
            // Counted per shop: the window's "who" is the shop this account rated.
            ref.buyerId = e.context.shopId;
        }
        return ref;
    }

    @Override
    protected RiskAlert alert(String buyerId, List<SignalRef> window, long ts, long now) {
        Set<String> shops = buyers(window);
        AlertBuilder alert =
                AlertBuilder.forRule(rule.meta())
                        .subject(EntityType.BUYER, buyerId)
                        .window(window.get(0).at, ts)
                        .orders(orderIds(window));
        for (SignalRef ref : window) {
            ref.addTo(alert);
        }
        return alert.summary(
                        String.format(
                                "account %s, younger than %s when ordering, rated %d shops %d stars"
                                        + " within %s of delivery, within %s (threshold %d shops)",
                                buyerId,
                                rule.maxAccountAge(),
                                shops.size(),
                                rule.minRating(),
                                rule.maxReviewDelay(),
                                rule.window(),
                                rule.minBuyers()))
                .fact("shops", String.join(",", shops))
                .fact("distinct_shops", shops.size())
                .fact("threshold_shops", rule.minBuyers())
                .fact("conclusive_shops", rule.conclusiveBuyers())
                .score(
                        shops.size() >= rule.conclusiveBuyers()
                                ? 0.85
                                : 0.6 + 0.05 * (shops.size() - rule.minBuyers()))
                .build(now);
    }
}
