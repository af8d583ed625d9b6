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
 * turn ({@link BrushingInjector}, {@link EmptyParcelInjector}, {@link MaliciousReviewInjector}),
 * then, when the config has them, one episode of each camouflaged variant ({@link
 * #camouflagedVariants()}: fraud shaped to stay under single thresholds) and one of each hard
 * negative ({@link #hardNegatives()}: honest activity that looks like fraud, recorded in {@link
 * GeneratedData#hardNegatives()}). Same config, same output, on any JVM.
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
        List<Injection> injections = new ArrayList<>();
        injections.add(new Injection(new BrushingInjector(), config.brushingEpisodes()));
        injections.add(new Injection(new EmptyParcelInjector(), config.emptyParcelEpisodes()));
        injections.add(
                new Injection(new MaliciousReviewInjector(), config.maliciousReviewEpisodes()));
        if (config.camouflageActive()) {
            for (EpisodeInjector variant : camouflagedVariants()) {
                injections.add(new Injection(variant, 1));
            }
        }
        List<HardNegativeInjector> hardNegatives =
                config.hardNegativesActive() ? hardNegatives() : List.of();
        return generate(config, injections, hardNegatives);
    }

    /** Every camouflaged variant, in the order they are injected (after the base episodes). */
    static List<EpisodeInjector> camouflagedVariants() {
        return List.of(
                new SlowRingBrushingInjector(),
                new PayerRingBrushingInjector(),
                new CashbackBrushingInjector(),
                new FastSignEmptyParcelInjector(),
                new LightParcelEmptyParcelInjector(),
                new WaybillReuseEmptyParcelInjector(),
                new ComplicitCourierEmptyParcelInjector(),
                new SlowBurnMaliciousReviewInjector(),
                new PreDeliveryMaliciousReviewInjector(),
                new CompetitorSpreadMaliciousReviewInjector(),
                new ExtortionMaliciousReviewInjector());
    }

    /** Every hard negative, in the order they are injected (after all episodes). */
    static List<HardNegativeInjector> hardNegatives() {
        return List.of(
                new FlashSaleHardNegative(),
                new FamilyHardNegative(),
                new SameCityDeliveryHardNegative(),
                new BadShopHardNegative(),
                new StationeryHardNegative());
    }

    /** An injector and how many scenarios of it to inject. */
    record Injection(EpisodeInjector injector, int count) {}

    /**
     * Generates background traffic per {@code config} and then runs the given injections in order,
     * ignoring the config's episode counts and switches.
     */
    static GeneratedData generate(GeneratorConfig config, List<Injection> injections) {
        return generate(config, injections, List.of());
    }

    /**
     * Generates background traffic, runs the episode injections in order, then one of each hard
     * negative. Each injector draws from its own random stream, split off the seed in this order,
     * so the data without variants and hard negatives is exactly what it was before they existed.
     */
    static GeneratedData generate(
            GeneratorConfig config,
            List<Injection> injections,
            List<HardNegativeInjector> hardNegatives) {
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
                    world.episodeSubjects.add(episode.entityId());
                    world.episodeSubjects.addAll(episode.relatedIds());
                }
            }
        }
        List<GeneratedData.HardNegative> negatives = new ArrayList<>();
        for (HardNegativeInjector injector : hardNegatives) {
            GeneratedData.HardNegative h = injector.inject(world, 0, root.split());
            if (h != null && !h.orderIds().isEmpty()) {
                negatives.add(h);
            }
        }
        return new GeneratedData(world.sortedEvents(), labels, negatives);
    }
}
