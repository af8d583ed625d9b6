package io.brushguard.jobs.generator;

import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.ScanType;
import io.brushguard.patterns.quality.Episode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.brushguard.jobs.generator.World.HOUR;
import static io.brushguard.jobs.generator.World.MINUTE;
import static io.brushguard.jobs.generator.World.SECOND;

/**
 * The steps of an order as the camouflaged variants and hard negatives script them, built on the
 * world's primitives so every scripted order has the shape of an honest one except where its
 * scenario says.
 */
final class Steps {

    private Steps() {}

    /** A new (non-background) order of one unit of {@code item} at its listed price. */
    static OrderRecord order(
            World world,
            Shop shop,
            Buyer buyer,
            Shop.Item item,
            long t,
            String device,
            String ip,
            String address) {
        return world.newOrder(
                shop, buyer, item, 1, item.priceMinor(), t, device, ip, address, false);
    }

    static void created(World world, OrderRecord o) {
        world.order(o, OrderStatus.CREATED, o.createdAt);
    }

    /** Payment by {@code payerId} {@code [minDelay, maxDelay]} after creation, then PAID. */
    static String pay(
            World world,
            Rand rand,
            OrderRecord o,
            String payerId,
            String method,
            long minDelay,
            long maxDelay) {
        long paid = o.createdAt + rand.between(minDelay, maxDelay);
        String paymentId = world.ids.digits("pay", 16);
        world.payment(paymentId, o, PaymentStatus.PAID, paid, payerId, method);
        o.paidAt = paid + rand.between(300, 3000);
        world.order(o, OrderStatus.PAID, o.paidAt);
        return paymentId;
    }

    /** When the shop prints the label: its usual handling time, during working hours. */
    static long usualLabelTime(Rand rand, OrderRecord o) {
        return World.withinHours(
                o.paidAt
                        + rand.durationMs(
                                Math.round(o.shop.handlingHours * HOUR),
                                0.6,
                                20 * MINUTE,
                                72 * HOUR),
                9,
                20,
                rand);
    }

    /** Waybill CREATED at the shop, then the order SHIPPED a little later. */
    static void ship(
            World world, Rand rand, OrderRecord o, Carrier carrier, String waybill, long label) {
        world.scan(waybill, o, carrier, null, ScanType.CREATED, label, o.shop.city, null);
        o.shippedAt = label + rand.between(5 * SECOND, 60 * SECOND);
        world.order(o, OrderStatus.SHIPPED, o.shippedAt);
    }

    static void complete(World world, OrderRecord o, long t) {
        o.completedAt = t;
        world.order(o, OrderStatus.COMPLETED, t);
    }

    /** The order REFUNDED at {@code t} and the payment refunded to the payer shortly after. */
    static void refund(
            World world,
            Rand rand,
            OrderRecord o,
            String paymentId,
            String payerId,
            String method,
            long t) {
        world.order(o, OrderStatus.REFUNDED, t);
        world.payment(
                paymentId,
                o,
                PaymentStatus.REFUNDED,
                t + rand.between(MINUTE, HOUR),
                payerId,
                method);
    }

    /** A background buyer registered before {@code t}, not yet in {@code used} (added to it). */
    static Buyer hiredAccount(World world, Rand rand, long t, Set<String> used) {
        for (int attempt = 0; attempt < 200; attempt++) {
            Buyer b = world.drawBuyer(rand, t);
            if (!used.contains(b.id) && !world.episodeSubjects.contains(b.id)) {
                used.add(b.id);
                return b;
            }
        }
        throw new IllegalStateException("no account left to hire");
    }

    /**
     * An honest background buyer (registered {@code minAgeMs} before {@code t}, not named by an
     * episode, not in {@code used}), optionally in one city; null if none is found.
     */
    static Buyer honestBuyer(
            World world, Rand rand, long t, long minAgeMs, String city, Set<String> used) {
        for (int attempt = 0; attempt < 3000; attempt++) {
            Buyer b = attempt < 1000 ? world.drawBuyer(rand, t) : world.anyBuyer(rand);
            if (b.registeredAt < t - minAgeMs
                    && (city == null || b.city.equals(city))
                    && !used.contains(b.id)
                    && !world.episodeSubjects.contains(b.id)) {
                used.add(b.id);
                return b;
            }
        }
        return null;
    }

    /** Review text hash: one of the ring's templates with probability {@code p}, else unique. */
    static String text(Rand rand, List<String> templates, double p) {
        return rand.chance(p)
                ? rand.pick(templates)
                : BackgroundTraffic.poolHash(rand.nextInt(2_000_000));
    }

    static List<String> templates(Rand rand, int n) {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.add(BackgroundTraffic.poolHash(rand.nextInt(2_000_000)));
        }
        return t;
    }

    /** A readable variant episode id such as {@code brushing-slow-ring-01}. */
    static String variantId(String kind, String variant, int index) {
        int n = index + 1;
        return kind.toLowerCase(Locale.ROOT).replace('_', '-')
                + "-"
                + variant
                + "-"
                + (n < 10 ? "0" + n : n);
    }

    static Episode episode(
            String id,
            String kind,
            String entityType,
            String entityId,
            Collection<OrderRecord> orders,
            Collection<String> related,
            Span span) {
        return new Episode(
                id,
                kind,
                entityType,
                entityId,
                orders.stream().map(o -> o.id).toList(),
                List.copyOf(related),
                span.start(),
                span.end());
    }
}
