package io.brushguard.jobs.generator;

import io.brushguard.patterns.model.AlertKind;
import io.brushguard.patterns.quality.Episode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.brushguard.jobs.generator.World.DAY;
import static io.brushguard.jobs.generator.World.HOUR;

/**
 * Camouflaged malicious reviews spread over competitors: a seller's staff account (sometimes two,
 * on the same phone) posts one or two 1-2 star reviews on each of 4-5 well-rated shops of the
 * seller's own category over a day or so, none tied to an order. No shop gets a burst; the pattern
 * is one account running down a whole category.
 *
 * <p>Label: entity = the account (REVIEWER); order_ids = none; related_ids = the second account if
 * any, the device, then the victim shops (so an alert on the account or on any victim matches).
 */
final class CompetitorSpreadMaliciousReviewInjector implements EpisodeInjector {

    static final String VARIANT = "competitor";

    @Override
    public String kind() {
        return AlertKind.MALICIOUS_REVIEW.name();
    }

    @Override
    public Episode inject(World world, int index, Rand rand) {
        Shop firstVictim = world.reserveShop(rand, 0.0, 0.3, s -> s.quality != Shop.Quality.POOR);
        Category category = firstVictim.category;
        List<Shop> victims = new ArrayList<>(List.of(firstVictim));
        for (int i = rand.between(3, 4); i > 0; i--) {
            victims.add(
                    world.reserveShop(
                            rand,
                            0.0,
                            0.6,
                            s -> s.category == category && s.quality != Shop.Quality.POOR));
        }
        long t0 = world.start + rand.between(DAY, world.config.days() * DAY + DAY);
        String city = world.geo.shopCity(rand);
        Buyer staff = world.newAccount(rand, city, t0 - rand.between(5 * DAY, 60 * DAY));
        List<Buyer> accounts = new ArrayList<>(List.of(staff));
        if (rand.chance(0.5)) {
            Buyer second = world.newAccount(rand, city, t0 - rand.between(5 * DAY, 60 * DAY));
            second.devices.add(0, staff.devices.get(0));
            accounts.add(second);
        }
        String device = staff.devices.get(0);
        List<String> texts = Steps.templates(rand, 2);

        List<long[]> plan = new ArrayList<>(); // {time, victim index}
        for (int v = 0; v < victims.size(); v++) {
            for (int k = rand.chance(0.4) ? 2 : 1; k > 0; k--) {
                plan.add(new long[] {t0 + rand.between(0, 30 * HOUR), v});
            }
        }
        plan.sort((a, b) -> Long.compare(a[0], b[0]));

        world.startCapture();
        for (long[] p : plan) {
            Buyer b = rand.pick(accounts);
            world.review(
                    null,
                    victims.get((int) p[1]),
                    b.id,
                    rand.chance(0.85) ? 1 : 2,
                    p[0],
                    Steps.text(rand, texts, 0.5),
                    device,
                    rand.chance(0.7) ? b.homeIp : world.geo.mobileIp(rand, city));
        }
        Span span = world.stopCapture();

        Set<String> related = new LinkedHashSet<>();
        accounts.stream().skip(1).forEach(b -> related.add(b.id));
        related.add(device);
        victims.forEach(s -> related.add(s.id));
        return new Episode(
                Steps.variantId(kind(), VARIANT, index),
                kind(),
                "REVIEWER",
                staff.id,
                List.of(),
                List.copyOf(related),
                span.start(),
                span.end());
    }
}
