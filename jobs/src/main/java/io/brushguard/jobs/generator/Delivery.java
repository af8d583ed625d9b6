package io.brushguard.jobs.generator;

import io.brushguard.avro.ScanType;

import java.util.List;

import static io.brushguard.jobs.generator.World.HOUR;
import static io.brushguard.jobs.generator.World.MINUTE;

/**
 * A parcel's normal journey after its waybill is created: PICKED_UP at the shop (with the measured
 * weight) by the courier serving the shop, one IN_TRANSIT scan per depot on the route (1 within a
 * city, 2 within a region, 3-4 across regions), OUT_FOR_DELIVERY by the courier serving the address
 * during the delivery shift, then SIGNED hours later, or RETURNED when refused at the door. Door to
 * door this takes under a day within a city and about 2-4 days across the country.
 */
final class Delivery {

    /** When the parcel was signed for or returned (-1 for the one that did not happen). */
    record Outcome(long pickedUpAt, long signedAt, long returnedAt) {}

    private Delivery() {}

    /**
     * Emits the scans after CREATED.
     *
     * @param createdAt when the waybill was created (the order's SHIPPED follows within minutes,
     *     the pickup at least 20 minutes later)
     * @param pickupMedianMs median wait for the courier after the label is printed
     * @param weightGrams the weight measured at pickup, or null when the scale reading is missing
     * @param refused whether the buyer refuses the parcel (RETURNED instead of SIGNED)
     */
    static Outcome deliver(
            World world,
            Rand rand,
            OrderRecord o,
            String waybill,
            Carrier carrier,
            long createdAt,
            long pickupMedianMs,
            Integer weightGrams,
            boolean refused) {
        String from = o.shop.city;
        String to = o.destinationCity();

        long t =
                World.withinHours(
                        createdAt + rand.durationMs(pickupMedianMs, 0.7, 20 * MINUTE, 30 * HOUR),
                        9,
                        20,
                        rand);
        long pickedUp = t;
        world.scan(
                waybill,
                o,
                carrier,
                carrier.courierFor(from, o.shop.id),
                ScanType.PICKED_UP,
                t,
                from,
                weightGrams);

        List<String> depots = world.geo.route(rand, from, to);
        boolean far = world.geo.distance(from, to) == 2;
        for (int i = 0; i < depots.size(); i++) {
            long hop =
                    i == 0
                            ? rand.durationMs(3 * HOUR, 0.5, 30 * MINUTE, 12 * HOUR)
                            : rand.durationMs((far ? 14 : 8) * HOUR, 0.4, 3 * HOUR, 40 * HOUR);
            t += Math.round(hop * carrier.speed);
            world.scan(waybill, o, carrier, null, ScanType.IN_TRANSIT, t, depots.get(i), null);
        }

        String courier = carrier.courierFor(to, o.addressId == null ? o.buyer.id : o.addressId);
        t =
                World.withinHours(
                        t + rand.durationMs(2 * HOUR, 0.5, 30 * MINUTE, 8 * HOUR), 8, 18, rand);
        world.scan(waybill, o, carrier, courier, ScanType.OUT_FOR_DELIVERY, t, to, null);
        if (refused) {
            t += rand.durationMs(3 * HOUR, 0.6, 20 * MINUTE, 10 * HOUR);
            world.scan(waybill, o, carrier, courier, ScanType.RETURNED, t, to, null);
            return new Outcome(pickedUp, -1, t);
        }
        t += rand.durationMs(150 * MINUTE, 0.6, 10 * MINUTE, 10 * HOUR);
        world.scan(waybill, o, carrier, courier, ScanType.SIGNED, t, to, null);
        return new Outcome(pickedUp, t, -1);
    }

    /** Weight on the scale at pickup: the goods plus 5-30% packaging, give or take. */
    static int packedWeight(Rand rand, OrderRecord o) {
        double goods = (double) o.item.weightGrams() * o.quantity;
        return (int)
                Math.max(30, Math.round(goods * rand.uniform(1.05, 1.3) + rand.between(5, 40)));
    }
}
