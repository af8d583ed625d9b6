package io.brushguard.jobs.generator;

import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.ScanType;

import static io.brushguard.jobs.generator.World.DAY;
import static io.brushguard.jobs.generator.World.HOUR;
import static io.brushguard.jobs.generator.World.MINUTE;
import static io.brushguard.jobs.generator.World.SECOND;

/**
 * Honest platform traffic: what detectors must stay quiet on.
 *
 * <p>Orders arrive at a diurnal rate (quiet before dawn, peaks late morning and in the evening), on
 * shops by Zipf popularity, from buyers by heavy-tailed activity, and run their lifecycle:
 *
 * <ul>
 *   <li>~6% are never paid and are CANCELLED after a while; ~2% are CANCELLED after payment, before
 *       shipping, and the payment REFUNDED;
 *   <li>the rest are paid within minutes (~3% by another account: family, a friend), the shop
 *       prints the waybill within its handling time during working hours and marks the order
 *       SHIPPED, and the parcel travels ({@link Delivery});
 *   <li>~1.5% of parcels are refused (RETURNED), and the order and payment REFUNDED days later;
 *   <li>the buyer confirms receipt (COMPLETED) within hours or days, or the platform does it
 *       automatically 10 days after shipping; ~1.5% are REFUNDED after completion, ~0.2% see a
 *       CHARGEBACK;
 *   <li>~35% of completed orders get a review from the buyer, rated by the shop's quality (mostly 5
 *       and 4); some texts are the common short ones ("good", "fast delivery") and share a text
 *       hash, most are unique.
 * </ul>
 *
 * It also contains the things that look a little like fraud and are not: households sharing an
 * address, broadband and sometimes a tablet; mobile users behind shared NAT addresses; buyers
 * placing a second order at the same shop minutes after the first; flash sales where one shop gets
 * dozens of orders from different buyers in an hour; light parcels; reviews not tied to an order
 * (shop ratings, follow-ups).
 */
final class BackgroundTraffic {

    /** Relative order rate per local hour 0..23. */
    private static final double[] DIURNAL = {
        3.0, 1.8, 1.0, 0.6, 0.4, 0.4, 0.8, 1.6, 2.6, 3.6, 4.4, 4.6, 4.2, 4.0, 4.2, 4.3, 4.2, 4.0,
        4.0, 4.6, 5.4, 6.0, 5.6, 4.4
    };

    private static final double DIURNAL_MAX = 6.0;

    /** Common short review texts ("好评", "物流很快", ...): hashes shared by many reviews. */
    private static final int COMMON_POSITIVE_TEXTS = 8;

    private static final int COMMON_NEGATIVE_TEXTS = 5;

    private final World world;
    private final Rand rand;

    BackgroundTraffic(World world, Rand rand) {
        this.world = world;
        this.rand = rand;
    }

    /** Emits all background orders created in the window, with their full lifecycles. */
    void run() {
        GeneratorConfig config = world.config;
        for (int day = 0; day < config.days(); day++) {
            long dayStart = world.start + day * DAY;
            for (int i = 0; i < config.ordersPerDay(); i++) {
                long t = diurnalTime(dayStart, dayStart + DAY);
                OrderRecord o = regularOrder(world.drawShop(rand), t, null);
                lifecycle(o);
                if (rand.chance(0.03)) {
                    // Forgot something: a second order at the same shop minutes later.
                    long t2 = t + rand.between(2 * MINUTE, 30 * MINUTE);
                    if (t2 < world.end) {
                        lifecycle(regularOrder(o.shop, t2, o.buyer));
                    }
                }
            }
            int promotions = Math.max(1, (int) Math.round(config.shops() / 500.0));
            for (int p = 0; p < promotions; p++) {
                flashSale(dayStart);
            }
        }
        int strayReviews = (int) Math.round(config.ordersPerDay() * config.days() * 0.003);
        for (int i = 0; i < strayReviews; i++) {
            strayReview();
        }
    }

    /** A time in {@code [from, to)} drawn with the diurnal rate (rejection sampling). */
    private long diurnalTime(long from, long to) {
        while (true) {
            long t = rand.between(from, to - 1);
            if (rand.nextDouble() * DIURNAL_MAX < DIURNAL[World.localHour(t)]) {
                return t;
            }
        }
    }

    /** An order as a buyer places it: usual device, usual networks, usual address. */
    OrderRecord regularOrder(Shop shop, long t, Buyer buyer) {
        Buyer b = buyer != null ? buyer : world.drawBuyer(rand, t);
        Shop.Item item = shop.drawItem(rand);
        int quantity = 1;
        if (rand.chance(shop.category.multiQuantity)) {
            quantity = rand.between(2, 5);
        }
        return newOrder(shop, b, item, quantity, item.priceMinor(), t);
    }

