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
 * Camouflaged empty parcels that really travel: a shop selling heavy goods (apparel, food, home,
 * books, sports, pets: nothing of theirs weighs under 150 g) sends 6-14 orders, one per account
 * over a few hours, as real envelopes with nothing in them. The waybills have every scan an honest
 * parcel has (pickup, transit, out for delivery, signed, in normal time), but the scale at pickup
 * reads 10-40 g.
 *
 * <p>Label: entity = the shop; order_ids = the orders; related_ids = the buyers.
 */
final class LightParcelEmptyParcelInjector implements EpisodeInjector {

    static final String VARIANT = "light-parcel";

    @Override
    public String kind() {
        return AlertKind.EMPTY_PARCEL.name();
    }

    @Override
    public Episode inject(World world, int index, Rand rand) {
        Shop shop = world.reserveShop(rand, 0.05, 1.0, s -> s.category.minWeightGrams >= 150);
        long window = world.end - world.start;
        long t0 = world.start + rand.between(HOUR, Math.max(HOUR, window - 12 * HOUR));
        long spread = rand.between(2 * HOUR, 10 * HOUR);
        Set<String> used = new HashSet<>();
        List<OrderRecord> orders = new ArrayList<>();
        for (int i = rand.between(6, 14); i > 0; i--) {
            Buyer b =
                    rand.chance(0.3)
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

        world.startCapture();
        for (OrderRecord o : orders) {
            Steps.created(world, o);
            Steps.pay(world, rand, o, o.buyer.id, o.buyer.paymentMethod, 20 * SECOND, 10 * MINUTE);
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
                            rand.between(10, 40),
                            false);
            o.signedAt = out.signedAt();
            Steps.complete(
                    world,
                    o,
                    World.awake(
                            o.signedAt + rand.durationMs(4 * HOUR, 1.0, 10 * MINUTE, 3 * DAY),
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
}
