package io.brushguard.jobs.generator;

import io.brushguard.avro.ScanType;
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
 * Camouflaged empty parcels through a complicit courier: one courier of one carrier in a city sells
 * fake deliveries to three shops there. Each shop sends only 2-4 such orders over the recording
 * (too few to stand out per shop); the courier scans every one PICKED_UP with 10-40 g, half of them
 * get one fake IN_TRANSIT scan at the city's sorting centre, and the same courier marks them SIGNED
 * in the buyer's city 40 minutes to 3 hours later.
 *
 * <p>Label: entity = the courier (COURIER); order_ids = all the orders; related_ids = the shops,
 * then the buyers.
 */
final class ComplicitCourierEmptyParcelInjector implements EpisodeInjector {

    static final String VARIANT = "courier";

    @Override
    public String kind() {
        return AlertKind.EMPTY_PARCEL.name();
    }

    @Override
    public Episode inject(World world, int index, Rand rand) {
        Shop firstShop = world.reserveShop(rand, 0.05, 1.0);
        String city = firstShop.city;
        List<Shop> shops = new ArrayList<>(List.of(firstShop));
        for (int i = 0; i < 2; i++) {
            shops.add(world.reserveShop(rand, 0.0, 1.0, s -> s.city.equals(city)));
        }
        Carrier carrier = firstShop.primaryCarrier;
        String courier = carrier.anyCourier(rand, city);
        long first = world.start + rand.between(HOUR, 6 * HOUR);
        long last = Math.max(first + HOUR, world.end - 6 * HOUR);

        Set<String> used = new HashSet<>();
        List<OrderRecord> orders = new ArrayList<>();
        for (Shop shop : shops) {
            for (int k = rand.between(2, 4); k > 0; k--) {
                long t = rand.between(first, last);
                Buyer b =
                        rand.chance(0.5)
                                ? world.newAccount(
                                        rand,
                                        world.geo.buyerCity(rand),
                                        t - rand.between(HOUR, 30 * DAY))
                                : Steps.hiredAccount(world, rand, t, used);
                orders.add(
                        Steps.order(
                                world,
                                shop,
                                b,
                                shop.drawItem(rand),
                                t,
                                b.devices.get(0),
                                rand.chance(0.6) ? b.homeIp : world.geo.mobileIp(rand, b.city),
                                b.homeAddress()));
            }
        }
        orders.sort(Comparator.comparingLong(o -> o.createdAt));

        world.startCapture();
        for (OrderRecord o : orders) {
            Steps.created(world, o);
            Steps.pay(world, rand, o, o.buyer.id, o.buyer.paymentMethod, 20 * SECOND, 10 * MINUTE);
            long label = World.withinHours(o.paidAt + rand.between(HOUR, 6 * HOUR), 9, 20, rand);
            String waybill = carrier.newWaybill(world.ids);
            Steps.ship(world, rand, o, carrier, waybill, label);
            long t = o.shippedAt + rand.between(5 * MINUTE, 40 * MINUTE);
            world.scan(
                    waybill,
                    o,
                    carrier,
                    courier,
                    ScanType.PICKED_UP,
                    t,
                    city,
                    rand.between(10, 40));
            if (rand.chance(0.5)) {
                t += rand.between(20 * MINUTE, 60 * MINUTE);
                world.scan(
                        waybill,
                        o,
                        carrier,
                        null,
                        ScanType.IN_TRANSIT,
                        t,
                        city + "-DC" + rand.between(1, 2),
                        null);
            }
            o.signedAt = t + rand.between(40 * MINUTE, 3 * HOUR);
            world.scan(
                    waybill,
                    o,
                    carrier,
                    courier,
                    ScanType.SIGNED,
                    o.signedAt,
                    o.destinationCity(),
                    null);
            Steps.complete(world, o, o.signedAt + rand.between(10 * MINUTE, DAY));
            if (rand.chance(0.3)) {
                world.review(
                        o.id,
                        o.shop,
                        o.buyer.id,
                        5,
                        o.completedAt + rand.between(5 * MINUTE, DAY),
                        BackgroundTraffic.poolHash(rand.nextInt(2_000_000)),
                        o.deviceId,
                        o.ip);
            }
        }
        Span span = world.stopCapture();

        Set<String> related = new LinkedHashSet<>();
        shops.forEach(s -> related.add(s.id));
        orders.forEach(o -> related.add(o.buyer.id));
        return Steps.episode(
                Steps.variantId(kind(), VARIANT, index),
                kind(),
                "COURIER",
                courier,
                orders,
                related,
                span);
    }
}
