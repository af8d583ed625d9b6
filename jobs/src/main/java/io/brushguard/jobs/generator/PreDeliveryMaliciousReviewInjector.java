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
 * Camouflaged malicious reviews with real purchases: 3-6 new accounts buy the victim's cheapest
 * item within a few hours, so each has a paid order there, and post a 1-star review on it while the
 * parcel is still travelling (after pickup, before it is signed). They share one or two phones or a
 * proxy IP. About 40% then refuse the parcel (RETURNED, refunded days later); the rest are signed
 * and completed automatically ten days after shipping.
 *
 * <p>Label: entity = the victim shop; order_ids = the accounts' orders; related_ids = the accounts
 * and the shared devices.
 */
final class PreDeliveryMaliciousReviewInjector implements EpisodeInjector {

    static final String VARIANT = "pre-delivery";

    @Override
    public String kind() {
        return AlertKind.MALICIOUS_REVIEW.name();
    }

    @Override
    public Episode inject(World world, int index, Rand rand) {
        Shop victim = world.reserveShop(rand, 0.0, 0.15, s -> s.quality != Shop.Quality.POOR);
        long window = world.end - world.start;
        long t0 = world.start + rand.between(HOUR, Math.max(HOUR, window - 10 * HOUR));
        Shop.Item cheapest =
                victim.items.stream().min(Comparator.comparingLong(Shop.Item::priceMinor)).get();

        List<String> devices = new ArrayList<>();
        if (rand.chance(0.6)) {
            for (int i = rand.between(1, 2); i > 0; i--) {
                devices.add(world.ids.hex("dv", 16));
            }
        }
        String proxy = devices.isEmpty() || rand.chance(0.5) ? world.geo.proxyIp(rand) : null;
        List<Buyer> accounts = new ArrayList<>();
        List<OrderRecord> orders = new ArrayList<>();
        for (int i = rand.between(3, 6); i > 0; i--) {
            long t = t0 + rand.between(0, 8 * HOUR);
            Buyer b =
                    world.newAccount(
                            rand, world.geo.buyerCity(rand), t - rand.between(2 * HOUR, 15 * DAY));
            accounts.add(b);
            orders.add(
                    Steps.order(
                            world,
                            victim,
                            b,
                            cheapest,
                            t,
                            devices.isEmpty() ? b.devices.get(0) : rand.pick(devices),
                            proxy != null ? proxy : world.geo.mobileIp(rand, b.city),
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
            boolean refuse = rand.chance(0.4);
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
                            refuse);
            long arrived = refuse ? out.returnedAt() : out.signedAt();
            long latest = arrived - 10 * MINUTE;
            long reviewAt = out.pickedUpAt() + rand.between(30 * MINUTE, 6 * HOUR);
            if (reviewAt >= latest) {
                reviewAt = out.pickedUpAt() + (latest - out.pickedUpAt()) / 2;
            }
            world.review(
                    o.id,
                    victim,
                    o.buyer.id,
                    1,
                    reviewAt,
                    Steps.text(rand, texts, 0.7),
                    o.deviceId,
                    o.ip);
            if (refuse) {
                Steps.refund(
                        world,
                        rand,
                        o,
                        paymentId,
                        o.buyer.id,
                        "wallet",
                        out.returnedAt() + rand.between(DAY, 3 * DAY));
            } else {
                o.signedAt = out.signedAt();
                Steps.complete(
                        world,
                        o,
                        Math.max(o.signedAt + HOUR, o.shippedAt + 10 * DAY)
                                + rand.between(0, 6 * HOUR));
            }
        }
        Span span = world.stopCapture();

        Set<String> related = new LinkedHashSet<>();
        accounts.forEach(b -> related.add(b.id));
        related.addAll(devices);
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
