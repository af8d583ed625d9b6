package io.brushguard.jobs.generator;

import io.brushguard.patterns.model.AlertKind;

import java.util.ArrayList;
import java.util.List;

import static io.brushguard.jobs.generator.World.DAY;
import static io.brushguard.jobs.generator.World.HOUR;

/**
 * Hard negative resembling a brushing ring: a household of 2-3 long-standing accounts that live at
 * one address and share the home broadband orders from one shop (groceries, household goods) over
 * the recording, 1-3 orders each, and one parent pays for all of them. Ordinary timing, delivery
 * and reviews.
 */
final class FamilyHardNegative implements HardNegativeInjector {

    private static final List<Category> FAMILY_CATEGORIES =
            List.of(Category.FOOD, Category.HOME, Category.BEAUTY, Category.PETS, Category.TOYS);

    @Override
    public String name() {
        return "family";
    }

    @Override
    public String resembles() {
        return AlertKind.BRUSHING.name();
    }

    @Override
    public GeneratedData.HardNegative inject(World world, int index, Rand rand) {
        List<Buyer> family = null;
        int offset = rand.nextInt(world.buyers.size());
        for (int i = 0; i < world.buyers.size() && family == null; i++) {
            Buyer head = world.buyers.get((offset + i) % world.buyers.size());
            if (head.household.isEmpty() || head.household.size() > 2) {
                continue;
            }
            List<Buyer> members = new ArrayList<>();
            members.add(head);
            members.addAll(head.household);
            boolean ok =
                    members.stream()
                            .allMatch(
                                    m ->
                                            m.registeredAt < world.start - 90 * DAY
                                                    && !world.episodeSubjects.contains(m.id)
                                                    && m.homeAddress().equals(head.homeAddress()));
            if (ok) {
                family = members;
            }
        }
        if (family == null) {
            return null;
        }
        Buyer payer = family.get(0);
        Shop shop = world.reserveShop(rand, 0.0, 0.6, s -> FAMILY_CATEGORIES.contains(s.category));
        BackgroundTraffic honest = new BackgroundTraffic(world, rand);
        List<String> orderIds = new ArrayList<>();
        for (Buyer m : family) {
            for (int k = rand.between(1, 3); k > 0; k--) {
                long t = rand.between(world.start + HOUR, world.end - HOUR);
                Shop.Item item = shop.drawItem(rand);
                int quantity = rand.chance(shop.category.multiQuantity) ? rand.between(2, 4) : 1;
                OrderRecord o =
                        world.newOrder(
                                shop,
                                m,
                                item,
                                quantity,
                                item.priceMinor() * quantity,
                                t,
                                m.devices.get(0),
                                m.homeIp,
                                payer.homeAddress(),
                                true);
                honest.lifecycle(o, payer);
                orderIds.add(o.id);
            }
        }
        return new GeneratedData.HardNegative(
                id(index),
                resembles(),
                "PAYER",
                payer.id,
                orderIds,
                "household of "
                        + family.size()
                        + " sharing address and broadband, one parent pays every order at one"
                        + " shop");
    }
}
