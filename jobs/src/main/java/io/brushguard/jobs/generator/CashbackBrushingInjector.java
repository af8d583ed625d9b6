package io.brushguard.jobs.generator;

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
 * Cash-back brushing (返现刷单): a shop recruits 6-10 people online who open new accounts (hours to
 * days old), each in their own city with their own phone, network, address and wallet. Each buys
 * once (sometimes twice, hours apart) over a day or two, receives a real parcel, confirms receipt
 * soon after signing, and within minutes leaves a 5-star review, usually pasting the shop's
 * template text. Then the shop refunds the whole price (仅退款) 10 minutes to 3 hours after the
 * review: the "purchase" cost the brusher nothing.
 *
 * <p>Label: entity = the shop; order_ids = the orders; related_ids = the accounts.
 */
final class CashbackBrushingInjector implements EpisodeInjector {

    static final String VARIANT = "cashback";

    @Override
    public String kind() {
        return AlertKind.BRUSHING.name();
    }

    @Override
    public Episode inject(World world, int index, Rand rand) {
        Shop shop = world.reserveShop(rand, 0.1, 1.0);
        long first = world.start + rand.between(HOUR, 8 * HOUR);
        long last = Math.max(first + HOUR, world.end - 3 * HOUR);
        List<Shop.Item> targets = rand.sample(shop.items, rand.between(1, 2));

        List<Buyer> accounts = new ArrayList<>();
        List<OrderRecord> orders = new ArrayList<>();
        for (int i = rand.between(6, 10); i > 0; i--) {
            long t = rand.between(first, last);
            Buyer b =
                    world.newAccount(
                            rand, world.geo.buyerCity(rand), t - rand.between(2 * HOUR, 5 * DAY));
            accounts.add(b);
            int n = rand.chance(0.2) ? 2 : 1;
            for (int k = 0; k < n; k++) {
                if (k > 0) {
                    t += rand.between(3 * HOUR, 10 * HOUR);
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
                                world.geo.mobileIp(rand, b.city),
                                b.homeAddress()));
            }
        }
        orders.sort(Comparator.comparingLong(o -> o.createdAt));

        List<String> template = Steps.templates(rand, 2);
        world.startCapture();
        for (OrderRecord o : orders) {
            Steps.created(world, o);
            String paymentId =
                    Steps.pay(world, rand, o, o.buyer.id, "wallet", 15 * SECOND, 4 * MINUTE);
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
            Steps.complete(world, o, o.signedAt + rand.between(5 * MINUTE, 60 * MINUTE));
            long reviewed = o.completedAt + rand.between(2 * MINUTE, 20 * MINUTE);
            world.review(
                    o.id,
                    shop,
                    o.buyer.id,
                    5,
                    reviewed,
                    Steps.text(rand, template, 0.75),
                    o.deviceId,
                    o.ip);
            Steps.refund(
                    world,
                    rand,
                    o,
                    paymentId,
                    o.buyer.id,
                    "wallet",
                    reviewed + rand.between(10 * MINUTE, 3 * HOUR));
        }
        Span span = world.stopCapture();

        Set<String> related = new LinkedHashSet<>();
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
