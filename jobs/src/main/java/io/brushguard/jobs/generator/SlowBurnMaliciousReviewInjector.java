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
import static io.brushguard.jobs.generator.World.MINUTE;

/**
 * Camouflaged malicious reviews, spread out: 2-4 accounts without a completed order at the victim
 * (a popular, well-rated shop) post 6-10 one- or two-star reviews over a day or more, at least 95
 * minutes apart, so that no 6 hours hold 5 of them (under the burst threshold). They work from one
 * phone and one network (a shared device and a shared IP), and reuse a few texts. Some reviews
 * quote another, honest buyer's completed order; the rest are not tied to an order.
 *
 * <p>Label: entity = the victim shop; order_ids = the quoted orders; related_ids = the accounts and
 * the shared device.
 */
final class SlowBurnMaliciousReviewInjector implements EpisodeInjector {

    static final String VARIANT = "slow-burn";

    @Override
    public String kind() {
        return AlertKind.MALICIOUS_REVIEW.name();
    }

    @Override
    public Episode inject(World world, int index, Rand rand) {
        Shop victim = world.reserveShop(rand, 0.0, 0.15, s -> s.quality != Shop.Quality.POOR);
        long t0 = world.start + rand.between(2 * DAY, world.config.days() * DAY + 2 * DAY);

        Set<String> completedHere = new HashSet<>();
        List<OrderRecord> quotable = new ArrayList<>();
        for (OrderRecord o : world.backgroundOrdersByShop.getOrDefault(victim.id, List.of())) {
            if (o.completedAt >= 0) {
                completedHere.add(o.buyer.id);
                if (o.completedAt < t0) {
                    quotable.add(o);
                }
            }
        }
        Set<String> used = new HashSet<>(completedHere);
        String city = world.geo.buyerCity(rand);
        List<Buyer> accounts = new ArrayList<>();
        for (int i = rand.between(2, 4); i > 0; i--) {
            accounts.add(
                    rand.chance(0.5)
                            ? world.newAccount(rand, city, t0 - rand.between(HOUR, 20 * DAY))
                            : Steps.hiredAccount(world, rand, t0, used));
        }
        String device = world.ids.hex("dv", 16);
        String ip = rand.chance(0.5) ? world.geo.proxyIp(rand) : world.geo.homeIp(rand, city);
        List<String> texts = Steps.templates(rand, rand.between(2, 3));

        Set<String> quoted = new LinkedHashSet<>();
        world.startCapture();
        long t = t0;
        for (int k = rand.between(6, 10); k > 0; k--) {
            Buyer reviewer = rand.pick(accounts);
            String orderId = null;
            if (!quotable.isEmpty() && rand.chance(0.3)) {
                orderId = rand.pick(quotable).id;
                quoted.add(orderId);
            }
            world.review(
                    orderId,
                    victim,
                    reviewer.id,
                    rand.chance(0.8) ? 1 : 2,
                    t,
                    Steps.text(rand, texts, 0.6),
                    device,
                    ip);
            t += rand.between(95 * MINUTE, 4 * HOUR);
        }
        Span span = world.stopCapture();

        Set<String> related = new LinkedHashSet<>();
        accounts.forEach(b -> related.add(b.id));
        related.add(device);
        return new Episode(
                Steps.variantId(kind(), VARIANT, index),
                kind(),
                "SHOP",
                victim.id,
                List.copyOf(quoted),
                List.copyOf(related),
                span.start(),
                span.end());
    }
}
