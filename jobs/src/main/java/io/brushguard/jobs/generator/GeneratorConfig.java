package io.brushguard.jobs.generator;

/**
 * What {@link PlatformGenerator} simulates. The same config (seed included) always yields the same
 * data.
 *
 * <p>{@link #defaults()} is a demo-sized platform: 2 simulated days, 1,000 shops, 20,000 buyers,
 * 10,000 orders a day and 6 episodes of each fraud kind, about 250,000 events. Change it with the
 * {@code with...} methods, e.g. {@code GeneratorConfig.defaults().withSeed(7).withDays(1)}.
 *
 * @param seed seed of all randomness
 * @param startEpochMs start of the simulated period, epoch ms (the default is a local midnight,
 *     2025-11-10 00:00 UTC+8)
 * @param days simulated days in which orders are created; later lifecycle steps (delivery,
 *     completion, reviews) run on for up to a few weeks after
 * @param shops number of shops
 * @param buyers number of buyer accounts in the background population
 * @param ordersPerDay background orders created per day (follow-up orders and flash sales add a few
 *     percent)
 * @param brushingEpisodes number of BRUSHING episodes to inject
 * @param emptyParcelEpisodes number of EMPTY_PARCEL episodes to inject
 * @param maliciousReviewEpisodes number of MALICIOUS_REVIEW episodes to inject
 */
public record GeneratorConfig(
        long seed,
        long startEpochMs,
        int days,
        int shops,
        int buyers,
        int ordersPerDay,
        int brushingEpisodes,
        int emptyParcelEpisodes,
        int maliciousReviewEpisodes) {

    /** 2025-11-10T00:00:00+08:00. */
    public static final long DEFAULT_START_EPOCH_MS = 1_762_704_000_000L;

    public GeneratorConfig {
        require(days >= 1, "days must be at least 1");
        require(shops >= 20, "shops must be at least 20");
        require(buyers >= 100, "buyers must be at least 100");
        require(ordersPerDay >= 1, "ordersPerDay must be at least 1");
        require(
                brushingEpisodes >= 0 && emptyParcelEpisodes >= 0 && maliciousReviewEpisodes >= 0,
                "episode counts must not be negative");
        // Each episode takes a shop of its own (malicious reviews one of the top 15%).
        require(
                brushingEpisodes + emptyParcelEpisodes + maliciousReviewEpisodes <= shops / 4,
                "at most shops/4 episodes in all");
        require(
                maliciousReviewEpisodes <= shops / 10,
                "at most shops/10 malicious-review episodes");
    }

    /** The demo-sized platform described above, seed 42. */
    public static GeneratorConfig defaults() {
        return new GeneratorConfig(42, DEFAULT_START_EPOCH_MS, 2, 1_000, 20_000, 10_000, 6, 6, 6);
    }

    public GeneratorConfig withSeed(long seed) {
        return new GeneratorConfig(
                seed,
                startEpochMs,
                days,
                shops,
                buyers,
                ordersPerDay,
                brushingEpisodes,
                emptyParcelEpisodes,
                maliciousReviewEpisodes);
    }

    public GeneratorConfig withStartEpochMs(long startEpochMs) {
        return new GeneratorConfig(
                seed,
                startEpochMs,
                days,
                shops,
                buyers,
                ordersPerDay,
                brushingEpisodes,
                emptyParcelEpisodes,
                maliciousReviewEpisodes);
    }

    public GeneratorConfig withDays(int days) {
        return new GeneratorConfig(
                seed,
                startEpochMs,
                days,
                shops,
                buyers,
                ordersPerDay,
                brushingEpisodes,
                emptyParcelEpisodes,
                maliciousReviewEpisodes);
    }

    public GeneratorConfig withShops(int shops) {
        return new GeneratorConfig(
                seed,
                startEpochMs,
                days,
                shops,
                buyers,
                ordersPerDay,
                brushingEpisodes,
                emptyParcelEpisodes,
                maliciousReviewEpisodes);
    }

    public GeneratorConfig withBuyers(int buyers) {
        return new GeneratorConfig(
                seed,
                startEpochMs,
                days,
                shops,
                buyers,
                ordersPerDay,
                brushingEpisodes,
                emptyParcelEpisodes,
                maliciousReviewEpisodes);
    }

    public GeneratorConfig withOrdersPerDay(int ordersPerDay) {
        return new GeneratorConfig(
                seed,
                startEpochMs,
                days,
                shops,
                buyers,
                ordersPerDay,
                brushingEpisodes,
                emptyParcelEpisodes,
                maliciousReviewEpisodes);
    }

    /** The same number of episodes for every kind. */
    public GeneratorConfig withEpisodesPerKind(int episodes) {
        return new GeneratorConfig(
                seed,
                startEpochMs,
                days,
                shops,
                buyers,
                ordersPerDay,
                episodes,
                episodes,
                episodes);
    }

    public GeneratorConfig withEpisodes(int brushing, int emptyParcel, int maliciousReview) {
        return new GeneratorConfig(
                seed,
                startEpochMs,
                days,
                shops,
                buyers,
                ordersPerDay,
                brushing,
                emptyParcel,
                maliciousReview);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
