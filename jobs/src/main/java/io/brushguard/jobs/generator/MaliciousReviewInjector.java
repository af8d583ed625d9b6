package io.brushguard.jobs.generator;

import io.brushguard.patterns.model.AlertKind;
import io.brushguard.patterns.quality.Episode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.brushguard.jobs.generator.World.DAY;
import static io.brushguard.jobs.generator.World.HOUR;

/**
 * Malicious reviews to push a rival down (恶意差评, 降信): a burst of 6-15 one- or two-star reviews on
 * one victim shop (one of the 15% most popular, not a poorly rated one) within 1-4 hours, written
 * by 3-15 accounts that never completed an order at that shop. Most reviews are not tied to any
 * order; the others quote a completed order of some other, honest buyer. The accounts are often new
 * and often share a few devices and proxy IPs, and reuse a few texts.
 *
 * <p>The burst is placed two days or more into the recording, when the victim has completed orders
 * to quote and honest reviews of its own.
 *
 * <p>Label: entity = the victim shop; order_ids = the honest orders the reviews quote (possibly
 * none); related_ids = the reviewer accounts and the shared devices.
 */
final class MaliciousReviewInjector implements EpisodeInjector {

    @Override
    public String kind() {
        return AlertKind.MALICIOUS_REVIEW.name();
    }

    @Override
    public Episode inject(World world, int index, Rand rand) {
        Shop victim = world.reserveShop(rand, 0.0, 0.15, s -> s.quality != Shop.Quality.POOR);
        long t0 = world.start + rand.between(2 * DAY, world.config.days() * DAY + 3 * DAY);
        long duration = rand.between(HOUR, 4 * HOUR);
        int n = rand.between(6, 15);
        int accounts = rand.between(Math.max(3, (n + 1) / 2), n);

        List<OrderRecord> victimOrders =
                world.backgroundOrdersByShop.getOrDefault(victim.id, List.of());
        Set<String> completedHere = new HashSet<>();
        List<OrderRecord> quotable = new ArrayList<>();
        for (OrderRecord o : victimOrders) {
            if (o.completedAt >= 0) {
                completedHere.add(o.buyer.id);
                if (o.completedAt < t0) {
                    quotable.add(o);
                }
            }
        }

        List<Buyer> attackers = new ArrayList<>();
        Set<String> chosen = new HashSet<>();
        while (attackers.size() < accounts) {
            Buyer b;
            if (rand.chance(0.6)) {
                b =
                        world.newAccount(
                                rand, world.geo.buyerCity(rand), t0 - rand.between(HOUR, 20 * DAY));
            } else {
                b = world.drawBuyer(rand, t0);
                if (completedHere.contains(b.id) || !chosen.add(b.id)) {
                    continue;
                }
            }
            attackers.add(b);
        }

        List<String> sharedDevices = new ArrayList<>();
        if (rand.chance(0.7)) {
            for (int i = rand.between(1, 3); i > 0; i--) {
                sharedDevices.add(world.ids.hex("dv", 16));
            }
        }
        List<String> sharedIps = new ArrayList<>();
        if (rand.chance(0.6)) {
            for (int i = rand.between(1, 2); i > 0; i--) {
                sharedIps.add(world.geo.proxyIp(rand));
            }
        }
        List<String> texts = new ArrayList<>();
        for (int i = rand.between(2, 3); i > 0; i--) {
            texts.add(BackgroundTraffic.poolHash(rand.nextInt(2_000_000)));
        }

        List<Long> times = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            times.add(t0 + rand.between(0, duration));
        }
        times.sort(null);

        Set<String> quoted = new LinkedHashSet<>();
        world.startCapture();
        for (int k = 0; k < n; k++) {
            Buyer reviewer = k < attackers.size() ? attackers.get(k) : rand.pick(attackers);
            String orderId = null;
            if (!quotable.isEmpty() && rand.chance(0.4)) {
                orderId = rand.pick(quotable).id;
                quoted.add(orderId);
            }
            world.review(
                    orderId,
                    victim,
                    reviewer.id,
                    rand.chance(0.85) ? 1 : 2,
                    times.get(k),
                    rand.chance(0.7)
                            ? rand.pick(texts)
                            : BackgroundTraffic.poolHash(rand.nextInt(2_000_000)),
                    sharedDevices.isEmpty() ? reviewer.devices.get(0) : rand.pick(sharedDevices),
                    sharedIps.isEmpty()
                            ? world.geo.mobileIp(rand, reviewer.city)
                            : rand.pick(sharedIps));
        }
        Span span = world.stopCapture();

        Set<String> related = new LinkedHashSet<>();
        attackers.forEach(b -> related.add(b.id));
        related.addAll(sharedDevices);
        return new Episode(
                EpisodeInjector.episodeId(kind(), index),
                kind(),
                "SHOP",
                victim.id,
                List.copyOf(quoted),
                List.copyOf(related),
                span.start(),
                span.end());
    }
}
