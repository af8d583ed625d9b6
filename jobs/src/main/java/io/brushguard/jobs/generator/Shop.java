package io.brushguard.jobs.generator;

import java.util.List;

/** A seller: what it sells, where it ships from, how popular and how good it is. */
final class Shop {

    /** Review-rating mixes, probabilities of 1..5 stars. */
    enum Quality {
        GOOD(0.02, 0.01, 0.04, 0.15, 0.78),
        AVERAGE(0.05, 0.03, 0.08, 0.22, 0.62),
        POOR(0.13, 0.07, 0.15, 0.25, 0.40);

        final double[] stars;

        Quality(double... stars) {
            this.stars = stars;
        }

        int drawRating(Rand rand) {
            return rand.pickIndexOf(stars) + 1;
        }
    }

    /** One listed item; price in fen, packed weight of one unit in grams. */
    record Item(String id, long priceMinor, int weightGrams) {}

    final String id;
    final Category category;
    final String city;

    /** 0 for the most popular shop. */
    final int popularityRank;

    final Quality quality;
    final List<Item> items;

    /** Cumulative item popularity (a few best sellers, a long tail). */
    final double[] itemCumulative;

    final Carrier primaryCarrier;
    final Carrier secondaryCarrier;

    /** Median hours from payment to the waybill being printed. */
    final double handlingHours;

    Shop(
            String id,
            Category category,
            String city,
            int popularityRank,
            Quality quality,
            List<Item> items,
            double[] itemCumulative,
            Carrier primaryCarrier,
            Carrier secondaryCarrier,
            double handlingHours) {
        this.id = id;
        this.category = category;
        this.city = city;
        this.popularityRank = popularityRank;
        this.quality = quality;
        this.items = items;
        this.itemCumulative = itemCumulative;
        this.primaryCarrier = primaryCarrier;
        this.secondaryCarrier = secondaryCarrier;
        this.handlingHours = handlingHours;
    }

    Item drawItem(Rand rand) {
        return items.get(rand.pickIndex(itemCumulative));
    }

    Carrier drawCarrier(Rand rand) {
        return rand.chance(0.75) ? primaryCarrier : secondaryCarrier;
    }
}
