package io.brushguard.jobs.generator;

import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.ScanType;
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
 * Brushing to inflate a shop's credit (刷单炒信): a small or mid-sized shop hires a ring of 3-6
 * accounts (often freshly registered, all in one city) that place many orders on it within about an
 * hour, at least 3 each, for one or two target items. The ring shares at least one of: a device
 * (phone farm), an IP (proxy or one flat), a shipping address (a collection point), a payer (the
 * organiser pays). The shop ships them all in a batch soon after, usually as a near-empty envelope
 * (10-80 g) that nevertheless travels with normal transit scans; each buyer confirms receipt soon
 * after signing and leaves a 5-star review, mostly with one of the ring's copy-paste texts.
 *
 * <p>Label: entity = the shop; order_ids = the ring's orders; related_ids = the ring accounts, the
 * shared devices and an outside payer.
 */
final class BrushingInjector implements EpisodeInjector {

    @Override
    public String kind() {
        return AlertKind.BRUSHING.name();
    }

    @Override
    public Episode inject(World world, int index, Rand rand) {
        Shop shop = world.reserveShop(rand, 0.1, 1.0);
        long window = world.end - world.start;
        long t0 = world.start + rand.between(HOUR, Math.max(HOUR, window - 3 * HOUR));
        String city = world.geo.buyerCity(rand);

        boolean shareDevice = rand.chance(0.5);
        boolean shareIp = rand.chance(0.5);
        boolean shareAddress = rand.chance(0.5);
        boolean sharePayer = rand.chance(0.4);
        if (!shareDevice && !shareIp && !shareAddress && !sharePayer) {
            switch (rand.nextInt(4)) {
                case 0 -> shareDevice = true;
                case 1 -> shareIp = true;
                case 2 -> shareAddress = true;
                default -> sharePayer = true;
            }
        }

        int size = rand.between(3, 6);
        List<Buyer> ring = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            long registered =
                    rand.chance(0.65)
                            ? t0 - rand.between(HOUR, 14 * DAY)
                            : t0 - rand.between(60 * DAY, 900 * DAY);
            ring.add(world.newAccount(rand, city, registered));
        }
        List<String> sharedDevices = new ArrayList<>();
        if (shareDevice) {
            for (int i = rand.between(1, 2); i > 0; i--) {
                sharedDevices.add(world.ids.hex("dv", 16));
            }
        }
        String sharedIp =
                !shareIp
                        ? null
                        : rand.chance(0.5) ? world.geo.proxyIp(rand) : world.geo.homeIp(rand, city);
        String sharedAddress = shareAddress ? world.ids.hex("ad", 16) : null;
        Buyer outsidePayer = null;
        if (sharePayer && rand.chance(0.5)) {
            outsidePayer = world.newAccount(rand, city, t0 - rand.between(30 * DAY, 700 * DAY));
        }
        Buyer payer = !sharePayer ? null : outsidePayer != null ? outsidePayer : ring.get(0);

        List<Shop.Item> targets = rand.sample(shop.items, rand.between(1, 2));
        long duration = rand.between(35 * MINUTE, 70 * MINUTE);
        List<OrderRecord> orders = new ArrayList<>();
        for (Buyer member : ring) {
            for (int k = rand.between(3, 6); k > 0; k--) {
                long t = t0 + rand.between(0, duration);
                Shop.Item item = rand.pick(targets);
                orders.add(
                        world.newOrder(
                                shop,
                                member,
                                item,
                                1,
                                item.priceMinor(),
                                t,
                                shareDevice ? rand.pick(sharedDevices) : member.devices.get(0),
                                sharedIp != null ? sharedIp : member.homeIp,
                                sharedAddress != null ? sharedAddress : member.homeAddress(),
                                false));
            }
        }
        orders.sort(Comparator.comparingLong(o -> o.createdAt));

        world.startCapture();
        long lastPaid = 0;
        for (OrderRecord o : orders) {
            world.order(o, OrderStatus.CREATED, o.createdAt);
            Buyer pays = payer != null ? payer : o.buyer;
            long paid = o.createdAt + rand.between(10 * SECOND, 90 * SECOND);
            String paymentId = world.ids.digits("pay", 16);
            world.payment(paymentId, o, PaymentStatus.PAID, paid, pays.id, "wallet");
            o.paidAt = paid + rand.between(300, 3000);
            world.order(o, OrderStatus.PAID, o.paidAt);
            lastPaid = Math.max(lastPaid, o.paidAt);
        }

        boolean light = rand.chance(0.7);
        List<String> ringTexts =
                List.of(
                        BackgroundTraffic.poolHash(rand.nextInt(2_000_000)),
                        BackgroundTraffic.poolHash(rand.nextInt(2_000_000)));
        Carrier carrier = shop.primaryCarrier;
        long label = lastPaid + rand.between(30 * MINUTE, 3 * HOUR);
        for (OrderRecord o : orders) {
            label += rand.between(30 * SECOND, 2 * MINUTE);
            String waybill = carrier.newWaybill(world.ids);
            world.scan(waybill, o, carrier, null, ScanType.CREATED, label, shop.city, null);
            o.shippedAt = label + rand.between(5 * SECOND, 60 * SECOND);
            world.order(o, OrderStatus.SHIPPED, o.shippedAt);
            int weight = light ? rand.between(10, 80) : Delivery.packedWeight(rand, o);
            Delivery.Outcome outcome =
                    Delivery.deliver(world, rand, o, waybill, carrier, label, HOUR, weight, false);
            o.signedAt = outcome.signedAt();
            // Nobody waits for a parcel that holds nothing: confirm at once.
            o.completedAt = o.signedAt + rand.between(5 * MINUTE, 3 * HOUR);
            world.order(o, OrderStatus.COMPLETED, o.completedAt);
            if (rand.chance(0.9)) {
                String text =
                        rand.chance(0.65)
                                ? rand.pick(ringTexts)
                                : BackgroundTraffic.poolHash(rand.nextInt(2_000_000));
                world.review(
                        o.id,
                        shop,
                        o.buyer.id,
                        5,
                        o.completedAt + rand.between(2 * MINUTE, 6 * HOUR),
                        text,
                        o.deviceId,
                        o.ip);
            }
        }
        Span span = world.stopCapture();

        Set<String> related = new LinkedHashSet<>();
        ring.forEach(b -> related.add(b.id));
        related.addAll(sharedDevices);
        if (outsidePayer != null) {
            related.add(outsidePayer.id);
        }
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
