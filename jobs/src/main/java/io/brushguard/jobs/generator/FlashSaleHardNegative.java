package io.brushguard.jobs.generator;

import io.brushguard.patterns.model.AlertKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.brushguard.jobs.generator.World.DAY;
import static io.brushguard.jobs.generator.World.HOUR;
import static io.brushguard.jobs.generator.World.MINUTE;

/**
 * Hard negative resembling brushing: a popular shop's one-hour flash sale with a per-account limit
 * of 3, where 40-70 long-standing customers order the sale item, a good share of them two or three
 * times within minutes (one for themselves, one as a gift). Orders per distinct buyer stay well
 * below 3 in every hour; everything else (devices, networks, addresses, payment, delivery, reviews)
 * is ordinary.
 */
final class FlashSaleHardNegative implements HardNegativeInjector {

    @Override
    public String name() {
        return "flash-sale";
    }

    @Override
    public String resembles() {
        return AlertKind.BRUSHING.name();
    }

    @Override
    public GeneratedData.HardNegative inject(World world, int index, Rand rand) {
        Shop shop = world.reserveShop(rand, 0.0, 0.1);
        Shop.Item item = shop.items.get(0);
        long unitPrice = Math.max(100, item.priceMinor() * 7 / 10 / 100 * 100 - 10);
        long day = world.start + rand.nextInt(world.config.days()) * DAY;
        long saleStart = World.localDayStart(day) + rand.between(10, 20) * HOUR;
        if (saleStart < world.start || saleStart + HOUR > world.end) {
            saleStart = world.start + rand.between(0, Math.max(0, world.end - world.start - HOUR));
        }

        Set<String> used = new HashSet<>();
        List<Buyer> buyers = new ArrayList<>();
        for (int i = rand.between(40, 70); i > 0; i--) {
            Buyer b = Steps.honestBuyer(world, rand, saleStart, 30 * DAY, null, used);
            if (b != null) {
                buyers.add(b);
            }
        }
        List<long[]> plan = null; // {time, buyer index}
        for (int attempt = 0; attempt < 50 && plan == null; attempt++) {
            List<long[]> p = new ArrayList<>();
            for (int i = 0; i < buyers.size(); i++) {
                long t = saleStart + rand.between(0, 50 * MINUTE);
                p.add(new long[] {t, i});
                for (int k = rand.pickIndexOf(0.45, 0.4, 0.15); k > 0; k--) {
                    t += rand.between(MINUTE, 9 * MINUTE);
                    p.add(new long[] {t, i});
                }
            }
            p.sort((a, b) -> Long.compare(a[0], b[0]));
            if (maxOrdersPerBuyer(p) < 2.5) {
                plan = p;
            }
        }
        if (plan == null) {
            plan = new ArrayList<>();
            for (int i = 0; i < buyers.size(); i++) {
                plan.add(new long[] {saleStart + rand.between(0, 50 * MINUTE), i});
            }
            plan.sort((a, b) -> Long.compare(a[0], b[0]));
        }

        BackgroundTraffic honest = new BackgroundTraffic(world, rand);
        List<String> orderIds = new ArrayList<>();
        for (long[] p : plan) {
            OrderRecord o = honest.newOrder(shop, buyers.get((int) p[1]), item, 1, unitPrice, p[0]);
            honest.lifecycle(o);
            orderIds.add(o.id);
        }
        return new GeneratedData.HardNegative(
                id(index),
                resembles(),
                "SHOP",
                shop.id,
                orderIds,
                "flash sale: "
                        + buyers.size()
                        + " customers, "
                        + orderIds.size()
                        + " orders of one item within an hour, at most 3 per account");
    }

    /**
     * The highest orders ÷ distinct buyers over any hour starting or ending at an order (windows
     * with fewer than 3 orders count as 0).
     */
    static double maxOrdersPerBuyer(List<long[]> sortedPlan) {
        double max = 0;
        for (long[] anchor : sortedPlan) {
            for (int dir = -1; dir <= 1; dir += 2) {
                long from = dir < 0 ? anchor[0] - HOUR : anchor[0];
                long to = dir < 0 ? anchor[0] : anchor[0] + HOUR;
                int n = 0;
                Map<Long, Integer> distinct = new HashMap<>();
                for (long[] p : sortedPlan) {
                    if (p[0] >= from && p[0] <= to) {
                        n++;
                        distinct.merge(p[1], 1, Integer::sum);
                    }
                }
                if (n >= 3) {
                    max = Math.max(max, (double) n / distinct.size());
                }
            }
        }
        return max;
    }
}
