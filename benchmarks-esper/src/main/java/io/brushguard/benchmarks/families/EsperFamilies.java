package io.brushguard.benchmarks.families;

import io.brushguard.benchmarks.families.FamilyEvents.Event;
import io.brushguard.benchmarks.families.FamilyEvents.Thresholds;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPEventService;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The three fraud families' core rules in Esper 9, as the throughput workload's Esper contender:
 * the same rules as {@code CepFamilies} (stock Flink CEP), with the same thresholds, on the same
 * events in the same order, single-threaded, on event time (the runtime's internal timer is off;
 * {@link #accept} advances the external clock to each event's time before sending it).
 *
 * <p>Event types (object arrays): {@code Ord {orderId, shop, buyer, status, ts}}, {@code Payment
 * {orderId, ts}}, {@code Scan {orderId, scan, ts}}, {@code Review {shop, reviewer, rating, ts}}.
 * Statements ({@link #brushingEpl}, {@link #emptyParcelEpl}, {@link #lowRatingBurstEpl}):
 *
 * <ul>
 *   <li>BRUSHING: {@code every a=Ord(status='CREATED') -> ([minOrders-1:] b=Ord(status='CREATED'
 *       and shop=a.shop) until timer:interval(window + 1 msec))}: per created order, the shop's
 *       following created orders up to one window after it, the window's edge included (the timer
 *       fires when the clock reaches {@code a.ts + window + 1}, before an event of that time is
 *       sent).
 *   <li>EMPTY_PARCEL: {@code every o=Ord(status='CREATED') -> (s=Scan(scan='SIGNED' and
 *       orderId=o.orderId) and not Scan(scan in ('IN_TRANSIT','OUT_FOR_DELIVERY') and
 *       orderId=o.orderId)) where timer:within(retention)}: the order's first signature with no
 *       transit scan before it, less than the retention after the order (the edge excluded, as
 *       CEP's {@code within}).
 *   <li>MALICIOUS_REVIEW: {@code every a=Review(rating<=maxRating) -> ([minReviews-1:]
 *       b=Review(rating<=maxRating and shop=a.shop) until timer:interval(window + 1 msec))}.
 * </ul>
 *
 * <p>CEP's {@code timesOrMore(n).within(w)} with no skip reports one match per pair (first, last)
 * of a shop's qualifying events at most {@code w} apart, with every qualifying event between them,
 * and its process function keeps those that pass the rule's test. Esper's pattern gives, per first
 * event, the longest such run once its window has passed; the listener judges each of its prefixes
 * of at least {@code n} events as CEP's process function judges each match, so both count the same
 * matches and flag the same shops. The differences: Esper reports a run when its window closes (the
 * end of the input advances the clock past every window), not at its last event; and the test of a
 * match is Java in the listener, as it is in CEP's process function. An Esper-only statement
 * ({@code having} over a {@code #time} window, say) would judge the whole window as brushguard
 * does, not CEP's runs.
 */
public final class EsperFamilies implements AutoCloseable {

    public static final String BRUSHING = "BRUSHING";
    public static final String EMPTY_PARCEL = "EMPTY_PARCEL";
    public static final String MALICIOUS_REVIEW = "MALICIOUS_REVIEW";

    private static final AtomicInteger RUNTIMES = new AtomicInteger();

    private final Thresholds t;
    private final EPRuntime runtime;
    private final EPEventService events;
    private final Map<String, long[]> matches = new LinkedHashMap<>();
    private final Map<String, Set<String>> units = new LinkedHashMap<>();
    private long lastTime;

    /** A runtime with the three statements deployed and its clock at {@code start}. */
    public EsperFamilies(Thresholds t, long start) {
        this.t = t;
        for (String f : FamilyResult.FAMILIES) {
            matches.put(f, new long[1]);
            units.put(f, new HashSet<>());
        }
        Configuration conf = new Configuration();
        conf.getRuntime().getThreading().setInternalTimerEnabled(false);
        conf.getCommon()
                .addEventType(
                        "Ord",
                        new String[] {"orderId", "shop", "buyer", "status", "ts"},
                        new Object[] {
                            String.class, String.class, String.class, String.class, Long.class
                        });
        conf.getCommon()
                .addEventType(
                        "Payment",
                        new String[] {"orderId", "ts"},
                        new Object[] {String.class, Long.class});
        conf.getCommon()
                .addEventType(
                        "Scan",
                        new String[] {"orderId", "scan", "ts"},
                        new Object[] {String.class, String.class, Long.class});
        conf.getCommon()
                .addEventType(
                        "Review",
                        new String[] {"shop", "reviewer", "rating", "ts"},
                        new Object[] {String.class, String.class, Integer.class, Long.class});
        String epl =
                "@name('brushing') "
                        + brushingEpl(t)
                        + ";\n@name('empty-parcel') "
                        + emptyParcelEpl(t)
                        + ";\n@name('malicious-review') "
                        + lowRatingBurstEpl(t);
        EPCompiled compiled;
        try {
            compiled = EPCompilerProvider.getCompiler().compile(epl, new CompilerArguments(conf));
        } catch (EPCompileException e) {
            throw new IllegalStateException("EPL does not compile: " + epl, e);
        }
        runtime =
                EPRuntimeProvider.getRuntime(
                        "brushguard-families-" + RUNTIMES.incrementAndGet(), conf);
        runtime.initialize();
        events = runtime.getEventService();
        events.clockExternal();
        events.advanceTime(start);
        lastTime = start;
        EPStatement[] statements;
        try {
            statements = runtime.getDeploymentService().deploy(compiled).getStatements();
        } catch (EPDeployException e) {
            throw new IllegalStateException("EPL does not deploy: " + epl, e);
        }
        for (EPStatement s : statements) {
            switch (s.getName()) {
                case "brushing":
                    s.addListener((in, old, st, rt) -> runs(in, BRUSHING));
                    break;
                case "empty-parcel":
                    s.addListener((in, old, st, rt) -> signed(in));
                    break;
                default:
                    s.addListener((in, old, st, rt) -> runs(in, MALICIOUS_REVIEW));
            }
        }
    }

    /** Brushing: per created order, the shop's following created orders within the window. */
    public static String brushingEpl(Thresholds t) {
        return "select a, b from pattern [every a=Ord(status='CREATED') -> (["
                + (t.minOrders() - 1)
                + ":] b=Ord(status='CREATED' and shop=a.shop) until timer:interval("
                + (t.brushingWindowMs() + 1)
                + " msec))]";
    }

    /** Empty parcel: an order's first signature with no transit scan before it, in retention. */
    public static String emptyParcelEpl(Thresholds t) {
        return "select o.orderId as orderId from pattern [every o=Ord(status='CREATED') ->"
                + " (s=Scan(scan='SIGNED' and orderId=o.orderId) and not Scan(scan in"
                + " ('IN_TRANSIT','OUT_FOR_DELIVERY') and orderId=o.orderId)) where timer:within("
                + t.retentionMs()
                + " msec)]";
    }

    /** Malicious review: per low rating, the shop's following low ratings within the window. */
    public static String lowRatingBurstEpl(Thresholds t) {
        return "select a, b from pattern [every a=Review(rating<="
                + t.maxRating()
                + ") -> (["
                + (t.minReviews() - 1)
                + ":] b=Review(rating<="
                + t.maxRating()
                + " and shop=a.shop) until timer:interval("
                + (t.reviewWindowMs() + 1)
                + " msec))]";
    }

    /**
     * A run: the first event {@code a} and the following ones {@code b}, in order. Each prefix of
     * at least the rule's minimum is one CEP match; count those that pass the rule's test.
     */
    private void runs(EventBean[] in, String family) {
        for (EventBean m : in) {
            Object[] a = (Object[]) m.get("a");
            Object[][] b = (Object[][]) m.get("b");
            boolean brushing = family == BRUSHING;
            // Ord: shop 1, buyer 2; Review: shop 0, reviewer 1.
            int actor = brushing ? 2 : 1;
            int min = brushing ? t.minOrders() : t.minReviews();
            Set<Object> actors = new HashSet<>();
            actors.add(a[actor]);
            long passed = 0;
            for (int i = 0; i < b.length; i++) {
                actors.add(b[i][actor]);
                int size = i + 2;
                if (size < min) {
                    continue;
                }
                boolean pass =
                        brushing
                                ? (double) size / actors.size() >= t.minOrdersPerBuyer()
                                        && actors.size() <= t.maxRingBuyers()
                                : actors.size() >= t.minReviewers();
                if (pass) {
                    passed++;
                }
            }
            if (passed > 0) {
                matches.get(family)[0] += passed;
                units.get(family).add((String) a[brushing ? 1 : 0]);
            }
        }
    }

    private void signed(EventBean[] in) {
        for (EventBean m : in) {
            matches.get(EMPTY_PARCEL)[0]++;
            units.get(EMPTY_PARCEL).add((String) m.get("orderId"));
        }
    }

    /** Advances the clock to the event's time, then sends it as its type's object array. */
    public void accept(Event e) {
        if (e.ts() > lastTime) {
            events.advanceTime(e.ts());
            lastTime = e.ts();
        }
        switch (e.kind()) {
            case FamilyEvents.ORDER:
                events.sendEventObjectArray(
                        new Object[] {e.orderId(), e.shop(), e.actor(), e.code(), e.ts()}, "Ord");
                break;
            case FamilyEvents.PAYMENT:
                events.sendEventObjectArray(new Object[] {e.orderId(), e.ts()}, "Payment");
                break;
            case FamilyEvents.SCAN:
                events.sendEventObjectArray(new Object[] {e.orderId(), e.code(), e.ts()}, "Scan");
                break;
            default:
                events.sendEventObjectArray(
                        new Object[] {e.shop(), e.actor(), e.rating(), e.ts()}, "Review");
        }
    }

    /**
     * The end of the input: advances the clock past every window, so that the runs still open are
     * reported (CEP's final watermark does the same).
     */
    public void finish() {
        long longest =
                Math.max(t.retentionMs(), Math.max(t.brushingWindowMs(), t.reviewWindowMs()));
        lastTime += longest + 2;
        events.advanceTime(lastTime);
    }

    public long matches(String family) {
        return matches.get(family)[0];
    }

    public Set<String> units(String family) {
        return new TreeSet<>(units.get(family));
    }

    /** The detections so far, with the events and seconds given. */
    public FamilyResult result(long consumed, long of, double seconds, boolean finished) {
        Map<String, Long> m = new LinkedHashMap<>();
        Map<String, Set<String>> u = new LinkedHashMap<>();
        for (String f : FamilyResult.FAMILIES) {
            m.put(f, matches(f));
            u.put(f, units(f));
        }
        return new FamilyResult(consumed, of, seconds, finished, m, u);
    }

    /** All of {@code events} (in stream order) through a fresh runtime, then {@link #finish}. */
    public static FamilyResult run(Thresholds t, List<Event> events) {
        try (EsperFamilies esper =
                new EsperFamilies(t, events.isEmpty() ? 0 : events.get(0).ts())) {
            events.forEach(esper::accept);
            esper.finish();
            return esper.result(events.size(), events.size(), 0, true);
        }
    }

    @Override
    public void close() {
        runtime.destroy();
    }
}
