package io.brushguard.jobs.generator;

import io.brushguard.patterns.quality.Episode;

import java.util.Locale;

/**
 * Adds one kind of fraud scenario to a simulated platform after the background traffic exists: a
 * base episode or a camouflaged variant (fraud shaped to stay under single thresholds), labelled.
 * Honest look-alikes are {@link HardNegativeInjector}s.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>Use only {@code rand} for randomness, so the output is a function of the seed.
 *   <li>Build events from the world's primitives ({@link World#newOrder}, {@link World#order},
 *       {@link World#payment}, {@link World#scan}, {@link World#review}, {@link Delivery}), so that
 *       fraud has the same shape as honest business except where the scenario says.
 *   <li>Keep each order's steps in causal order with increasing times (a review after the
 *       completion it follows, a scan after the previous scan).
 *   <li>Take the shop concerned with {@link World#reserveShop}, so that two episodes never share a
 *       shop and labels stay unambiguous.
 *   <li>Return the label: entity = the shop (or, where the scheme spans shops, the account or
 *       courier behind it, with the shops among the related ids), order_ids = the orders that make
 *       up the episode, related_ids = the other subjects an alert could name (ring accounts,
 *       payers, devices, courier), start/end = the event-time span of the events emitted (see
 *       {@link World#startCapture}). Return null for an unlabelled scenario.
 * </ul>
 */
interface EpisodeInjector {

    /** The label kind this injector produces (an {@code AlertKind} name), or null if unlabelled. */
    String kind();

    /**
     * Injects one scenario.
     *
     * @param index 0-based number of this scenario among those of this injector (for its id)
     * @return the label, or null for an unlabelled scenario
     */
    Episode inject(World world, int index, Rand rand);

    /** A stable, readable episode id such as {@code brushing-03}. */
    static String episodeId(String kind, int index) {
        int n = index + 1;
        return kind.toLowerCase(Locale.ROOT).replace('_', '-') + "-" + (n < 10 ? "0" + n : n);
    }
}
