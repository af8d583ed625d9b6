package io.brushguard.jobs.generator;

import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentStatus;
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
 * Empty-parcel shipping (空包裹代发): a shop fakes the logistics record of 5-20 orders, placed over a
 * few hours by different accounts (one order each, half of them new), by buying waybills from an
 * empty-parcel service and shipping them in one batch over the next hour or two. Each waybill goes
 * CREATED, usually PICKED_UP with a weight of 5-40 g, then straight to SIGNED within hours, with no
 * IN_TRANSIT and no OUT_FOR_DELIVERY scan, all scanned by one courier of one carrier and "signed"
 * in the buyer's city however far it is. The orders are confirmed soon after and some get a 5-star
 * review.
 *
 * <p>Label: entity = the shop; order_ids = the orders with fake waybills; related_ids = the buyers
 * and the courier.
 */
final class EmptyParcelInjector implements EpisodeInjector {

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
        int n = rand.between(5, 20);

        Set<String> used = new HashSet<>();
        List<OrderRecord> orders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = t0 + rand.between(0, spread);
            Buyer b;
            if (rand.chance(0.5)) {
                b =
                        world.newAccount(
                                rand, world.geo.buyerCity(rand), t0 - rand.between(HOUR, 30 * DAY));
            } else {
                do {
                    b = world.drawBuyer(rand, t0); // hired real accounts, one order each
                } while (used.contains(b.id));
            }
            used.add(b.id);
            Shop.Item item = shop.drawItem(rand);
            String ip = rand.chance(0.6) ? b.homeIp : world.geo.mobileIp(rand, b.city);
            orders.add(
                    world.newOrder(
                            shop,
                            b,
                            item,
                            1,
                            item.priceMinor(),
                            t,
                            b.devices.get(0),
                            ip,
                            b.homeAddress(),
                            false));
        }
        orders.sort(Comparator.comparingLong(o -> o.createdAt));

        world.startCapture();
        long lastPaid = 0;
        for (OrderRecord o : orders) {
            world.order(o, OrderStatus.CREATED, o.createdAt);
            long paid = o.createdAt + rand.between(20 * SECOND, 10 * MINUTE);
            world.payment(
                    world.ids.digits("pay", 16),
                    o,
                    PaymentStatus.PAID,
                    paid,
                    o.buyer.id,
                    o.buyer.paymentMethod);
            o.paidAt = paid + rand.between(300, 3000);
            world.order(o, OrderStatus.PAID, o.paidAt);
            lastPaid = Math.max(lastPaid, o.paidAt);
        }

        Carrier carrier = rand.chance(0.5) ? shop.primaryCarrier : rand.pick(world.carriers);
        String courier = carrier.anyCourier(rand, shop.city);
        long label = lastPaid + rand.between(30 * MINUTE, 4 * HOUR);
        for (OrderRecord o : orders) {
            label += rand.between(MINUTE, 15 * MINUTE);
            String waybill = carrier.newWaybill(world.ids);
            world.scan(waybill, o, carrier, null, ScanType.CREATED, label, shop.city, null);
            o.shippedAt = label + rand.between(5 * SECOND, 60 * SECOND);
            world.order(o, OrderStatus.SHIPPED, o.shippedAt);
            long last = o.shippedAt;
            if (rand.chance(0.8)) {
                last = o.shippedAt + rand.between(MINUTE, 30 * MINUTE);
                world.scan(
                        waybill,
                        o,
                        carrier,
                        courier,
                        ScanType.PICKED_UP,
                        last,
                        shop.city,
                        rand.between(5, 40));
            }
            o.signedAt = last + rand.between(HOUR, 8 * HOUR);
            world.scan(
                    waybill,
                    o,
                    carrier,
                    courier,
                    ScanType.SIGNED,
                    o.signedAt,
                    o.destinationCity(),
                    null);
            o.completedAt = o.signedAt + rand.between(10 * MINUTE, 2 * DAY);
            world.order(o, OrderStatus.COMPLETED, o.completedAt);
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
        return new Episode(
                EpisodeInjector.episodeId(kind(), index),
                kind(),
                "SHOP",
                shop.id,
                orders.stream().map(o -> o.id).toList(),
                List.copyOf(related),
                span.start(),
                span.end());
    }
}
