package io.brushguard.benchmarks.families;

import io.brushguard.avro.OrderEvent;
import io.brushguard.benchmarks.EsperJvm;
import io.brushguard.benchmarks.families.FamilyEvents.Event;
import io.brushguard.benchmarks.families.FamilyEvents.Thresholds;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.brushing.OrderConcentrationRule;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.parcel.SignedWithoutTransitRule;
import io.brushguard.patterns.review.LowRatingBurstRule;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The throughput workload's Esper contender: the three families' core rules in Esper 9 ({@code
 * EsperFamilies} of the {@code benchmarks-esper} module, its EPL and how it follows CEP's semantics
 * are described there), single-threaded in a child JVM ({@link EsperJvm}).
 *
 * <p>This JVM writes the workload's events, reduced to the fields the patterns read ({@link
 * #of(PlatformEvent)}), in CEP's stream order (event time, then {@link CepFamilies.TieOrder}'s
 * rank: {@link FamilyEvents#STREAM_ORDER}, a stable sort of the replay), with the thresholds of the
 * same {@link DetectionRules}, to a temporary file ({@link FamilyEvents}); the child reads it
 * before its clock starts, runs every event through the three statements, and writes its matches
 * and units per family ({@link FamilyResult}). Its time runs from its first event to the end of the
 * input, without the JVM's start, reading the file and compiling the EPL.
 */
public final class EsperFamiliesContender {

    /** The row's name in the throughput table. */
    public static final String LABEL = "esper (3 families, own JVM)";

    /** In {@code benchmarks-esper}; not referenced as a class, it is not on this classpath. */
    static final String MAIN_CLASS = "io.brushguard.benchmarks.families.EsperFamiliesMain";

    private EsperFamiliesContender() {}

    /**
     * Runs the contender on {@code events} (the replay, in replay order) with a time budget for its
     * event loop; empty if {@code benchmarks-esper} is not built.
     */
    public static Optional<FamilyResult> run(
            List<PlatformEvent> events, DetectionRules rules, Duration budget, PrintStream out)
            throws IOException, InterruptedException {
        return run(events, rules, budget, 1, out);
    }

    /**
     * The same, the event loop run {@code runs} times one after the other in the child JVM (a new
     * Esper runtime each time, so that the later runs find the JIT's code compiled); the result is
     * the median run by time (of an even number, the slower of the middle two), each run's time
     * printed. The budget holds for each run.
     */
    public static Optional<FamilyResult> run(
            List<PlatformEvent> events,
            DetectionRules rules,
            Duration budget,
            int runs,
            PrintStream out)
            throws IOException, InterruptedException {
        Optional<Path> module = EsperJvm.module();
        if (module.isEmpty()) {
            out.printf("  %-48s not built (no benchmarks-esper/target/esper.classpath)%n", LABEL);
            return Optional.empty();
        }
        List<Event> reduced = new ArrayList<>(events.size());
        for (PlatformEvent e : events) {
            reduced.add(of(e));
        }
        reduced.sort(FamilyEvents.STREAM_ORDER);
        Path file = Files.createTempFile("brushguard-esper-families-", ".bin");
        Path result = Files.createTempFile("brushguard-esper-families-", ".tsv");
        try {
            FamilyEvents.write(file, thresholds(rules), reduced);
            // The child stops at the budget itself; the timeout is only against a hung JVM.
            String printed =
                    EsperJvm.run(
                            module.get(),
                            "4g",
                            MAIN_CLASS,
                            List.of(
                                    file.toString(),
                                    result.toString(),
                                    Long.toString(budget.toMillis()),
                                    Integer.toString(runs)),
                            budget.multipliedBy(runs).plusSeconds(300));
            FamilyResult r = FamilyResult.read(result);
            if (runs > 1) {
                out.printf("  %-48s runs of %s s%n", LABEL, runSeconds(printed));
            }
            out.printf(
                    "  %-48s %6.1f s%s%n",
                    LABEL, r.seconds(), r.finished() ? "" : " (budget over, stopped)");
            return Optional.of(r);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(result);
        }
    }

    private static final Pattern RUNS = Pattern.compile("\\bruns=(\\S+)");

    /** The child's {@code runs=} field (each run's seconds, comma-separated), or "?". */
    static String runSeconds(String printed) {
        Matcher m = RUNS.matcher(printed);
        return m.find() ? m.group(1).replace(",", ", ") : "?";
    }

    /** The three core rules' thresholds; each of the rules must be enabled. */
    public static Thresholds thresholds(DetectionRules rules) {
        OrderConcentrationRule c = rules.brushing().orderConcentration();
        SignedWithoutTransitRule s = rules.emptyParcel().signedWithoutTransit();
        LowRatingBurstRule b = rules.maliciousReview().lowRatingBurst();
        for (RuleMeta m : List.of(c.meta(), s.meta(), b.meta())) {
            if (!m.enabled()) {
                throw new IllegalArgumentException(
                        "the Esper contender runs all three core rules; " + m.ruleId() + " is off");
            }
        }
        return new Thresholds(
                c.window().toMillis(),
                c.minOrders(),
                c.minOrdersPerBuyer(),
                c.maxRingBuyers(),
                s.retention().toMillis(),
                b.window().toMillis(),
                b.maxRating(),
                b.minReviews(),
                b.minReviewers());
    }

    /** A platform event reduced to what the three patterns read. */
    public static Event of(PlatformEvent e) {
        long ts = e.eventTime();
        switch (e.stream()) {
            case ORDERS:
                OrderEvent o = e.order;
                return Event.order(
                        o.getOrderId(), o.getShopId(), o.getBuyerId(), o.getStatus().name(), ts);
            case PAYMENTS:
                return Event.payment(e.payment.getOrderId(), ts);
            case LOGISTICS:
                return Event.scan(e.logistics.getOrderId(), e.logistics.getScan().name(), ts);
            default:
                return Event.review(
                        e.review.getShopId(), e.review.getReviewerId(), e.review.getRating(), ts);
        }
    }
}
