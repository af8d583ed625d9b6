package io.brushguard.patterns.brushing;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.IdentifierType;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Brushing by fresh accounts that rate five stars the moment the parcel lands, keyed by shop
 * ({@link EnrichedEvent#shopId()}). Input: reviews tied to an order, enriched with the order's
 * story. Real customers take hours or days to try a product before reviewing; a brushing ring's
 * throw-away accounts review at once, because the "review" is the product being bought.
 */
public class NewAccountFastFiveStarDetector extends OrderSignalWindowDetector {

    private final NewAccountFastFiveStarRule rule;

    public NewAccountFastFiveStarDetector(NewAccountFastFiveStarRule rule) {
        super(rule.window());
        this.rule = rule;
    }

    /** Which events this detector needs; apply upstream of the keyBy (by shop id). */
    public static boolean accepts(EnrichedEvent e) {
        return e.event.review != null && e.context != null && e.context.hasOrder();
    }

    @Override
    protected SignalRef qualify(long ts, EnrichedEvent e) {
        ReviewEvent r = e.event.review;
        OrderContext c = e.context;
        if (r == null || c == null || !c.hasOrder() || r.getRating() < rule.minRating()) {
            return null;
        }
        long orderedAt = c.createdAt > 0 ? c.createdAt : c.startedAt();
        long accountAge = orderedAt - c.buyerRegisteredAt;
        if (accountAge >= rule.maxAccountAge().toMillis()) {
            return null;
        }
        // Received = signed for; an order completed without a signature counts from completion.
        long receivedAt = c.signedAt > 0 ? c.signedAt : c.completedAt;
        if (receivedAt == 0) {
            return null;
        }
        long delay = ts - receivedAt;
        if (delay < 0 || delay > rule.maxReviewDelay().toMillis()) {
            return null;
        }
        return SignalRef.withStory(
                ts,
                c,
                c.buyerId,
                String.format(
                        "%d-star review %d min after %s, account %d day(s) old at ordering",
                        r.getRating(),
                        Duration.ofMillis(delay).toMinutes(),
                        c.signedAt > 0 ? "signing" : "completion",
                        Duration.ofMillis(Math.max(0, accountAge)).toDays()));
    }

    @Override
    protected boolean crosses(List<SignalRef> window) {
        return buyers(window).size() >= rule.minBuyers();
    }

    @Override
    protected boolean conclusive(List<SignalRef> window) {
        return buyers(window).size() >= rule.conclusiveBuyers();
    }

    @Override
    protected RiskAlert alert(String shopId, List<SignalRef> window, long ts, long now) {
        Set<String> buyers = buyers(window);
        AlertBuilder alert =
                AlertBuilder.forRule(rule.meta())
                        .subject(EntityType.SHOP, shopId)
                        .window(window.get(0).at, ts)
                        .orders(orderIds(window));
        for (SignalRef ref : window) {
            ref.addTo(alert);
        }
        return alert.summary(
                        String.format(
                                "shop %s got %d-star reviews within %s of delivery from %d"
                                        + " distinct buyers whose accounts were younger than %s"
                                        + " when ordering, within %s (threshold %d buyers)",
                                shopId,
                                rule.minRating(),
                                rule.maxReviewDelay(),
                                buyers.size(),
                                rule.maxAccountAge(),
                                rule.window(),
                                rule.minBuyers()))
                .fact("fast_reviews", window.size())
                .fact("distinct_buyers", buyers.size())
                .fact("buyers", String.join(",", buyers))
                .identify(IdentifierType.BUYER, buyers)
                .fact("threshold_buyers", rule.minBuyers())
                .fact("max_account_age", rule.maxAccountAge())
                .fact("max_review_delay", rule.maxReviewDelay())
                .fact("window", rule.window())
                .score(ramp(0.6, buyers.size(), rule.minBuyers(), rule.conclusiveBuyers()))
                .build(now);
    }
}
