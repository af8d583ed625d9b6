package io.brushguard.patterns.brushing;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.EventTimeOrderedFunction;
import io.brushguard.patterns.common.IdentifierType;
import io.brushguard.patterns.common.Incident;
import io.brushguard.patterns.common.Timers;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brushing by order concentration, keyed by shop. Input: the {@code CREATED} order events of the
 * shop. Alerts when the orders per distinct buyer in the last {@code window} reach the rule's
 * threshold; the evidence names the repeat buyers' orders.
 */
public class OrderConcentrationDetector
        extends EventTimeOrderedFunction<String, PlatformEvent, RiskAlert> {

    private static final long CLEANUP_GRANULARITY_MS = 60_000L;

    private final OrderConcentrationRule rule;
    private transient ValueState<List<OrderRef>> recent;
    private transient ValueState<Long> incidentUntil;

    public OrderConcentrationDetector(OrderConcentrationRule rule) {
        super(TypeInformation.of(PlatformEvent.class));
        this.rule = rule;
    }

    /** Which events this detector needs; apply upstream of the keyBy. */
    public static boolean accepts(PlatformEvent e) {
        return e.order != null && e.order.getStatus() == OrderStatus.CREATED;
    }

    @Override
    protected void openState() {
        recent =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "recent-orders",
                                        new ListTypeInfo<>(TypeInformation.of(OrderRef.class))));
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
        long windowMs = rule.window().toMillis();
        List<OrderRef> window = recent.value();
        if (window == null) {
            window = new ArrayList<>();
        }
        for (PlatformEvent e : events) {
            OrderEvent o = e.order;
            window.add(new OrderRef(ts, o.getOrderId(), o.getBuyerId()));
        }
        window.removeIf(ref -> ref.at < ts - windowMs);
        recent.update(window);
        ctx.timerService()
                .registerEventTimeTimer(Timers.coalesce(ts + windowMs + 1, CLEANUP_GRANULARITY_MS));

        int orders = window.size();
        if (orders < rule.minOrders() || !concentrated(window)) {
            return;
        }
        if (!Incident.crossed(incidentUntil, ts, windowMs)) {
            return;
        }
        // An alert: only now the buyers' counts (an open episode's events need none).
        Map<String, Integer> perBuyer = new HashMap<>();
        for (OrderRef ref : window) {
            perBuyer.merge(ref.buyerId, 1, Integer::sum);
        }
        double rate = (double) orders / perBuyer.size();
        String shopId = events.get(0).order.getShopId();
        AlertBuilder alert =
                AlertBuilder.forRule(rule.meta())
                        .subject(EntityType.SHOP, shopId)
                        .window(window.get(0).at, ts);
        List<String> suspectOrders = new ArrayList<>();
        for (OrderRef ref : window) {
            if (perBuyer.get(ref.buyerId) >= 2) {
                suspectOrders.add(ref.orderId);
                alert.timeline(
                                ref.at,
                                "orders",
                                ref.orderId,
                                "order CREATED by buyer " + ref.buyerId)
                        .identify(IdentifierType.BUYER, ref.buyerId);
            }
        }
        long repeatBuyers = perBuyer.values().stream().filter(c -> c >= 2).count();
        out.collect(
                alert.orders(suspectOrders)
                        .summary(
                                String.format(
                                        "shop %s took %d orders from %d distinct buyers within %s"
                                                + " (%.2f orders per buyer, threshold %.2f)",
                                        shopId,
                                        orders,
                                        perBuyer.size(),
                                        rule.window(),
                                        rate,
                                        rule.minOrdersPerBuyer()))
                        .fact("orders", orders)
                        .fact("distinct_buyers", perBuyer.size())
                        .fact("orders_per_buyer", String.format("%.2f", rate))
                        .fact("threshold_orders_per_buyer", rule.minOrdersPerBuyer())
                        .fact("repeat_buyers", repeatBuyers)
                        .fact("window", rule.window())
                        .fact("max_ring_buyers", rule.maxRingBuyers())
                        .score(score(rate, perBuyer.size()))
                        .build(ctx.timerService().currentProcessingTime()));
    }

    /**
     * Whether the window's orders per distinct buyer reach the threshold. Counting stops at the
     * first buyer that puts the rate below it (the rate only falls as buyers are added): a busy
     * shop with many buyers costs a third of its window, not a map of all of it, on every event.
     */
    private boolean concentrated(List<OrderRef> window) {
        int orders = window.size();
        Set<String> buyers = new HashSet<>();
        for (OrderRef ref : window) {
            if (buyers.add(ref.buyerId)
                    && (double) orders / buyers.size() < rule.minOrdersPerBuyer()) {
                return false;
            }
        }
        return !buyers.isEmpty() && (double) orders / buyers.size() >= rule.minOrdersPerBuyer();
    }

    /**
     * Conclusive when the concentrated hour comes from a handful of buyers (a ring); a weak signal
     * when it is spread over many buyers, as in a flash sale, and needs corroboration.
     */
    private double score(double rate, int distinctBuyers) {
        if (distinctBuyers <= rule.maxRingBuyers()) {
            return Math.min(1.0, 0.8 + 0.05 * (rate - rule.minOrdersPerBuyer()));
        }
        return 0.55;
    }

    @Override
    protected void onTimerAfterEvents(long ts, OnTimerContext ctx, Collector<RiskAlert> out)
            throws Exception {
        if (!Timers.isCleanupTime(ts, CLEANUP_GRANULARITY_MS)) {
            return;
        }
        List<OrderRef> window = recent.value();
        if (window == null) {
            return;
        }
        long windowMs = rule.window().toMillis();
        window.removeIf(ref -> ref.at < ts - windowMs);
        if (window.isEmpty()) {
            recent.clear();
            Long until = incidentUntil.value();
            if (until != null && until < ts) {
                incidentUntil.clear();
            }
        } else {
            recent.update(window);
        }
    }
}
