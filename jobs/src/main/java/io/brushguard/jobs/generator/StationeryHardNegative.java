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
 * Hard negative resembling empty parcels by weight: a stationery shop (stickers, washi tape, pens)
 * whose parcels are padded envelopes of 12-45 g, far below most categories but normal for its own.
 * Every parcel travels with the full set of scans in normal time.
 */
final class StationeryHardNegative implements HardNegativeInjector {

    @Override
    public String name() {
        return "stationery";
    }

    @Override
    public String resembles() {
        return AlertKind.EMPTY_PARCEL.name();
    }

    @Override
    public GeneratedData.HardNegative inject(World world, int index, Rand rand) {
        List<Shop.Item> items = new ArrayList<>();
        for (int k = rand.between(4, 8); k > 0; k--) {
            items.add(
                    new Shop.Item(
                            world.ids.digits("it", 11),
                            Category.STATIONERY.drawPriceMinor(rand) / 5 + 190,
                            rand.between(5, 20)));
        }
        Shop shop =
                world.addShop(
                        Category.STATIONERY, world.geo.shopCity(rand), Shop.Quality.GOOD, items);
        Set<String> used = new HashSet<>();
        List<String> orderIds = new ArrayList<>();
        for (int i = rand.between(12, 20); i > 0; i--) {
            long t = rand.between(world.start + HOUR, world.end - HOUR);
            Buyer b = Steps.honestBuyer(world, rand, t, 30 * DAY, null, used);
            if (b == null) {
                continue;
            }
            Shop.Item item = shop.drawItem(rand);
            int quantity = rand.chance(0.4) ? rand.between(2, 3) : 1;
            OrderRecord o =
                    world.newOrder(
                            shop,
                            b,
                            item,
                            quantity,
                            item.priceMinor() * quantity + 600,
                            t,
                            b.devices.get(0),
                            rand.chance(0.6) ? b.homeIp : world.geo.mobileIp(rand, b.city),
                            b.homeAddress(),
                            true);
            Steps.created(world, o);
            Steps.pay(world, rand, o, b.id, b.paymentMethod, 5 * SECOND, 10 * MINUTE);
            long label = Steps.usualLabelTime(rand, o);
            Carrier carrier = shop.drawCarrier(rand);
            String waybill = carrier.newWaybill(world.ids);
            Steps.ship(world, rand, o, carrier, waybill, label);
            int weight =
                    (int)
                            Math.min(
                                    45,
                                    Math.max(
                                            12,
                                            Math.round(
                                                    item.weightGrams() * quantity * 1.1
                                                            + rand.between(4, 9))));
            Delivery.Outcome out =
                    Delivery.deliver(
                            world, rand, o, waybill, carrier, label, 3 * HOUR, weight, false);
            o.signedAt = out.signedAt();
            Steps.complete(
                    world,
                    o,
                    World.awake(
                            o.signedAt + rand.durationMs(8 * HOUR, 1.2, 10 * MINUTE, 6 * DAY),
                            rand));
            if (rand.chance(0.35)) {
                world.review(
                        o.id,
                        shop,
                        b.id,
                        shop.quality.drawRating(rand),
                        World.awake(
                                o.completedAt + rand.durationMs(2 * HOUR, 1.5, MINUTE, 5 * DAY),
                                rand),
                        BackgroundTraffic.poolHash(rand.nextInt(2_000_000)),
                        o.deviceId,
                        o.ip);
            }
            orderIds.add(o.id);
        }
        return new GeneratedData.HardNegative(
                id(index),
                resembles(),
                "SHOP",
                shop.id,
                orderIds,
                "stationery shop: stickers and washi tape in 12-45 g envelopes, full transit scans");
    }
}
