package io.brushguard.jobs.generator;

import io.brushguard.avro.ScanType;
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
 * Hard negative resembling an empty parcel: a shop in a big city offers same-city express (同城急送) to
 * customers in its own city. One rider picks the parcel up (weighed as usual), goes straight out
 * for delivery without a sorting centre, and the customer signs 20-60 minutes after pickup: no
 * IN_TRANSIT scan and a very fast signature, but PICKED_UP, OUT_FOR_DELIVERY and SIGNED are all
 * real and all in one city.
 */
final class SameCityDeliveryHardNegative implements HardNegativeInjector {

    private static final Set<String> BIG_CITIES = Set.of("SHA", "PEK", "CAN", "SZX", "HGH");

    @Override
    public String name() {
        return "same-city";
    }

    @Override
    public String resembles() {
        return AlertKind.EMPTY_PARCEL.name();
    }

    @Override
    public GeneratedData.HardNegative inject(World world, int index, Rand rand) {
        Shop shop =
                world.reserveShop(
                        rand,
                        0.0,
                        0.6,
                        s -> BIG_CITIES.contains(s.city) && s.category == Category.FOOD);
        BackgroundTraffic honest = new BackgroundTraffic(world, rand);
        Set<String> used = new HashSet<>();
        List<String> orderIds = new ArrayList<>();
        for (int i = rand.between(8, 14); i > 0; i--) {
            long t = rand.between(world.start + HOUR, world.end - 2 * HOUR);
            Buyer b = Steps.honestBuyer(world, rand, t, 30 * DAY, shop.city, used);
            if (b == null) {
                continue;
            }
            OrderRecord o = honest.regularOrder(shop, t, b);
            Steps.created(world, o);
            Steps.pay(world, rand, o, b.id, b.paymentMethod, 5 * SECOND, 5 * MINUTE);
            long label =
                    World.withinHours(
                            o.paidAt + rand.between(5 * MINUTE, 40 * MINUTE), 8, 21, rand);
            Carrier carrier = shop.primaryCarrier;
            String waybill = carrier.newWaybill(world.ids);
            Steps.ship(world, rand, o, carrier, waybill, label);
            String rider = carrier.courierFor(shop.city, shop.id);
            long at = o.shippedAt + rand.between(8 * MINUTE, 25 * MINUTE);
            world.scan(
                    waybill,
                    o,
                    carrier,
                    rider,
                    ScanType.PICKED_UP,
                    at,
                    shop.city,
                    Delivery.packedWeight(rand, o));
            at += rand.between(3 * MINUTE, 10 * MINUTE);
            world.scan(waybill, o, carrier, rider, ScanType.OUT_FOR_DELIVERY, at, shop.city, null);
            at += rand.between(10 * MINUTE, 35 * MINUTE);
            world.scan(waybill, o, carrier, rider, ScanType.SIGNED, at, shop.city, null);
            o.signedAt = at;
            Steps.complete(
                    world,
                    o,
                    World.awake(at + rand.durationMs(3 * HOUR, 1.2, 10 * MINUTE, 3 * DAY), rand));
            if (rand.chance(0.35)) {
                world.review(
                        o.id,
                        shop,
                        b.id,
                        shop.quality.drawRating(rand),
                        World.awake(
                                o.completedAt + rand.durationMs(2 * HOUR, 1.2, 5 * MINUTE, 3 * DAY),
                                rand),
                        BackgroundTraffic.poolHash(rand.nextInt(2_000_000)),
                        b.devices.get(0),
                        b.homeIp);
            }
            orderIds.add(o.id);
        }
        return new GeneratedData.HardNegative(
                id(index),
                resembles(),
                "SHOP",
                shop.id,
                orderIds,
                "same-city express: one rider picks up, goes out for delivery and gets a"
                        + " signature within the hour, all in "
                        + shop.city
                        + ", no sorting centre");
    }
}
