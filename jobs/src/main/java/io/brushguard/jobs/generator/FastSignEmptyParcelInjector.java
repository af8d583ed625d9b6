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
 * Camouflaged empty parcels, signed impossibly fast: as {@link EmptyParcelInjector}, but the
 * empty-parcel service now fakes one transit scan. Each of the 6-14 waybills (buyers in other
 * cities than the shop) goes CREATED, PICKED_UP at the shop's city with a plausible declared
 * weight, one IN_TRANSIT at the city's sorting centre, then SIGNED in the buyer's city 1-2 hours
 * after pickup, however far away that is; pickup and signature by one courier.
 *
 * <p>Label: entity = the shop; order_ids = the orders; related_ids = the buyers and the courier.
 */
final class FastSignEmptyParcelInjector implements EpisodeInjector {

    static final String VARIANT = "fast-sign";

    @Override
    public String kind() {
        return AlertKind.EMPTY_PARCEL.name();
    }

    @Override
    public Episode inject(World world, int index, Rand rand) {
        Shop shop = world.reserveShop(rand, 0.05, 1.0);
        long window = world.end - world.start;
        long t0 = world.start + rand.between(HOUR, Math.max(HOUR, window - 8 * HOUR));
        long spread = rand.between(HOUR, 6 * HOUR);
        Set<String> used = new HashSet<>();
        List<OrderRecord> orders = new ArrayList<>();
        for (int i = rand.between(6, 14); i > 0; i--) {
            Buyer b = null;
            for (int attempt = 0; attempt < 20; attempt++) {
                b =
                        rand.chance(0.5)
                                ? world.newAccount(
                                        rand,
                                        world.geo.buyerCity(rand),
                                        t0 - rand.between(HOUR, 30 * DAY))
                                : Steps.hiredAccount(world, rand, t0, used);
                if (world.geo.distance(shop.city, b.city) > 0) {
                    break;
                }
            }
            Shop.Item item = shop.drawItem(rand);
            orders.add(
                    Steps.order(
                            world,
                            shop,
                            b,
                            item,
                            t0 + rand.between(0, spread),
                            b.devices.get(0),
                            rand.chance(0.6) ? b.homeIp : world.geo.mobileIp(rand, b.city),
                            b.homeAddress()));
        }
        orders.sort(Comparator.comparingLong(o -> o.createdAt));

        world.startCapture();
        long lastPaid = 0;
        for (OrderRecord o : orders) {
            Steps.created(world, o);
            Steps.pay(world, rand, o, o.buyer.id, o.buyer.paymentMethod, 20 * SECOND, 10 * MINUTE);
            lastPaid = Math.max(lastPaid, o.paidAt);
        }
        Carrier carrier = rand.chance(0.5) ? shop.primaryCarrier : rand.pick(world.carriers);
        String courier = carrier.anyCourier(rand, shop.city);
        long label = lastPaid + rand.between(30 * MINUTE, 4 * HOUR);
        for (OrderRecord o : orders) {
            label += rand.between(MINUTE, 15 * MINUTE);
            String waybill = carrier.newWaybill(world.ids);
            Steps.ship(world, rand, o, carrier, waybill, label);
            long t = o.shippedAt + rand.between(MINUTE, 30 * MINUTE);
            world.scan(
                    waybill,
                    o,
                    carrier,
                    courier,
                    ScanType.PICKED_UP,
                    t,
                    shop.city,
                    Delivery.packedWeight(rand, o));
            long pickedUp = t;
            t += rand.between(15 * MINUTE, 45 * MINUTE);
            world.scan(
                    waybill,
                    o,
                    carrier,
                    null,
                    ScanType.IN_TRANSIT,
                    t,
                    shop.city + "-DC" + rand.between(1, 2),
                    null);
            o.signedAt = Math.max(t + 20 * MINUTE, pickedUp + rand.between(HOUR, 2 * HOUR));
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
            if (rand.chance(0.4)) {
                world.review(
                        o.id,
                        shop,
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
        orders.forEach(o -> related.add(o.buyer.id));
        related.add(courier);
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
