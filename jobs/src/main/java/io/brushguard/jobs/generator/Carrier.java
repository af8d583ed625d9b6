package io.brushguard.jobs.generator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A logistics company: its market share, speed, waybill number format, and couriers per city.
 *
 * <p>Couriers serve areas, so the same courier picks up from a given shop and delivers to a given
 * address again and again ({@link #courierFor}); a courier seen on many of one shop's parcels is
 * normal, not a sign of collusion.
 */
final class Carrier {

    final String id;
    final double share;

    /** Multiplier on transit times (SF is the fast, premium carrier). */
    final double speed;

    private final String waybillPrefix;
    private final int waybillDigits;
    private final Map<String, List<String>> couriers = new LinkedHashMap<>();

    private Carrier(String id, double share, double speed, String prefix, int digits) {
        this.id = id;
        this.share = share;
        this.speed = speed;
        this.waybillPrefix = prefix;
        this.waybillDigits = digits;
    }

    static List<Carrier> standard(Ids ids, Rand rand) {
        List<Carrier> carriers =
                List.of(
                        new Carrier("ZTO", 26, 1.0, "7", 13),
                        new Carrier("YTO", 21, 1.05, "YT", 13),
                        new Carrier("YUNDA", 18, 1.1, "43", 13),
                        new Carrier("STO", 15, 1.1, "77", 12),
                        new Carrier("SF", 12, 0.7, "SF", 13));
        for (Carrier c : carriers) {
            for (Geo.City city : Geo.CITIES) {
                int n = (int) Math.round(3 + city.buyerWeight() * 1.5 + rand.nextInt(3));
                List<String> list = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    list.add(ids.digits("cr" + c.id.toLowerCase(Locale.ROOT) + "-", 6));
                }
                c.couriers.put(city.code(), list);
            }
        }
        return carriers;
    }

    String newWaybill(Ids ids) {
        return ids.digits(waybillPrefix, waybillDigits);
    }

    /** The courier serving {@code area} (a shop id or an address id) in {@code city}. */
    String courierFor(String city, String area) {
        List<String> list = couriers.get(city);
        return list.get(Math.floorMod(area.hashCode() * 31 + id.hashCode(), list.size()));
    }

    /** Any courier of this carrier in the city. */
    String anyCourier(Rand rand, String city) {
        return rand.pick(couriers.get(city));
    }
}
