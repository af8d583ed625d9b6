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
 * Extortion by bad review (职业差评师): 2-4 professional accounts (weeks to months old, often on one
 * phone or one network) each buy a cheap item from a well-rated shop within half a day, receive it,
 * confirm, and within hours post a 1-star review on the order; the shop pays them off with a full
 * refund 1-12 hours after the review.
 *
 * <p>Label: entity = the victim shop; order_ids = the orders; related_ids = the accounts and the
 * shared device.
 */
final class ExtortionMaliciousReviewInjector implements EpisodeInjector {

    static final String VARIANT = "extortion";

    @Override
    public String kind() {
        return AlertKind.MALICIOUS_REVIEW.name();
    }

    @Override
    public Episode inject(World world, int index, Rand rand) {
        Shop victim = world.reserveShop(rand, 0.0, 0.5, s -> s.quality != Shop.Quality.POOR);
        long window = world.end - world.start;
        long t0 = world.start + rand.between(HOUR, Math.max(HOUR, window - 14 * HOUR));
        List<Shop.Item> cheap = new ArrayList<>(victim.items);
        cheap.sort(Comparator.comparingLong(Shop.Item::priceMinor));
        cheap = cheap.subList(0, Math.min(3, cheap.size()));
        String city = world.geo.buyerCity(rand);
        String device = rand.chance(0.6) ? world.ids.hex("dv", 16) : null;
        String ip = device == null || rand.chance(0.5) ? world.geo.homeIp(rand, city) : null;

        List<Buyer> accounts = new ArrayList<>();
        List<OrderRecord> orders = new ArrayList<>();
        for (int i = rand.between(2, 4); i > 0; i--) {
            long t = t0 + rand.between(0, 12 * HOUR);
            Buyer b = world.newAccount(rand, city, t - rand.between(10 * DAY, 120 * DAY));
            accounts.add(b);
            orders.add(
                    Steps.order(
                            world,
                            victim,
                            b,
                            rand.pick(cheap),
                            t,
                            device != null ? device : b.devices.get(0),
                            ip != null ? ip : world.geo.mobileIp(rand, city),
                            b.homeAddress()));
        }
        orders.sort(Comparator.comparingLong(o -> o.createdAt));
        List<String> texts = Steps.templates(rand, 2);

        world.startCapture();
        for (OrderRecord o : orders) {
            Steps.created(world, o);
            String paymentId =
                    Steps.pay(world, rand, o, o.buyer.id, "wallet", 15 * SECOND, 5 * MINUTE);
            long label = Steps.usualLabelTime(rand, o);
            Carrier carrier = victim.drawCarrier(rand);
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
            Steps.complete(world, o, o.signedAt + rand.between(10 * MINUTE, 3 * HOUR));
            long reviewAt = o.completedAt + rand.between(20 * MINUTE, 6 * HOUR);
            world.review(
                    o.id,
                    victim,
                    o.buyer.id,
                    1,
                    reviewAt,
                    Steps.text(rand, texts, 0.6),
                    o.deviceId,
                    o.ip);
            Steps.refund(
                    world,
                    rand,
                    o,
                    paymentId,
                    o.buyer.id,
                    "wallet",
                    reviewAt + rand.between(HOUR, 12 * HOUR));
        }
        Span span = world.stopCapture();

        Set<String> related = new LinkedHashSet<>();
        accounts.forEach(b -> related.add(b.id));
        if (device != null) {
            related.add(device);
        }
        return Steps.episode(
                Steps.variantId(kind(), VARIANT, index),
                kind(),
                "SHOP",
                victim.id,
                orders,
                related,
                span);
    }
}
