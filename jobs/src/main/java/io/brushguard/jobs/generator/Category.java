package io.brushguard.jobs.generator;

/**
 * Item categories with what makes their orders look different: how common shops of the category
 * are, the price range of their items and the parcel weight range.
 *
 * <p>Ranges are wide on purpose (a drug shop sells a 50 g blister pack and a 600 g box of syrup):
 * detectors must not treat a light parcel as suspicious by itself. The lightest real parcels stay
 * above the 5-40 g of an empty parcel only by a little, as in life.
 */
enum Category {
    APPAREL("apparel", 22, 29, 599, 150, 1500, 0.15),
    FOOD("food", 16, 9.9, 199, 200, 5000, 0.45),
    HOME("home", 14, 15, 1500, 300, 8000, 0.15),
    ELECTRONICS("electronics", 10, 39, 6999, 80, 4000, 0.05),
    BEAUTY("beauty", 10, 19, 999, 60, 800, 0.2),
    BOOKS("books", 6, 12, 199, 200, 1800, 0.2),
    DRUG("drug", 5, 8, 399, 50, 600, 0.3),
    SPORTS("sports", 7, 29, 2999, 200, 6000, 0.1),
    TOYS("toys", 5, 15, 699, 100, 3000, 0.15),
    PETS("pets", 5, 9.9, 399, 200, 10000, 0.35),
    /**
     * Stickers, washi tape, pens: parcels of 10-40 g are normal here. No background shop is drawn
     * in this category (share 0, last, so adding it changed no draw); the stationery hard negative
     * opens one.
     */
    STATIONERY("stationery", 0, 2, 60, 6, 300, 0.4);

    /** The {@code category} value in events. */
    final String label;

    /** Relative number of shops in this category. */
    final double shopShare;

    final double minPriceYuan;
    final double maxPriceYuan;
    final int minWeightGrams;
    final int maxWeightGrams;

    /** Probability that an order has quantity above 1 (groceries, pet food are bought by 2-5). */
    final double multiQuantity;

    Category(
            String label,
            double shopShare,
            double minPriceYuan,
            double maxPriceYuan,
            int minWeightGrams,
            int maxWeightGrams,
            double multiQuantity) {
        this.label = label;
        this.shopShare = shopShare;
        this.minPriceYuan = minPriceYuan;
        this.maxPriceYuan = maxPriceYuan;
        this.minWeightGrams = minWeightGrams;
        this.maxWeightGrams = maxWeightGrams;
        this.multiQuantity = multiQuantity;
    }

    /** A listed price in fen, with the x9.90 / x9.00 / x.00 endings shops use. */
    long drawPriceMinor(Rand rand) {
        double yuan = rand.logUniform(minPriceYuan, maxPriceYuan);
        long whole = Math.max(1, Math.round(yuan));
        switch (rand.pickIndexOf(0.45, 0.25, 0.3)) {
            case 0:
                return whole * 100 - 10; // 49.90
            case 1:
                return Math.max(100, (whole / 10 * 10 + 9) * 100); // 59.00
            default:
                return whole * 100; // 48.00
        }
    }

    /** The packed weight of one unit in grams. */
    int drawWeightGrams(Rand rand) {
        return (int) Math.round(rand.logUniform(minWeightGrams, maxWeightGrams));
    }
}
