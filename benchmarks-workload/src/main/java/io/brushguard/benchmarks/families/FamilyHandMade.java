package io.brushguard.benchmarks.families;

import io.brushguard.benchmarks.families.FamilyEvents.Event;
import io.brushguard.benchmarks.families.FamilyEvents.Thresholds;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Hand-made cases of the three families' core rules, each on its own shop or order, in one stream
 * in stream order ({@link FamilyEvents#STREAM_ORDER}), with the matches and units every contender
 * that follows CEP's semantics must report: Esper in {@code EsperFamiliesTest}, stock Flink CEP in
 * {@code CepFamiliesEsperCasesTest}. The thresholds are the shipped ones, which the CEP test checks
 * against brushguard's DetectionRules.
 */
public final class FamilyHandMade {

    private FamilyHandMade() {}

    public static final long T0 = 1_793_606_400_000L; // 2026-11-02T08:00:00Z
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    /** The shipped thresholds: 1 h, 3 orders, 3.0 per buyer, 6 buyers; 7 d; 6 h, <= 2, 5, 4. */
    public static final Thresholds SHIPPED =
            new Thresholds(HOUR, 3, 3.0, 6, 7 * DAY, 6 * HOUR, 2, 5, 4);

    /** Every case in one stream, in stream order. */
    public static final List<Event> EVENTS = events();

    // ---- brushing: runs of >= 3 created orders within 1 h, >= 3.0 per buyer, <= 6 buyers ----

    /** The shops each case expects flagged, and the matches (runs that pass) in all. */
    public static final Set<String> BRUSHING_UNITS =
            Set.of("shop-b-edge", "shop-b-six", "shop-b-prefix", "shop-b-four", "shop-b-sub");

    /** edge 1, six 1, prefix 1 (the first 3 of 4), four 3 (0-2, 1-3, 0-3), sub 1 (the last 3). */
    public static final long BRUSHING_MATCHES = 7;

    // ---- empty parcel: the first signature with no transit scan before it, within 7 d ----
    // (each order at its own shop, so that no shop has enough orders for brushing)

    public static final Set<String> EMPTY_PARCEL_UNITS =
            Set.of("p-bare", "p-late-transit", "p-week-in", "p-twice");

    public static final long EMPTY_PARCEL_MATCHES = 4;

    // ---- malicious review: runs of >= 5 ratings <= 2 within 6 h from >= 4 accounts ----

    public static final Set<String> MALICIOUS_REVIEW_UNITS =
            Set.of("shop-r-edge", "shop-r-six", "shop-r-skip");

    /** edge 1, six 3 (0-4, 1-5, 0-5), skip 1 (the 3-star rating is skipped over). */
    public static final long MALICIOUS_REVIEW_MATCHES = 5;

    private static List<Event> events() {
        List<Event> e = new ArrayList<>();
        // One buyer, 3 orders, the last exactly one hour after the first: inside the window.
        orders(e, "shop-b-edge", new String[] {"u1", "u1", "u1"}, new long[] {0, 30, 60}, 0);
        orders(e, "shop-b-out", new String[] {"u1", "u1", "u1"}, new long[] {0, 30, 60}, 1);
        orders(e, "shop-b-two", new String[] {"u1", "u1"}, new long[] {0, 1}, 0);
        // 6 orders of 2 buyers (3.0 per buyer): only the whole run passes.
        orders(e, "shop-b-six", new String[] {"u0", "u1", "u0", "u1", "u0", "u1"}, minutes(6), 0);
        orders(e, "shop-b-five", new String[] {"u0", "u1", "u0", "u1", "u0"}, minutes(5), 0);
        // 3 of one buyer, then another's: the first 3 pass, all 4 (2.0) do not.
        orders(e, "shop-b-prefix", new String[] {"u1", "u1", "u1", "u2"}, minutes(4), 0);
        // 4 of one buyer: every run of 3 or 4.
        orders(e, "shop-b-four", new String[] {"u1", "u1", "u1", "u1"}, minutes(4), 0);
        // Another buyer first, then 3 of one buyer: the last 3 pass (brushguard, judging the
        // whole hour, does not fire).
        orders(e, "shop-b-sub", new String[] {"u9", "u1", "u1", "u1"}, minutes(4), 0);
        // Paid orders are no created orders.
        for (int i = 0; i < 3; i++) {
            e.add(Event.order("b-paid-" + i, "shop-b-paid", "u1", "PAID", T0 + i * MINUTE));
        }

        parcel(e, "p-bare", "PICKED_UP", "SIGNED");
        parcel(e, "p-transit", "PICKED_UP", "IN_TRANSIT", "SIGNED");
        parcel(e, "p-delivery", "PICKED_UP", "OUT_FOR_DELIVERY", "SIGNED");
        parcel(e, "p-late-transit", "PICKED_UP", "SIGNED", "IN_TRANSIT");
        parcel(e, "p-twice", "PICKED_UP", "SIGNED", "SIGNED");
        // A transit scan at the instant of the signature, arriving after it: counts as before.
        e.add(Event.order("p-tie", "shop-p-tie", "u1", "CREATED", T0));
        e.add(Event.scan("p-tie", "SIGNED", T0 + 2 * HOUR));
        e.add(Event.scan("p-tie", "IN_TRANSIT", T0 + 2 * HOUR));
        // Signed 1 ms before the retention: in; exactly at it: out (CEP's within excludes it).
        e.add(Event.order("p-week-in", "shop-p-week-in", "u1", "CREATED", T0));
        e.add(Event.scan("p-week-in", "SIGNED", T0 + 7 * DAY - 1));
        e.add(Event.order("p-week-at", "shop-p-week-at", "u1", "CREATED", T0));
        e.add(Event.scan("p-week-at", "SIGNED", T0 + 7 * DAY));
        // A signature with no created order before it.
        e.add(Event.order("p-paid-only", "shop-p-paid-only", "u1", "PAID", T0));
        e.add(Event.scan("p-paid-only", "SIGNED", T0 + HOUR));

        // 5 low ratings from 4 accounts, the last exactly 6 h after the first.
        reviews(e, "shop-r-edge", new int[] {2, 1, 2, 1, 2}, 4, 6 * HOUR);
        reviews(e, "shop-r-out", new int[] {2, 1, 2, 1, 2}, 4, 6 * HOUR + 1);
        reviews(e, "shop-r-three", new int[] {1, 1, 1, 1, 1}, 3, HOUR);
        reviews(e, "shop-r-three-stars", new int[] {1, 2, 3, 1, 2}, 5, HOUR);
        // 6 low ratings from 6 accounts: runs 0-4, 1-5, 0-5.
        reviews(e, "shop-r-six", new int[] {1, 1, 1, 1, 1, 1}, 6, HOUR);
        // 5 low ratings around a 5-star one, from 5 accounts.
        reviews(e, "shop-r-skip", new int[] {1, 2, 5, 1, 2, 1}, 6, HOUR);
        e.sort(FamilyEvents.STREAM_ORDER);
        return List.copyOf(e);
    }

    private static long[] minutes(int n) {
        long[] m = new long[n];
        for (int i = 0; i < n; i++) {
            m[i] = i;
        }
        return m;
    }

    private static void orders(
            List<Event> e, String shop, String[] buyers, long[] minutes, long extraMs) {
        for (int i = 0; i < buyers.length; i++) {
            long at = T0 + minutes[i] * MINUTE + (i == buyers.length - 1 ? extraMs : 0);
            e.add(Event.order(shop + "-o" + i, shop, buyers[i], "CREATED", at));
        }
    }

    /** An order created at T0 (its own shop), then its scans one hour apart. */
    private static void parcel(List<Event> e, String order, String... scans) {
        e.add(Event.order(order, "shop-" + order, "u1", "CREATED", T0));
        for (int i = 0; i < scans.length; i++) {
            e.add(Event.scan(order, scans[i], T0 + (i + 1) * HOUR));
        }
    }

    /** Ratings one minute apart but the last, at {@code last} after the first. */
    private static void reviews(
            List<Event> e, String shop, int[] ratings, int accounts, long last) {
        for (int i = 0; i < ratings.length; i++) {
            long at = i == ratings.length - 1 ? last : i * MINUTE;
            e.add(Event.review(shop, "troll-" + (i % accounts), ratings[i], T0 + at));
        }
    }
}
