package io.brushguard.jobs.generator;

import io.brushguard.patterns.model.AlertKind;
import io.brushguard.patterns.quality.Episode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.brushguard.jobs.generator.World.DAY;
import static io.brushguard.jobs.generator.World.HOUR;
import static io.brushguard.jobs.generator.World.MINUTE;
import static io.brushguard.jobs.generator.World.SECOND;

/**
 * Camouflaged brushing, a slow ring: 4-7 freshly registered accounts of one city brush a shop over
 * the whole recording instead of in one hour, each in 2-3 sessions at least 3 hours apart with at
 * most 2 orders a session, so no buyer ever places more than 2 orders in an hour (just under the
 * order-concentration threshold). The phone farm resets its fingerprint for every order (a new
 * device each time) and the accounts use mobile networks, but every parcel goes to one collection
 * point (shared shipping address). Parcels are often near-empty envelopes (15-60 g) with normal
 * transit; each buyer confirms receipt minutes after the parcel is signed and leaves a 5-star
 * review within minutes, mostly with one of two copy-paste texts. Each account also places 1-2
 * ordinary orders at other shops, paid and reviewed like anyone's, to look like a real customer.
 *
 * <p>Label: entity = the shop; order_ids = the brushing orders (not the decoys); related_ids = the
 * ring accounts.
 */
final class SlowRingBrushingInjector implements EpisodeInjector {

    static final String VARIANT = "slow-ring";

    @Override
    public String kind() {
        return AlertKind.BRUSHING.name();
    }

    @Override
    public Episode inject(World world, int index, Rand rand) {
        Shop shop = world.reserveShop(rand, 0.1, 1.0);
        String city = world.geo.buyerCity(rand);
        long first = world.start + rand.between(HOUR, 6 * HOUR);
        long last = Math.max(first + HOUR, world.end - 2 * HOUR);

        List<Buyer> ring = new ArrayList<>();
        for (int i = rand.between(4, 7); i > 0; i--) {
            ring.add(world.newAccount(rand, city, first - rand.between(2 * HOUR, 10 * DAY)));
        }
        String collectionPoint = world.ids.hex("ad", 16);
        List<Shop.Item> targets = rand.sample(shop.items, rand.between(1, 2));

        List<OrderRecord> orders = new ArrayList<>();
        for (Buyer member : ring) {
            List<Long> sessions = new ArrayList<>();
            int wanted = rand.between(2, 3);
            for (int attempt = 0; attempt < 50 && sessions.size() < wanted; attempt++) {
                long t = rand.between(first, last);
                if (sessions.stream().allMatch(s -> Math.abs(s - t) >= 3 * HOUR)) {
                    sessions.add(t);
                }
            }
            for (long session : sessions) {
                long t = session;
                for (int k = rand.chance(0.5) ? 2 : 1; k > 0; k--) {
                    Shop.Item item = rand.pick(targets);
                    orders.add(
                            Steps.order(
                                    world,
                                    shop,
                                    member,
                                    item,
                                    t,
                                    world.ids.hex("dv", 16),
                                    world.geo.mobileIp(rand, city),
                                    collectionPoint));
                    t += rand.between(3 * MINUTE, 20 * MINUTE);
                }
            }
        }
        orders.sort(Comparator.comparingLong(o -> o.createdAt));

        List<String> texts = Steps.templates(rand, 2);
        world.startCapture();
        for (OrderRecord o : orders) {
            Steps.created(world, o);
            Steps.pay(world, rand, o, o.buyer.id, "wallet", 10 * SECOND, 90 * SECOND);
            long label = World.withinHours(o.paidAt + rand.between(HOUR, 8 * HOUR), 9, 20, rand);
            Carrier carrier = shop.primaryCarrier;
            String waybill = carrier.newWaybill(world.ids);
            Steps.ship(world, rand, o, carrier, waybill, label);
            int weight = rand.chance(0.6) ? rand.between(15, 60) : Delivery.packedWeight(rand, o);
            Delivery.Outcome out =
                    Delivery.deliver(world, rand, o, waybill, carrier, label, HOUR, weight, false);
            o.signedAt = out.signedAt();
            Steps.complete(world, o, o.signedAt + rand.between(3 * MINUTE, 40 * MINUTE));
            if (rand.chance(0.95)) {
                world.review(
                        o.id,
                        shop,
                        o.buyer.id,
                        5,
                        o.completedAt + rand.between(MINUTE, 15 * MINUTE),
                        Steps.text(rand, texts, 0.7),
                        o.deviceId,
                        o.ip);
            }
        }
        Span span = world.stopCapture();

        // Decoys: ordinary orders elsewhere, with ordinary lifecycles.
        BackgroundTraffic honest = new BackgroundTraffic(world, rand);
        for (Buyer member : ring) {
            for (int k = rand.between(1, 2); k > 0; k--) {
                Shop other = world.drawShop(rand);
                while (world.reservedShops.contains(other.id)) {
                    other = world.drawShop(rand);
                }
                honest.lifecycle(honest.regularOrder(other, rand.between(first, last), member));
            }
        }

        Set<String> related = new LinkedHashSet<>();
        ring.forEach(b -> related.add(b.id));
        return Steps.episode(
                Steps.variantId(kind(), VARIANT, index),
                kind(),
                "SHOP",
                shop.id,
                orders,
                related,
                span);
    }
}