    OrderRecord newOrder(Shop shop, Buyer b, Shop.Item item, int quantity, long unitPrice, long t) {
        long amount = unitPrice * quantity;
        if (amount < 4900 && rand.chance(0.3)) {
            amount += 600; // shipping fee below the free-shipping threshold
        }
        String device = rand.chance(0.8) ? b.devices.get(0) : rand.pick(b.devices);
        if (rand.chance(0.01)) {
            device = null; // old client without fingerprinting
        }
        String ip;
        double net = rand.nextDouble();
        if (net < 0.55) {
            ip = b.homeIp;
        } else if (net < 0.9 || b.officeIp == null) {
            ip = world.geo.mobileIp(rand, b.city);
        } else {
            ip = b.officeIp;
        }
        if (rand.chance(0.005)) {
            ip = null;
        }
        String address = rand.chance(0.85) ? b.homeAddress() : rand.pick(b.addresses);
        return world.newOrder(shop, b, item, quantity, amount, t, device, ip, address, true);
    }

    /** A shop's one-hour flash sale: dozens of orders from different buyers for one item. */
    private void flashSale(long dayStart) {
        Shop shop = world.shopsByRank.get(rand.nextInt(Math.max(1, world.shops.size() / 10)));
        Shop.Item item = shop.items.get(0);
        long unitPrice = Math.max(100, item.priceMinor() * 7 / 10 / 100 * 100 - 10);
        // Sometime between 10:00 and 22:00 local time on this simulated day.
        long saleStart = World.localDayStart(dayStart) + rand.between(10, 21) * HOUR;
        if (saleStart < dayStart) {
            saleStart += DAY;
        }
        if (saleStart + HOUR > dayStart + DAY) {
            // The window does not start at local midnight: stay within this simulated day.
            saleStart = dayStart + rand.between(0, DAY - HOUR);
        }
        int orders = rand.between(30, 80);
        for (int i = 0; i < orders; i++) {
            long t = saleStart + rand.between(0, HOUR - 1);
            Buyer b = world.drawBuyer(rand, t);
            lifecycle(newOrder(shop, b, item, 1, unitPrice, t));
        }
    }

    /** Emits every step of an honest order, each after the previous one. */
    void lifecycle(OrderRecord o) {
        lifecycle(o, null);
    }

    /**
     * As {@link #lifecycle(OrderRecord)}, with the payer fixed (a parent paying for the family)
     * when {@code forcedPayer} is not null. Draws the same random numbers either way.
     */
    void lifecycle(OrderRecord o, Buyer forcedPayer) {
        world.order(o, OrderStatus.CREATED, o.createdAt);
        if (rand.chance(0.06)) {
            long cancelled =
                    o.createdAt + rand.durationMs(40 * MINUTE, 1.0, 15 * MINUTE, 24 * HOUR);
            world.order(o, OrderStatus.CANCELLED, cancelled);
            return;
        }

        String paymentId = world.ids.digits("pay", 16);
        Buyer payer = o.buyer;
        if (rand.chance(0.03)) {
            payer =
                    !o.buyer.household.isEmpty()
                            ? rand.pick(o.buyer.household)
                            : world.anyBuyer(rand); // a friend pays (代付)
        }
        if (forcedPayer != null) {
            payer = forcedPayer;
        }
        long paid = o.createdAt + rand.durationMs(60 * SECOND, 1.2, 5 * SECOND, 30 * MINUTE);
        world.payment(paymentId, o, PaymentStatus.PAID, paid, payer.id, payer.paymentMethod);
        o.paidAt = paid + rand.between(300, 3000);
        world.order(o, OrderStatus.PAID, o.paidAt);

        long label =
                World.withinHours(
                        o.paidAt
                                + rand.durationMs(
                                        Math.round(o.shop.handlingHours * HOUR),
                                        0.6,
                                        20 * MINUTE,
                                        96 * HOUR),
                        9,
                        20,
                        rand);
        if (rand.chance(0.02)) {
            // Changed their mind before the shop shipped.
            long cancelled =
                    World.awake(
                            o.paidAt + rand.durationMs(2 * HOUR, 1.0, 5 * MINUTE, 36 * HOUR), rand);
            world.order(o, OrderStatus.CANCELLED, cancelled);
            world.payment(
                    paymentId,
                    o,
                    PaymentStatus.REFUNDED,
                    cancelled + rand.between(MINUTE, HOUR),
                    payer.id,
                    payer.paymentMethod);
            return;
        }

        Carrier carrier = o.shop.drawCarrier(rand);
        String waybill = carrier.newWaybill(world.ids);
        world.scan(waybill, o, carrier, null, ScanType.CREATED, label, o.shop.city, null);
        o.shippedAt = label + rand.between(5 * SECOND, 10 * MINUTE);
        world.order(o, OrderStatus.SHIPPED, o.shippedAt);

        Integer weight = rand.chance(0.01) ? null : Delivery.packedWeight(rand, o);
        boolean refused = rand.chance(0.015);
        Delivery.Outcome outcome =
                Delivery.deliver(
                        world, rand, o, waybill, carrier, label, 3 * HOUR, weight, refused);
        if (refused) {
            long refunded = outcome.returnedAt() + rand.between(DAY, 4 * DAY);
            world.order(o, OrderStatus.REFUNDED, refunded);
            world.payment(
                    paymentId,
                    o,
                    PaymentStatus.REFUNDED,
                    refunded + rand.between(MINUTE, 2 * HOUR),
                    payer.id,
                    payer.paymentMethod);
            return;
        }
        o.signedAt = outcome.signedAt();

        boolean manual = rand.chance(0.6);
        if (manual) {
            o.completedAt =
                    World.awake(
                            o.signedAt + rand.durationMs(8 * HOUR, 1.2, 10 * MINUTE, 6 * DAY),
                            rand);
        } else {
            // The platform confirms receipt 10 days after shipping.
            o.completedAt =
                    Math.max(o.signedAt + HOUR, o.shippedAt + 10 * DAY) + rand.between(0, 6 * HOUR);
        }
        world.order(o, OrderStatus.COMPLETED, o.completedAt);

        boolean refundedAfter = rand.chance(0.015);
        double reviewChance = (manual ? 0.48 : 0.15) * o.buyer.reviewPropensity;
        if (rand.chance(reviewChance)) {
            long at =
                    World.awake(
                            o.completedAt
                                    + (manual
                                            ? rand.durationMs(2 * HOUR, 1.5, MINUTE, 10 * DAY)
                                            : rand.durationMs(DAY, 1.0, HOUR, 10 * DAY)),
                            rand);
            int rating =
                    refundedAfter
                            ? Shop.Quality.POOR.drawRating(rand)
                            : o.shop.quality.drawRating(rand);
            if (o.buyer.harsh && rating > 1 && rand.chance(0.3)) {
                rating--;
            }
            review(o, rating, at);
        }
        if (refundedAfter) {
            long refunded = o.completedAt + rand.between(DAY, 7 * DAY);
            world.order(o, OrderStatus.REFUNDED, refunded);
            world.payment(
                    paymentId,
                    o,
                    PaymentStatus.REFUNDED,
                    refunded + rand.between(MINUTE, HOUR),
                    payer.id,
                    payer.paymentMethod);
        } else if (rand.chance(0.002)) {
            world.payment(
                    paymentId,
                    o,
                    PaymentStatus.CHARGEBACK,
                    o.completedAt + rand.between(2 * DAY, 10 * DAY),
                    payer.id,
                    payer.paymentMethod);
        }
    }

