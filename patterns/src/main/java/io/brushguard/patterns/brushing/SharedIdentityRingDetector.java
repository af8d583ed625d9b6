package io.brushguard.patterns.brushing;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.common.EventTimeOrderedFunction;
import io.brushguard.patterns.common.IdentifierType;
import io.brushguard.patterns.common.Incident;
import io.brushguard.patterns.common.Timers;
import io.brushguard.patterns.common.WindowState;
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
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Brushing rings behind one identity, keyed by shop ({@link EnrichedEvent#shopId()}). Input: the
 * CREATED order events (device, IP, address) and the PAID payments whose payer is not the buyer,
 * enriched with their order. A brushing operator runs many buyer accounts from few phones and one
 * wallet; distinct buyers of one shop sharing a device or a payer are that operator.
 *
 * <p>State: per shop, one map entry per identifier seen in the window ({@code device:..}, {@code
 * payer:..}, {@code ip:..}, {@code address:..}) holding the orders that used it, one entry per
 * order and at most the rule's bound. An event costs one read and one write per identifier it
 * carries (at most three). Coalesced clean-up timers walk the map and drop what left the window.
 *
 * <p>Conclusive (strong) and weak rings are separate episodes, so a weak IP signal does not hide a
 * device ring found later; while a strong episode is open, weak signals of the shop are not sent.
 */
public class SharedIdentityRingDetector
        extends EventTimeOrderedFunction<String, EnrichedEvent, RiskAlert> {

    static final String DEVICE = "device";
    static final String PAYER = "payer";
    static final String IP = "ip";
    static final String ADDRESS = "address";

    private final SharedIdentityRingRule rule;
    private final long windowMs;

    /**
     * The grid of the clean-up timers: a clean-up walks every identifier of the shop (on RocksDB,
     * reading and rewriting them all), so it comes about every eighth of the window (21 h for 7
     * days), not every 168th (an hour): a busy shop's identifiers are walked 8 times over their
     * window, not 168, and it holds 8 timers, not 168. Identifiers stay up to a grid step longer
     * than the window; what the rule decides does not change, as {@link #record} drops what fell
     * out of the window before it counts.
     */
    private final long cleanupGranularityMs;

    /**
     * The grid clean-ups are accepted on: the earlier, finer one (the clean-up grid is a multiple
     * of it), so the timers of a savepoint taken before still clean up.
     */
    private final long acceptedCleanupGranularityMs;

    private transient MapState<String, List<SignalRef>> byIdentifier;
    private transient ValueState<Long> strongUntil;
    private transient ValueState<Long> weakUntil;

    public SharedIdentityRingDetector(SharedIdentityRingRule rule) {
        super(TypeInformation.of(EnrichedEvent.class));
        this.rule = rule;
        this.windowMs = rule.window().toMillis();
        this.acceptedCleanupGranularityMs = Math.max(60_000L, windowMs / 168);
        this.cleanupGranularityMs = 21 * acceptedCleanupGranularityMs;
    }

    /** Which events this detector needs; apply upstream of the keyBy (by shop id). */
    public static boolean accepts(EnrichedEvent e) {
        if (e.context == null || !e.context.hasOrder()) {
            return false;
        }
        if (e.event.order != null) {
            return e.event.order.getStatus() == OrderStatus.CREATED;
        }
        PaymentEvent p = e.event.payment;
        return p != null
                && p.getStatus() == PaymentStatus.PAID
                && p.getPayerAccountId() != null
                && !p.getPayerAccountId().equals(e.context.buyerId);
    }

    @Override
    protected void openState() {
        byIdentifier =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "orders-by-identifier",
                                        Types.STRING,
                                        new ListTypeInfo<>(TypeInformation.of(SignalRef.class))));
        strongUntil =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("strong-incident-until", Types.LONG));
        weakUntil =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("weak-incident-until", Types.LONG));
    }

    @Override
    protected long eventTime(EnrichedEvent value) {
        return value.eventTime();
    }

    private static final long NEW_ACCOUNT_MS = 30L * 24 * 3_600_000L;

    /** A ring found at one identifier, with its score. */
    private record Ring(String type, String value, List<SignalRef> refs, double score) {}

    @Override
    protected void onEvents(
            long ts, List<EnrichedEvent> events, Context ctx, Collector<RiskAlert> out)
            throws Exception {
        Ring best = null;
        boolean touched = false;
        for (EnrichedEvent e : events) {
            if (!accepts(e)) {
                continue;
            }
            OrderContext c = e.context;
            if (e.event.order != null) {
                best = better(best, record(ts, DEVICE, c.deviceId, c));
                best = better(best, record(ts, IP, c.ip, c));
                best = better(best, record(ts, ADDRESS, c.shipAddressId, c));
            } else {
                best = better(best, record(ts, PAYER, e.event.payment.getPayerAccountId(), c));
            }
            touched = true;
        }
        if (!touched) {
            return;
        }
        ctx.timerService()
                .registerEventTimeTimer(Timers.coalesce(ts + windowMs + 1, cleanupGranularityMs));
        if (best == null) {
            return;
        }
        boolean strong = best.score >= 0.8;
        if (strong) {
            if (!Incident.crossed(strongUntil, ts, windowMs)) {
                return;
            }
        } else {
            Long open = strongUntil.value();
            if ((open != null && ts <= open) || !Incident.crossed(weakUntil, ts, windowMs)) {
                return;
            }
        }
        out.collect(
                alert(ctx.getCurrentKey(), best, ts, ctx.timerService().currentProcessingTime()));
    }

    /** Adds the order under one identifier; returns the ring there if it reaches its minimum. */
    private Ring record(long ts, String type, String value, OrderContext c) throws Exception {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String key = type + ":" + value;
        List<SignalRef> refs = byIdentifier.get(key);
        if (refs == null) {
            refs = new ArrayList<>();
        }
        refs.removeIf(ref -> ref.at < ts - windowMs);
        boolean known = false;
        for (SignalRef ref : refs) {
            known |= c.orderId.equals(ref.orderId);
        }
        if (!known) {
            // The address rides along to tell a family (one home) from a ring (many addresses).
            SignalRef ref = new SignalRef(ts, c.orderId, c.buyerId, c.shipAddressId);
            ref.newAccount =
                    c.buyerRegisteredAt > 0 && c.createdAt - c.buyerRegisteredAt < NEW_ACCOUNT_MS;
            refs.add(ref);
        }
        while (refs.size() > rule.maxRefsPerIdentifier()) {
            refs.remove(0);
        }
        byIdentifier.put(key, refs);
        Set<String> buyers = OrderSignalWindowDetector.buyers(refs);
        int n = buyers.size();
        Set<String> addresses = new TreeSet<>();
        for (SignalRef ref : refs) {
            addresses.add(String.valueOf(ref.detail));
        }
        boolean oneHome = addresses.size() == 1;
        // Families and office networks are long-standing accounts; a ring of fresh accounts
        // behind one home, IP or phone is a farm, so weak sharing weighs more then.
        Set<String> fresh = new TreeSet<>();
        for (SignalRef ref : refs) {
            if (ref.newAccount) {
                fresh.add(ref.buyerId);
            }
        }
        double freshBoost = fresh.size() * 2 >= n ? 0.25 : 0.0;
        double score;
        switch (type) {
            case DEVICE:
            case PAYER:
                int min =
                        DEVICE.equals(type) ? rule.minBuyersPerDevice() : rule.minBuyersPerPayer();
                if (n < min) {
                    return null;
                }
                // Several accounts on one phone or wallet shipping to one home is a family.
                score =
                        oneHome
                                ? Math.min(0.75, 0.5 + freshBoost)
                                // Coordinated accounts; whether they inflate this shop or
                                // attack it shows only later (5-star or 1-star reviews), so a
                                // ring alone is a strong signal, never an alert on its own.
                                : Math.min(0.75, 0.65 + 0.05 * (n - min));
                break;
            case IP:
                if (n < rule.minBuyersPerIp()) {
                    return null;
                }
                score = Math.min(0.6, 0.4 + 0.05 * (n - rule.minBuyersPerIp())) + freshBoost * 0.6;
                break;
            default:
                if (n < rule.minBuyersPerAddress()) {
                    return null;
                }
                score = Math.min(0.55, 0.4 + 0.05 * (n - rule.minBuyersPerAddress())) + freshBoost;
                break;
        }
        return new Ring(type, value, new ArrayList<>(refs), score);
    }

    private static Ring better(Ring a, Ring b) {
        if (a == null) {
            return b;
        }
        return b != null && b.score > a.score ? b : a;
    }

    private RiskAlert alert(String shopId, Ring ring, long ts, long now) {
        Set<String> buyers = OrderSignalWindowDetector.buyers(ring.refs);
        Set<String> addresses = new TreeSet<>();
        AlertBuilder alert =
                AlertBuilder.forRule(rule.meta())
                        .subject(EntityType.SHOP, shopId)
                        .window(ring.refs.get(0).at, ts)
                        .orders(OrderSignalWindowDetector.orderIds(ring.refs));
        String stream = PAYER.equals(ring.type) ? "payments" : "orders";
        for (SignalRef ref : ring.refs) {
            if (ref.detail != null) {
                addresses.add(ref.detail);
            }
            // What the order's story held at that moment (its OrderContext timeline entry).
            alert.timeline(
                    ref.at,
                    stream,
                    ref.orderId,
                    (PAYER.equals(ring.type) ? "paid for buyer " : "CREATED by buyer ")
                            + ref.buyerId
                            + " with "
                            + ring.type
                            + " "
                            + ring.value);
            alert.identify(IdentifierType.BUYER, ref.buyerId);
        }
        alert.identify(identifierType(ring.type), ring.value);
        return alert.summary(
                        String.format(
                                "%d distinct buyers of shop %s shared one %s (%s) within %s"
                                        + " (threshold %d), shipping to %d address(es)",
                                buyers.size(),
                                shopId,
                                ring.type,
                                ring.value,
                                rule.window(),
                                minimum(ring.type),
                                addresses.size()))
                .fact("shared_identifier", ring.type)
                .fact("shared_value", ring.value)
                .fact("distinct_buyers", buyers.size())
                .fact("buyers", String.join(",", buyers))
                .identify(IdentifierType.BUYER, buyers)
                .fact("orders", ring.refs.size())
                .fact("distinct_addresses", addresses.size())
                .fact("threshold_buyers", minimum(ring.type))
                .fact("window", rule.window())
                .score(ring.score)
                .build(now);
    }

    /** What a shared identifier is, as the regulator feed classifies it. */
    private static IdentifierType identifierType(String type) {
        switch (type) {
            case DEVICE:
                return IdentifierType.DEVICE;
            case PAYER:
                return IdentifierType.PAYER;
            case IP:
                return IdentifierType.IP;
            default:
                return IdentifierType.ADDRESS;
        }
    }

    private int minimum(String type) {
        switch (type) {
            case DEVICE:
                return rule.minBuyersPerDevice();
            case PAYER:
                return rule.minBuyersPerPayer();
            case IP:
                return rule.minBuyersPerIp();
            default:
                return rule.minBuyersPerAddress();
        }
    }

    /** Whether a timer at {@code ts} is a clean-up (this version's or an earlier one's). */
    boolean cleansUpAt(long ts) {
        return Timers.isCleanupTime(ts, acceptedCleanupGranularityMs);
    }

    @Override
    protected void onTimerAfterEvents(long ts, OnTimerContext ctx, Collector<RiskAlert> out)
            throws Exception {
        if (!cleansUpAt(ts)) {
            return;
        }
        boolean empty = true;
        Iterator<Map.Entry<String, List<SignalRef>>> it = byIdentifier.iterator();
        List<String> drop = new ArrayList<>();
        Map<String, List<SignalRef>> keep = new HashMap<>();
        while (it.hasNext()) {
            Map.Entry<String, List<SignalRef>> en = it.next();
            List<SignalRef> refs = en.getValue();
            int before = refs.size();
            refs.removeIf(ref -> ref.at < ts - windowMs);
            if (refs.isEmpty()) {
                drop.add(en.getKey());
            } else {
                empty = false;
                if (refs.size() != before) {
                    keep.put(en.getKey(), refs);
                }
            }
        }
        for (String key : drop) {
            byIdentifier.remove(key);
        }
        // Only when non-empty: putAll of nothing would create an empty map entry on the heap
        // backend.
        if (!keep.isEmpty()) {
            byIdentifier.putAll(keep);
        }
        if (empty) {
            WindowState.clearIfClosed(ts, strongUntil);
            WindowState.clearIfClosed(ts, weakUntil);
        }
    }
}
