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
 * Camouflaged empty parcels by waybill reuse (一单多用): a shop marks 9-15 orders of different accounts
 * as shipped, but enters only 2-4 real tracking numbers, each for 3-5 orders. Each number belongs
 * to one genuine parcel that travels with every normal scan to one of those buyers; the platform
 * attaches that parcel's track to every order carrying the number, so the other orders show a
 * parcel "signed" in somebody else's city.
 *
 * <p>Label: entity = the shop; order_ids = the orders; related_ids = the buyers.
 */
final class WaybillReuseEmptyParcelInjector implements EpisodeInjector {

    static final String VARIANT = "waybill-reuse";

    @Override
    public String kind() {
        return AlertKind.EMPTY_PARCEL.name();
    }

    /** One scan of the shared parcel, replayed for every order carrying the waybill. */
    private record Scan(ScanType type, long t, String location, String courier, Integer weight) {}

    @Override
    public Episode inject(World world, int index, Rand rand) {
        Shop shop = world.reserveShop(rand, 0.05, 1.0);
        long window = world.end - world.start;
        long t0 = world.start + rand.between(HOUR, Math.max(HOUR, window - 8 * HOUR));
        long spread = rand.between(HOUR, 5 * HOUR);
        Set<String> used = new HashSet<>();
        List<OrderRecord> orders = new ArrayList<>();
        for (int i = rand.between(9, 15); i > 0; i--) {
            Buyer b =
                    rand.chance(0.5)
                            ? world.newAccount(
                                    rand,
                                    world.geo.buyerCity(rand),
                                    t0 - rand.between(HOUR, 30 * DAY))
                            : Steps.hiredAccount(world, rand, t0, used);
            orders.add(
                    Steps.order(
                            world,
                            shop,
                            b,
                            shop.drawItem(rand),
                            t0 + rand.between(0, spread),
                            b.devices.get(0),
                            rand.chance(0.6) ? b.homeIp : world.geo.mobileIp(rand, b.city),
                            b.homeAddress()));
        }
        orders.sort(Comparator.comparingLong(o -> o.createdAt));
        int waybills = Math.max(2, orders.size() / rand.between(3, 5));
        List<List<OrderRecord>> groups = new ArrayList<>();
        for (int g = 0; g < waybills; g++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < orders.size(); i++) {
            groups.get(i % waybills).add(orders.get(i));
        }

        world.startCapture();
        long lastPaid = 0;
        for (OrderRecord o : orders) {
            Steps.created(world, o);
            Steps.pay(world, rand, o, o.buyer.id, o.buyer.paymentMethod, 20 * SECOND, 10 * MINUTE);
            lastPaid = Math.max(lastPaid, o.paidAt);
        }
        Carrier carrier = shop.primaryCarrier;
        long label = lastPaid + rand.between(30 * MINUTE, 3 * HOUR);
        for (List<OrderRecord> group : groups) {
            String waybill = carrier.newWaybill(world.ids);
            long lastShipped = 0;
            for (OrderRecord o : group) {
                label += rand.between(MINUTE, 10 * MINUTE);
                Steps.ship(world, rand, o, carrier, waybill, label);
                lastShipped = Math.max(lastShipped, o.shippedAt);
            }
            List<Scan> track = track(world, rand, group.get(0), carrier, lastShipped);
            for (OrderRecord o : group) {
                for (Scan s : track) {
                    world.scan(waybill, o, carrier, s.courier, s.type, s.t, s.location, s.weight);
                }
                o.signedAt = track.get(track.size() - 1).t;
                Steps.complete(
                        world,
                        o,
                        World.awake(
                                o.signedAt + rand.durationMs(4 * HOUR, 1.0, 10 * MINUTE, 2 * DAY),
                                rand));
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
        }
        Span span = world.stopCapture();

        Set<String> related = new LinkedHashSet<>();
        orders.forEach(o -> related.add(o.buyer.id));
        return Steps.episode(
                Steps.variantId(kind(), VARIANT, index),
                kind(),
                "SHOP",
                shop.id,
                orders,
                related,
                span);
    }

    /** The genuine parcel's journey to the buyer of {@code o}, as {@link Delivery} runs it. */
    private static List<Scan> track(
            World world, Rand rand, OrderRecord o, Carrier carrier, long shipped) {
        List<Scan> scans = new ArrayList<>();
        String from = o.shop.city;
        String to = o.destinationCity();
        long t =
                World.withinHours(
                        shipped + rand.durationMs(2 * HOUR, 0.7, 20 * MINUTE, 30 * HOUR),
                        9,
                        20,
                        rand);
        scans.add(
                new Scan(
                        ScanType.PICKED_UP,
                        t,
                        from,
                        carrier.courierFor(from, o.shop.id),
                        Delivery.packedWeight(rand, o)));
        List<String> depots = world.geo.route(rand, from, to);
        boolean far = world.geo.distance(from, to) == 2;
        for (int i = 0; i < depots.size(); i++) {
            long hop =
                    i == 0
                            ? rand.durationMs(3 * HOUR, 0.5, 30 * MINUTE, 12 * HOUR)
                            : rand.durationMs((far ? 14 : 8) * HOUR, 0.4, 3 * HOUR, 40 * HOUR);
            t += Math.round(hop * carrier.speed);
            scans.add(new Scan(ScanType.IN_TRANSIT, t, depots.get(i), null, null));
        }
        String courier = carrier.courierFor(to, o.addressId);
        t =
                World.withinHours(
                        t + rand.durationMs(2 * HOUR, 0.5, 30 * MINUTE, 8 * HOUR), 8, 18, rand);
        scans.add(new Scan(ScanType.OUT_FOR_DELIVERY, t, to, courier, null));
        t += rand.durationMs(150 * MINUTE, 0.6, 10 * MINUTE, 10 * HOUR);
        scans.add(new Scan(ScanType.SIGNED, t, to, courier, null));
        return scans;
    }
}