    private void review(OrderRecord o, int rating, long at) {
        Buyer b = o.buyer;
        world.review(
                o.id, o.shop, b.id, rating, at, textHash(rating), reviewDevice(b), reviewIp(b));
        if (rand.chance(0.03)) {
            // A shop rating or follow-up that the platform does not tie to the order.
            int again = Math.max(1, Math.min(5, rating + rand.between(-1, 1)));
            long later = World.awake(at + rand.between(DAY, 5 * DAY), rand);
            world.review(
                    null,
                    o.shop,
                    b.id,
                    again,
                    later,
                    textHash(again),
                    reviewDevice(b),
                    reviewIp(b));
        }
    }

    /** A review not tied to an order by anyone (a complaint, a question answered as a rating). */
    private void strayReview() {
        Shop shop = world.drawShop(rand);
        long t = World.awake(rand.between(world.start, world.end + 3 * DAY), rand);
        Buyer b = world.drawBuyer(rand, t);
        int rating = rand.pickIndexOf(0.15, 0.1, 0.15, 0.2, 0.4) + 1;
        world.review(null, shop, b.id, rating, t, textHash(rating), reviewDevice(b), reviewIp(b));
    }

    /**
     * Similarity hash of the review text: null for rating-only reviews, one of a few hashes for the
     * common short texts, otherwise drawn from a pool large enough that repeats are rare
     * coincidences (near-duplicate texts happen between honest people too).
     */
    private String textHash(int rating) {
        if (rand.chance(0.1)) {
            return null;
        }
        if (rating >= 4 && rand.chance(0.22)) {
            return poolHash(-1 - rand.nextInt(COMMON_POSITIVE_TEXTS));
        }
        if (rating <= 2 && rand.chance(0.25)) {
            return poolHash(-101 - rand.nextInt(COMMON_NEGATIVE_TEXTS));
        }
        return poolHash(rand.nextInt(2_000_000));
    }

    /**
     * The similarity hash of text number {@code i}: a fixed bit mix, so hashes look random. The big
     * pool uses 0..2M; negative numbers are the common short texts.
     */
    static String poolHash(long i) {
        long z = i * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        String hex = Long.toHexString(z);
        return "0".repeat(16 - hex.length()) + hex;
    }

    private String reviewDevice(Buyer b) {
        return rand.chance(0.85) ? b.devices.get(0) : rand.pick(b.devices);
    }

    private String reviewIp(Buyer b) {
        return rand.chance(0.6) ? b.homeIp : world.geo.mobileIp(rand, b.city);
    }
}
