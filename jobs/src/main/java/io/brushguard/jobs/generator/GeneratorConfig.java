package io.brushguard.jobs.generator;

/**
 * What {@link PlatformGenerator} simulates. The same config (seed included) always yields the same
 * data.
 *
 * <p>{@link #defaults()} is a demo-sized platform: 2 simulated days, 1,000 shops, 20,000 buyers,
 * 10,000 orders a day, 6 episodes of each fraud kind, one episode of each camouflaged variant (11
 * more episodes: 3 brushing, 4 empty-parcel, 4 malicious-review) and one of each hard negative (5),
 * about 250,000 events. Change it with the {@code with...} methods, e.g. {@code
 * GeneratorConfig.defaults().withSeed(7).withDays(1)}.
 *
 * <p>Camouflaged variants and hard negatives need shops of their own ({@value #CAMOUFLAGE_SHOPS}
 * and {@value #HARD_NEGATIVE_SHOPS}). They are generated only while all reserved shops stay within
 * half of the platform's shops; on a smaller platform {@link #camouflageActive()} or {@link
 * #hardNegativesActive()} is false and they are left out (with 1,000 shops, always in).
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
 * @param camouflage whether to add one episode of each camouflaged variant (fraud built to evade
 *     single thresholds)
 * @param hardNegatives whether to add one of each hard negative (honest activity that looks like
 *     fraud; {@link GeneratedData#hardNegatives()})
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
        int maliciousReviewEpisodes,
        boolean camouflage,
        boolean hardNegatives) {

    /** Shops the camouflaged variants reserve (at most). */
    public static final int CAMOUFLAGE_SHOPS = 16;

    /** Shops the hard negatives reserve from the platform. */
    public static final int HARD_NEGATIVE_SHOPS = 4;

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

    /** A config with camouflaged variants and hard negatives on. */
    public GeneratorConfig(
            long seed,
            long startEpochMs,
            int days,
            int shops,
            int buyers,
            int ordersPerDay,
            int brushingEpisodes,
            int emptyParcelEpisodes,
            int maliciousReviewEpisodes) {
        this(
                seed,
                startEpochMs,
                days,
                shops,
                buyers,
                ordersPerDay,
                brushingEpisodes,
                emptyParcelEpisodes,
                maliciousReviewEpisodes,
                true,
                true);
    }

    private int baseEpisodes() {
        return brushingEpisodes + emptyParcelEpisodes + maliciousReviewEpisodes;
    }

    /** Whether camouflaged variants are generated: switched on and room for them. */
    public boolean camouflageActive() {
        return camouflage && baseEpisodes() + CAMOUFLAGE_SHOPS <= shops / 2;
    }

    /** Whether hard negatives are generated: switched on and room for them. */
    public boolean hardNegativesActive() {
        int reserved =
                baseEpisodes() + (camouflageActive() ? CAMOUFLAGE_SHOPS : 0) + HARD_NEGATIVE_SHOPS;
        return hardNegatives && reserved <= shops / 2;
    }

    /** The demo-sized platform described above, seed 42. */
    public static GeneratorConfig defaults() {
        return new GeneratorConfig(
                42, DEFAULT_START_EPOCH_MS, 2, 1_000, 20_000, 10_000, 6, 6, 6, true, true);
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
                maliciousReviewEpisodes,
                camouflage,
                hardNegatives);
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
                maliciousReviewEpisodes,
                camouflage,
                hardNegatives);
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
                maliciousReviewEpisodes,
                camouflage,
                hardNegatives);
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
                maliciousReviewEpisodes,
                camouflage,
                hardNegatives);
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
                maliciousReviewEpisodes,
                camouflage,
                hardNegatives);
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
                maliciousReviewEpisodes,
                camouflage,
                hardNegatives);
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
                episodes,
                camouflage,
                hardNegatives);
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
                maliciousReview,
                camouflage,
                hardNegatives);
    }

    /** Camouflaged variants on or off. */
    public GeneratorConfig withCamouflage(boolean camouflage) {
        return new GeneratorConfig(
                seed,
                startEpochMs,
                days,
                shops,
                buyers,
                ordersPerDay,
                brushingEpisodes,
                emptyParcelEpisodes,
                maliciousReviewEpisodes,
                camouflage,
                hardNegatives);
    }

    /** Hard negatives on or off. */
    public GeneratorConfig withHardNegatives(boolean hardNegatives) {
        return new GeneratorConfig(
                seed,
                startEpochMs,
                days,
                shops,
                buyers,
                ordersPerDay,
                brushingEpisodes,
                emptyParcelEpisodes,
                maliciousReviewEpisodes,
                camouflage,
                hardNegatives);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
