package io.brushguard.jobs.generator;

import io.brushguard.patterns.quality.Episode;

import java.util.ArrayList;
import java.util.List;

/**
 * A seeded, reproducible synthetic e-commerce platform: honest background traffic on all four
 * streams with labelled fraud episodes injected into it. For demos, tests, and measuring detectors
 * (recall on the episodes, false positives on the background).
 *
 * <p>Generation runs in phases, each with its own random stream split off the seed in a fixed
 * order: the population (shops, buyers, carriers, geography; {@link World}), the background orders
 * with their whole lifecycles ({@link BackgroundTraffic}), then each {@link EpisodeInjector} in
 * turn ({@link BrushingInjector}, {@link EmptyParcelInjector}, {@link MaliciousReviewInjector}).
 * Same config, same output, on any JVM.
 *
 * <p><b>Streaming design note.</b> This implementation materialises every event and sorts once,
 * which is fine up to a few million events. For larger runs fed straight into Kafka, the design
 * already separates what would change: events leave {@link World} through one sink, and every step
 * of an order is emitted at or after the order's CREATED time. A streaming generator would
 * therefore create orders in CREATED order (draw each hour's orders, sort them), push their
 * lifecycle events into a priority queue keyed by event time, and after each hour release every
 * queued event older than the next hour's first CREATED, as nothing generated later can precede it;
 * episodes would be planned up front (shop, start time) and run when the clock reaches them. Memory
 * is then bounded by the events still in flight (about two weeks of lifecycles), not the data set,
 * and the output is an {@code Iterator<PlatformEvent>}. What would not survive is the
 * malicious-review injector's look-up of any completed order of the victim: it would have to quote
 * orders completed before the burst, which is all it needs.
 */
public final class PlatformGenerator {

    private PlatformGenerator() {}

    /** Generates the platform described by {@code config}. */
    public static GeneratedData generate(GeneratorConfig config) {
        List<Injection> injections =
                List.of(
                        new Injection(new BrushingInjector(), config.brushingEpisodes()),
                        new Injection(new EmptyParcelInjector(), config.emptyParcelEpisodes()),
                        new Injection(
                                new MaliciousReviewInjector(), config.maliciousReviewEpisodes()));
        return generate(config, injections);
    }

    /** An injector and how many scenarios of it to inject. */
    record Injection(EpisodeInjector injector, int count) {}

    /**
     * Generates background traffic per {@code config} and then runs the given injections in order,
     * ignoring the config's episode counts. For variants and hard negatives.
     */
    static GeneratedData generate(GeneratorConfig config, List<Injection> injections) {
        Rand root = new Rand(config.seed());
        World world = World.create(config, root.split());
        new BackgroundTraffic(world, root.split()).run();
        List<Episode> labels = new ArrayList<>();
        for (Injection injection : injections) {
            // A random stream per injector, so one injector's draws do not shift another's
            // choices (ids and shop reservations are still shared).
            Rand rand = root.split();
            for (int i = 0; i < injection.count(); i++) {
                Episode episode = injection.injector().inject(world, i, rand);
                if (episode != null) {
                    labels.add(episode);
                }
            }
        }
        return new GeneratedData(world.sortedEvents(), labels);
    }
}
