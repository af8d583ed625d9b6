package io.brushguard.jobs.generator;

import io.brushguard.patterns.model.AlertKind;
import io.brushguard.patterns.quality.Episode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.brushguard.jobs.generator.World.DAY;
import static io.brushguard.jobs.generator.World.HOUR;
import static io.brushguard.jobs.generator.World.MINUTE;
import static io.brushguard.jobs.generator.World.SECOND;

/**
 * Camouflaged brushing paid by one organiser: 6-10 hired, long-standing accounts (different cities,
 * their own phones, networks and addresses: nothing shared) place one or two orders each at the
 * shop over a day or two, never two within two hours. One account, the organiser's wallet, pays for
 * every order. The shop ships within the hour, a light gift parcel (15-45 g) most of the time, and
 * each buyer confirms receipt 10 minutes to 2 hours after shipping, long before the parcel could
 * arrive (it is still travelling, signed a day or more later). Most leave a 5-star review.
 *
 * <p>Label: entity = the shop; order_ids = the orders; related_ids = the payer, then the accounts.
 */
final class PayerRingBrushingInjector implements EpisodeInjector {

    static final String VARIANT = "payer-ring";

    @Override
    public String kind() {
        return AlertKind.BRUSHING.name();
    }

    @Override
    public Episode inject(World world, int index, Rand rand) {
        Shop shop = world.reserveShop(rand, 0.1, 1.0);
        long first = world.start + rand.between(HOUR, 10 * HOUR);
        long last = Math.max(first + HOUR, world.end - 3 * HOUR);
        Buyer payer =
                world.newAccount(
                        rand, world.geo.buyerCity(rand), first - rand.between(60 * DAY, 700 * DAY));
        Set<String> used = new HashSet<>();
        List<Buyer> accounts = new ArrayList<>();
        for (int i = rand.between(6, 10); i > 0; i--) {
            accounts.add(Steps.hiredAccount(world, rand, first, used));
        }
        List<Shop.Item> targets = rand.sample(shop.items, rand.between(1, 2));

        List<OrderRecord> orders = new ArrayList<>();
        for (Buyer b : accounts) {
            long t = rand.between(first, last);
            int n = rand.chance(0.3) ? 2 : 1;
            for (int k = 0; k < n; k++) {
                if (k > 0) {
                    t += rand.between(2 * HOUR, 12 * HOUR);
                    if (t >= world.end) {
                        break;
                    }
                }
                orders.add(
                        Steps.order(
                                world,
                                shop,
                                b,
                                rand.pick(targets),
                                t,
                                b.devices.get(0),
                                rand.chance(0.5) ? b.homeIp : world.geo.mobileIp(rand, b.city),
                                b.homeAddress()));
            }
        }
        orders.sort(Comparator.comparingLong(o -> o.createdAt));

        world.startCapture();
        for (OrderRecord o : orders) {
            Steps.created(world, o);
            Steps.pay(world, rand, o, payer.id, "wallet", 20 * SECOND, 3 * MINUTE);
            long label = o.paidAt + rand.between(20 * MINUTE, 60 * MINUTE);
            Carrier carrier = shop.primaryCarrier;
            String waybill = carrier.newWaybill(world.ids);
            Steps.ship(world, rand, o, carrier, waybill, label);
            int weight = rand.chance(0.7) ? rand.between(15, 45) : Delivery.packedWeight(rand, o);
            Delivery.Outcome out =
                    Delivery.deliver(
                            world, rand, o, waybill, carrier, label, 2 * HOUR, weight, false);
            o.signedAt = out.signedAt();
            long room = Math.max(11 * MINUTE, (o.signedAt - o.shippedAt) / 2);
            long confirmed = o.shippedAt + rand.between(10 * MINUTE, Math.min(2 * HOUR, room));
            Steps.complete(world, o, confirmed);
            if (rand.chance(0.7)) {
                world.review(
                        o.id,
                        shop,
                        o.buyer.id,
                        5,
                        confirmed + rand.between(5 * MINUTE, 6 * HOUR),
                        BackgroundTraffic.poolHash(rand.nextInt(2_000_000)),
                        o.deviceId,
                        o.ip);
            }
        }
        Span span = world.stopCapture();

        Set<String> related = new LinkedHashSet<>();
        related.add(payer.id);
        accounts.forEach(b -> related.add(b.id));
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
