package io.brushguard.benchmarks.families;

import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.ScanType;
import io.brushguard.benchmarks.families.FamilyAlert.Family;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.brushing.OrderConcentrationDetector;
import io.brushguard.patterns.brushing.OrderConcentrationRule;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.definition.Definition;
import io.brushguard.patterns.definition.DefinitionError;
import io.brushguard.patterns.definition.PatternDefinitions;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.parcel.SignedWithoutTransitDetector;
import io.brushguard.patterns.parcel.SignedWithoutTransitRule;
import io.brushguard.patterns.review.LowRatingBurstRule;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.EventComparator;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stock Flink CEP versions of the three fraud families, as a benchmark contender: for each family
 * the shipped rule that is its core, written with the {@code flink-cep} Pattern API as a user of
 * plain Flink would, with the thresholds read from the same {@link DetectionRules}, keyed as
 * brushguard keys the rule, in event time.
 *
 * <ul>
 *   <li>BRUSHING, {@code brushing.order-concentration}, keyed by shop: {@code
 *       begin(CREATED).timesOrMore(minOrders).within(window + 1 ms)}, no skip; the process function
 *       keeps the matches whose orders per distinct buyer reach the threshold from at most {@code
 *       maxRingBuyers} buyers (what passes brushguard's gate).
 *   <li>EMPTY_PARCEL, {@code empty-parcel.signed-without-transit}, keyed by order: {@code
 *       begin(order CREATED).notFollowedBy(IN_TRANSIT or OUT_FOR_DELIVERY).followedBy(SIGNED)
 *       .within(retention)}.
 *   <li>MALICIOUS_REVIEW, {@code malicious-review.unverified-low-rating-burst}, keyed by shop:
 *       {@code begin(rating <= maxRating).timesOrMore(minReviews).within(window + 1 ms)}, no skip;
 *       the process function keeps the matches from at least {@code minReviewers} accounts. CEP
 *       sees only the events of a match, so it cannot tell a shop's customers from strangers: every
 *       low rating counts.
 * </ul>
 *
 * Events of one timestamp are ordered as brushguard's detectors take them ({@link TieOrder}):
 * orders, payments, scans other than SIGNED, signatures, reviews. Where and how these patterns
 * differ from the rules is in benchmarks/README.md, "Stock Flink CEP on the three families".
 */
public final class CepFamilies {

    private CepFamilies() {}

    /**
     * The three patterns over {@code events}, which must carry event-time timestamps and
     * watermarks; one alert per CEP match that passes the process function. Families whose rule is
     * disabled in {@code rules} are left out.
     */
    public static DataStream<FamilyAlert> attach(
            DataStream<PlatformEvent> events, DetectionRules rules) {
        List<DataStream<FamilyAlert>> all = new ArrayList<>();
        OrderConcentrationRule concentration = rules.brushing().orderConcentration();
        if (concentration.meta().enabled()) {
            all.add(
                    CEP.pattern(
                                    events.filter(OrderConcentrationDetector::accepts)
                                            .name("cep: orders created")
                                            .keyBy(e -> e.order.getShopId()),
                                    brushing(concentration),
                                    new TieOrder())
                            .inEventTime()
                            .process(new Concentrated(concentration))
                            .returns(FamilyAlert.class)
                            .uid("cep-brushing")
                            .name("cep: brushing, order concentration per shop"));
        }
        SignedWithoutTransitRule signed = rules.emptyParcel().signedWithoutTransit();
        if (signed.meta().enabled()) {
            all.add(
                    CEP.pattern(
                                    events.filter(SignedWithoutTransitDetector::accepts)
                                            .name("cep: orders and scans")
                                            .keyBy(PlatformEvent::orderId),
                                    emptyParcel(signed),
                                    new TieOrder())
                            .inEventTime()
                            .process(new SignedWithoutTransit())
                            .returns(FamilyAlert.class)
                            .uid("cep-empty-parcel")
                            .name("cep: empty parcel, signed without transit"));
        }
        LowRatingBurstRule burst = rules.maliciousReview().lowRatingBurst();
        if (burst.meta().enabled()) {
            all.add(
                    CEP.pattern(
                                    events.filter(e -> e.review != null)
                                            .name("cep: reviews")
                                            .keyBy(e -> e.review.getShopId()),
                                    lowRatingBurst(burst),
                                    new TieOrder())
                            .inEventTime()
                            .process(new LowRatingBurst(burst))
                            .returns(FamilyAlert.class)
                            .uid("cep-malicious-review")
                            .name("cep: malicious review, low-rating burst"));
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("every family's rule is disabled");
        }
        DataStream<FamilyAlert> first = all.get(0);
        return all.size() == 1
                ? first
                : first.union(all.subList(1, all.size()).toArray(DataStream[]::new));
    }

    /**
     * brushguard's alerts of the three core rules, in the same form as CEP's, to be counted the
     * same way. Alerts of other rules (and {@code combined.<kind>}) are left out.
     */
    public static DataStream<FamilyAlert> ofBrushguard(
            DataStream<RiskAlert> alerts, DetectionRules rules) {
        String concentration = rules.brushing().orderConcentration().meta().ruleId();
        String signed = rules.emptyParcel().signedWithoutTransit().meta().ruleId();
        String burst = rules.maliciousReview().lowRatingBurst().meta().ruleId();
        return alerts.flatMap(
                        (RiskAlert a, Collector<FamilyAlert> out) -> {
                            Family family;
                            String rule = a.getRuleId();
                            if (rule.equals(concentration)) {
                                family = Family.BRUSHING;
                            } else if (rule.equals(signed)) {
                                family = Family.EMPTY_PARCEL;
                            } else if (rule.equals(burst)) {
                                family = Family.MALICIOUS_REVIEW;
                            } else {
                                return;
                            }
                            String order =
                                    family == Family.EMPTY_PARCEL && !a.getOrderIds().isEmpty()
                                            ? a.getOrderIds().get(0)
                                            : null;
                            out.collect(
                                    new FamilyAlert(
                                            family,
                                            a.getEntityId(),
                                            order,
                                            a.getWindowStart().toEpochMilli(),
                                            a.getWindowEnd().toEpochMilli()));
                        })
                .returns(TypeInformation.of(FamilyAlert.class))
                .name("brushguard: alerts of the three core rules");
    }

    /**
     * The shipped definitions with every rule but the three core ones disabled: brushguard doing
     * the work the CEP contender does (its correlation, engine and gate stay in the graph).
     */
    public static DetectionRules coreRulesOnly() {
        DetectionRules shipped = DetectionRules.defaults();
        Set<String> core =
                Set.of(
                        shipped.brushing().orderConcentration().meta().ruleId(),
                        shipped.emptyParcel().signedWithoutTransit().meta().ruleId(),
                        shipped.maliciousReview().lowRatingBurst().meta().ruleId());
        List<Definition> definitions = new ArrayList<>();
        List<DefinitionError> errors = new ArrayList<>();
        for (RuleMeta m : shipped.metas()) {
            if (core.contains(m.ruleId()) || !m.enabled()) {
                continue;
            }
            String file = m.ruleId() + ".yaml";
            String text = resource(PatternDefinitions.RESOURCE_DIR + file);
            String disabled = text.replaceFirst("(?m)^enabled: true$", "enabled: false");
            if (disabled.equals(text)) {
                throw new IllegalStateException(file + " has no line 'enabled: true'");
            }
            PatternDefinitions.Result read = PatternDefinitions.parse(disabled, file);
            definitions.addAll(read.definitions());
            errors.addAll(read.errors());
        }
        return PatternDefinitions.withOverrides(new PatternDefinitions.Result(definitions, errors));
    }

    private static String resource(String name) {
        try (InputStream in = CepFamilies.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Order concentration: every run of at least {@code minOrders} consecutive CREATED orders of
     * the shop spanning at most the rule's window (brushguard's window includes an order exactly
     * one window before; CEP's {@code within} excludes it, hence the extra millisecond).
     */
    public static Pattern<PlatformEvent, PlatformEvent> brushing(OrderConcentrationRule rule) {
        return Pattern.<PlatformEvent>begin("orders")
                .where(
                        SimpleCondition.of(
                                e -> e.order != null && e.order.getStatus() == OrderStatus.CREATED))
                .timesOrMore(rule.minOrders())
                .within(rule.window().plusMillis(1));
    }

    /** A created order whose first signature comes with no transit scan in between. */
    public static Pattern<PlatformEvent, PlatformEvent> emptyParcel(SignedWithoutTransitRule rule) {
        return Pattern.<PlatformEvent>begin("order")
                .where(
                        SimpleCondition.of(
                                e -> e.order != null && e.order.getStatus() == OrderStatus.CREATED))
                .notFollowedBy("transit")
                .where(
                        SimpleCondition.of(
                                e ->
                                        e.logistics != null
                                                && (e.logistics.getScan() == ScanType.IN_TRANSIT
                                                        || e.logistics.getScan()
                                                                == ScanType.OUT_FOR_DELIVERY)))
                .followedBy("signed")
                .where(
                        SimpleCondition.of(
                                e ->
                                        e.logistics != null
                                                && e.logistics.getScan() == ScanType.SIGNED))
                .within(rule.retention());
    }

    /** At least {@code minReviews} ratings of at most {@code maxRating} within the window. */
    public static Pattern<PlatformEvent, PlatformEvent> lowRatingBurst(LowRatingBurstRule rule) {
        int maxRating = rule.maxRating();
        return Pattern.<PlatformEvent>begin("low")
                .where(
                        SimpleCondition.of(
                                e -> e.review != null && e.review.getRating() <= maxRating))
                .timesOrMore(rule.minReviews())
                .within(rule.window().plusMillis(1));
    }

    /** Keeps the runs whose orders per distinct buyer reach the rule's conclusive threshold. */
    static final class Concentrated extends PatternProcessFunction<PlatformEvent, FamilyAlert> {
        private final OrderConcentrationRule rule;

        Concentrated(OrderConcentrationRule rule) {
            this.rule = rule;
        }

        @Override
        public void processMatch(
                Map<String, List<PlatformEvent>> match, Context ctx, Collector<FamilyAlert> out) {
            List<PlatformEvent> orders = match.get("orders");
            Map<String, Integer> perBuyer = new HashMap<>();
            for (PlatformEvent e : orders) {
                perBuyer.merge(e.order.getBuyerId(), 1, Integer::sum);
            }
            double rate = (double) orders.size() / perBuyer.size();
            if (rate >= rule.minOrdersPerBuyer() && perBuyer.size() <= rule.maxRingBuyers()) {
                out.collect(
                        new FamilyAlert(
                                Family.BRUSHING,
                                orders.get(0).order.getShopId(),
                                null,
                                orders.get(0).eventTime(),
                                orders.get(orders.size() - 1).eventTime()));
            }
        }
    }

    static final class SignedWithoutTransit
            extends PatternProcessFunction<PlatformEvent, FamilyAlert> {
        @Override
        public void processMatch(
                Map<String, List<PlatformEvent>> match, Context ctx, Collector<FamilyAlert> out) {
            PlatformEvent order = match.get("order").get(0);
            PlatformEvent signed = match.get("signed").get(0);
            out.collect(
                    new FamilyAlert(
                            Family.EMPTY_PARCEL,
                            order.order.getShopId(),
                            order.order.getOrderId(),
                            order.eventTime(),
                            signed.eventTime()));
        }
    }

    /** Keeps the bursts from at least {@code minReviewers} accounts. */
    static final class LowRatingBurst extends PatternProcessFunction<PlatformEvent, FamilyAlert> {
        private final LowRatingBurstRule rule;

        LowRatingBurst(LowRatingBurstRule rule) {
            this.rule = rule;
        }

        @Override
        public void processMatch(
                Map<String, List<PlatformEvent>> match, Context ctx, Collector<FamilyAlert> out) {
            List<PlatformEvent> low = match.get("low");
            Set<String> reviewers = new HashSet<>();
            for (PlatformEvent e : low) {
                reviewers.add(e.review.getReviewerId());
            }
            if (reviewers.size() >= rule.minReviewers()) {
                out.collect(
                        new FamilyAlert(
                                Family.MALICIOUS_REVIEW,
                                low.get(0).review.getShopId(),
                                null,
                                low.get(0).eventTime(),
                                low.get(low.size() - 1).eventTime()));
            }
        }
    }

    /**
     * Events of one timestamp in the order brushguard's detectors take them: orders, payments,
     * scans other than SIGNED, signatures, reviews (a scan at the instant of the signature counts
     * as before it).
     */
    public static final class TieOrder implements EventComparator<PlatformEvent> {
        @Override
        public int compare(PlatformEvent a, PlatformEvent b) {
            return Integer.compare(rank(a), rank(b));
        }

        private static int rank(PlatformEvent e) {
            if (e.order != null) {
                return 0;
            }
            if (e.payment != null) {
                return 1;
            }
            if (e.logistics != null) {
                return e.logistics.getScan() == ScanType.SIGNED ? 3 : 2;
            }
            return 4;
        }
    }
}
