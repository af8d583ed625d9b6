package io.brushguard.jobs.generator;

import io.brushguard.patterns.model.AlertKind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.brushguard.jobs.generator.World.DAY;
import static io.brushguard.jobs.generator.World.HOUR;
import static io.brushguard.jobs.generator.World.MINUTE;
import static io.brushguard.jobs.generator.World.SECOND;

/**
 * Hard negative resembling malicious reviews: a poorly run shop ships a bad batch of its best
 * seller. 10-16 long-standing customers who really bought it, got it and confirmed receipt post 1-2
 * star reviews on their orders (some within hours of each other, as deliveries arrive), each from
 * their own phone and network; about a quarter return it and are refunded days later.
 */
final class BadShopHardNegative implements HardNegativeInjector {

    @Override
    public String name() {
        return "bad-shop";
    }

    @Override
    public String resembles() {
        return AlertKind.MALICIOUS_REVIEW.name();
    }

    @Override
    public GeneratedData.HardNegative inject(World world, int index, Rand rand) {
        Shop shop = world.reserveShop(rand, 0.0, 0.3, s -> s.quality == Shop.Quality.POOR);
        Shop.Item item = shop.items.get(0);
        BackgroundTraffic honest = new BackgroundTraffic(world, rand);
        long from = world.start + HOUR;
        long to = Math.min(world.end, world.start + DAY + 12 * HOUR) - HOUR;
        Set<String> used = new HashSet<>();
        List<String> orderIds = new ArrayList<>();
        for (int i = rand.between(10, 16); i > 0; i--) {
            long t = rand.between(from, Math.max(from, to));
            Buyer b = Steps.honestBuyer(world, rand, t, 30 * DAY, null, used);
            if (b == null) {
                continue;
            }
            OrderRecord o = honest.newOrder(shop, b, item, 1, item.priceMinor(), t);
            Steps.created(world, o);
            String paymentId =
                    Steps.pay(world, rand, o, b.id, b.paymentMethod, 5 * SECOND, 10 * MINUTE);
            long label = Steps.usualLabelTime(rand, o);
            Carrier carrier = shop.drawCarrier(rand);
            String waybill = carrier.newWaybill(world.ids);
            Steps.ship(world, rand, o, carrier, waybill, label);
            Delivery.Outcome out =
                    Delivery.deliver(
                            world,
                            rand,
                            o,
                            waybill,
                            carrier,
                            label,
                            3 * HOUR,
                            Delivery.packedWeight(rand, o),
                            false);
            o.signedAt = out.signedAt();
            Steps.complete(
                    world,
                    o,
                    World.awake(
                            o.signedAt + rand.durationMs(4 * HOUR, 1.0, 10 * MINUTE, 2 * DAY),
                            rand));
            long reviewAt =
                    World.awake(
                            o.completedAt + rand.durationMs(3 * HOUR, 1.0, 10 * MINUTE, 3 * DAY),
                            rand);
            String text =
                    rand.chance(0.3)
                            ? BackgroundTraffic.poolHash(-101 - rand.nextInt(5))
                            : BackgroundTraffic.poolHash(rand.nextInt(2_000_000));
            world.review(
                    o.id,
                    shop,
                    b.id,
                    rand.chance(0.75) ? 1 : 2,
                    reviewAt,
                    text,
                    o.deviceId,
                    rand.chance(0.6) ? b.homeIp : world.geo.mobileIp(rand, b.city));
            if (rand.chance(0.25)) {
                Steps.refund(
                        world,
                        rand,
                        o,
                        paymentId,
                        b.id,
                        b.paymentMethod,
                        reviewAt + rand.between(DAY, 4 * DAY));
            }
            orderIds.add(o.id);
        }
        return new GeneratedData.HardNegative(
                id(index),
                resembles(),
                "SHOP",
                shop.id,
                orderIds,
                "bad batch: "
                        + orderIds.size()
                        + " real customers rate their delivered orders 1-2 stars");
    }
}
