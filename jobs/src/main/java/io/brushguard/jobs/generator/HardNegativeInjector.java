package io.brushguard.jobs.generator;

/**
 * Adds honest activity that looks like fraud to a simulated platform: a hard negative, on which a
 * good detector raises no alert. Same contract as {@link EpisodeInjector} (randomness only from
 * {@code rand}, events from the world's primitives, causal order, the shop taken with {@link
 * World#reserveShop} or opened with {@link World#addShop}), and it uses no account named by an
 * episode ({@link World#episodeSubjects}).
 */
interface HardNegativeInjector {

    /** Short name used in the id, e.g. {@code flash-sale}. */
    String name();

    /** The alert kind the scenario resembles (an {@code AlertKind} name). */
    String resembles();

    /** Injects one scenario and returns its record. */
    GeneratedData.HardNegative inject(World world, int index, Rand rand);

    /** A stable, readable id such as {@code hn-flash-sale-01}. */
    default String id(int index) {
        int n = index + 1;
        return "hn-" + name() + "-" + (n < 10 ? "0" + n : n);
    }
}
