package io.brushguard.patterns.brushing;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.IdentifierType;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Brushing funded by one payment account, keyed by payer ({@link #payerOf}). Input: {@code PAID}
 * payments whose payer is not the order's buyer, enriched with the order. A brushing operator pays
 * for the orders its fake buyers place, so one payer shows up behind many buyer accounts; a parent
 * paying for two or three family members stays below the threshold.
 */
public class PayerForManyBuyersDetector extends OrderSignalWindowDetector {

    private final PayerForManyBuyersRule rule;

    public PayerForManyBuyersDetector(PayerForManyBuyersRule rule) {
        super(rule.window());
        this.rule = rule;
    }

    /** Which events this detector needs; apply upstream of the keyBy (by {@link #payerOf}). */
    public static boolean accepts(EnrichedEvent e) {
        PaymentEvent p = e.event.payment;
        return p != null
                && p.getStatus() == PaymentStatus.PAID
                && p.getPayerAccountId() != null
                && e.context != null
                && e.context.hasOrder()
                && !p.getPayerAccountId().equals(e.context.buyerId);
    }

    /** The key: the paying account. */
    public static String payerOf(EnrichedEvent e) {
        return e.event.payment.getPayerAccountId();
    }

    @Override
    protected SignalRef qualify(long ts, EnrichedEvent e) {
        if (!accepts(e)) {
            return null;
        }
        OrderContext c = e.context;
        // The detail is the shop, to tell concentrated funding from spread-out purchasing.
        return SignalRef.withStory(ts, c, c.buyerId, c.shopId);
    }

    @Override
    protected boolean crosses(List<SignalRef> window) {
        return buyers(window).size() >= rule.minBuyers();
    }

    private static int topShopOrders(List<SignalRef> window) {
        Map<String, Integer> perShop = new TreeMap<>();
        int top = 0;
        for (SignalRef ref : window) {
            top = Math.max(top, perShop.merge(ref.detail, 1, Integer::sum));
        }
        return top;
    }

    @Override
    protected boolean conclusive(List<SignalRef> window) {
        return topShopOrders(window) >= rule.concentratedOrders();
    }

    @Override
    protected RiskAlert alert(String payer, List<SignalRef> window, long ts, long now) {
        Set<String> buyers = buyers(window);
        Map<String, Integer> perShop = new TreeMap<>();
        for (SignalRef ref : window) {
            perShop.merge(ref.detail, 1, Integer::sum);
        }
        String topShop = null;
        int topOrders = 0;
        for (Map.Entry<String, Integer> en : perShop.entrySet()) {
            if (en.getValue() > topOrders) {
                topShop = en.getKey();
                topOrders = en.getValue();
            }
        }
        boolean concentrated = topOrders >= rule.concentratedOrders();
        int extra = buyers.size() - rule.minBuyers();
        // Funding concentrated on one shop is the brushing pattern itself; spread out, it is only
        // unusual (corporate purchasing, gifts) and left for the gate to combine.
        double score =
                concentrated
                        ? Math.min(0.95, 0.8 + 0.05 * extra)
                        : Math.min(0.7, 0.5 + 0.05 * extra);
        AlertBuilder alert =
                AlertBuilder.forRule(rule.meta())
                        .subject(EntityType.PAYER, payer)
                        .window(window.get(0).at, ts)
                        .orders(orderIds(window));
        for (SignalRef ref : window) {
            alert.fact("order " + ref.orderId, "buyer " + ref.buyerId + " at shop " + ref.detail)
                    .identify(IdentifierType.BUYER, ref.buyerId);
            SignalRef story = new SignalRef(ref.at, ref.orderId, ref.buyerId, null);
            story.steps = ref.steps;
            story.addTo(alert);
        }
        return alert.summary(
                        String.format(
                                "payer %s paid %d orders of %d distinct other buyers within %s"
                                        + " (threshold %d buyers); %d of them at shop %s",
                                payer,
                                window.size(),
                                buyers.size(),
                                rule.window(),
                                rule.minBuyers(),
                                topOrders,
                                topShop))
                .fact("paid_orders", window.size())
                .fact("distinct_buyers", buyers.size())
                .fact("buyers", String.join(",", buyers))
                .identify(IdentifierType.BUYER, buyers)
                .fact("shops", String.join(",", perShop.keySet()))
                .fact("top_shop", topShop)
                .fact("top_shop_orders", topOrders)
                .fact("threshold_buyers", rule.minBuyers())
                .fact("window", rule.window())
                .score(score)
                .build(now);
    }
}
