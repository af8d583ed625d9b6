package io.brushguard.jobs.generator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cities, depots and IP address space of the simulated platform (China, by the policy it serves).
 *
 * <p>Buyers live where people live; sellers cluster in the e-commerce belts (Hangzhou, Yiwu,
 * Guangzhou, Shenzhen, Quanzhou, Dongguan). Parcels travel between city sorting centres ({@code
 * HGH-DC1}) through trunk hubs ({@code WUH-HUB}); the number of hops grows with distance.
 *
 * <p>IP addresses are shared the way they are in life, which detectors must live with: a household
 * shares its broadband IP, many mobile users share a carrier-grade NAT address, colleagues share an
 * office address.
 */
final class Geo {

    /** A city: its code (used as scan location), region, and relative buyer and seller counts. */
    record City(String code, String region, double buyerWeight, double shopWeight) {}

    static final List<City> CITIES =
            List.of(
                    new City("SHA", "east", 10, 8),
                    new City("PEK", "north", 9, 4),
                    new City("CAN", "south", 8, 9),
                    new City("SZX", "south", 7, 8),
                    new City("HGH", "east", 6, 12),
                    new City("YIW", "east", 1, 8),
                    new City("CTU", "southwest", 6, 3),
                    new City("CKG", "southwest", 5, 2),
                    new City("WUH", "central", 5, 2),
                    new City("XIY", "northwest", 4, 1),
                    new City("NKG", "east", 4, 2),
                    new City("TSN", "north", 4, 1),
                    new City("SZV", "east", 4, 4),
                    new City("CSX", "central", 3, 1),
                    new City("CGO", "central", 4, 1),
                    new City("TAO", "north", 3, 1),
                    new City("XMN", "south", 2, 2),
                    new City("JJN", "south", 1, 4),
                    new City("KMG", "southwest", 3, 1),
                    new City("SHE", "northeast", 3, 1),
                    new City("HRB", "northeast", 3, 1),
                    new City("DLC", "northeast", 2, 1),
                    new City("FOC", "south", 2, 1),
                    new City("HFE", "east", 3, 1),
                    new City("TNA", "north", 3, 1),
                    new City("NNG", "south", 2, 0.5),
                    new City("KWE", "southwest", 2, 0.5),
                    new City("LHW", "northwest", 1.5, 0.3),
                    new City("URC", "northwest", 1.5, 0.3),
                    new City("NGB", "east", 3, 3),
                    new City("DGG", "south", 3, 5));

    private static final List<String> TRUNK_HUBS =
            List.of("CGO", "WUH", "SHA", "CAN", "CTU", "XIY", "PEK");

    // First octets of Chinese broadband, mobile and cloud address space, for plausible-looking IPs.
    private static final int[] BROADBAND_OCTETS = {
        58, 60, 61, 101, 106, 110, 112, 113, 114, 115, 116, 119, 121, 122, 123, 124, 125, 171, 175,
        180, 182, 183, 202, 210, 211, 218, 219, 220, 221, 222
    };
    private static final int[] MOBILE_OCTETS = {36, 39, 42, 111, 117, 120, 223};
    private static final String[] CLOUD_PREFIXES = {
        "47.96.", "47.98.", "120.55.", "8.134.", "43.139."
    };

    private final Map<String, City> byCode = new LinkedHashMap<>();
    private final double[] buyerCumulative;
    private final double[] shopCumulative;
    private final Map<String, int[]> broadbandPrefixes = new LinkedHashMap<>();
    private final Map<String, List<String>> mobilePools = new LinkedHashMap<>();
    private final Map<String, List<String>> officePools = new LinkedHashMap<>();

    /**
     * @param buyers number of buyers, to size the shared mobile and office address pools so that
     *     sharing is about as dense at any scale
     */
    Geo(Rand rand, int buyers) {
        double[] bw = new double[CITIES.size()];
        double[] sw = new double[CITIES.size()];
        double totalBuyerWeight = 0;
        for (int i = 0; i < CITIES.size(); i++) {
            City c = CITIES.get(i);
            byCode.put(c.code(), c);
            bw[i] = c.buyerWeight();
            sw[i] = c.shopWeight();
            totalBuyerWeight += c.buyerWeight();
        }
        buyerCumulative = Rand.cumulative(bw);
        shopCumulative = Rand.cumulative(sw);
        for (City c : CITIES) {
            int[] prefixes = new int[4];
            for (int i = 0; i < prefixes.length; i += 2) {
                prefixes[i] = BROADBAND_OCTETS[rand.nextInt(BROADBAND_OCTETS.length)];
                prefixes[i + 1] = rand.nextInt(256);
            }
            broadbandPrefixes.put(c.code(), prefixes);
            double cityBuyers = buyers * c.buyerWeight() / totalBuyerWeight;
            // About 40 mobile users behind each carrier-grade NAT address, 25 staff per office.
            mobilePools.put(c.code(), pool(rand, MOBILE_OCTETS, Math.max(4, cityBuyers / 40)));
            officePools.put(c.code(), pool(rand, BROADBAND_OCTETS, Math.max(4, cityBuyers / 25)));
        }
    }

    private static List<String> pool(Rand rand, int[] octets, double size) {
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < (int) Math.ceil(size); i++) {
            ips.add(ipv4(rand, octets[rand.nextInt(octets.length)], rand.nextInt(256)));
        }
        return ips;
    }

    private static String ipv4(Rand rand, int a, int b) {
        return a + "." + b + "." + rand.nextInt(256) + "." + rand.between(1, 254);
    }

    City city(String code) {
        return byCode.get(code);
    }

    String buyerCity(Rand rand) {
        return CITIES.get(rand.pickIndex(buyerCumulative)).code();
    }

    String shopCity(Rand rand) {
        return CITIES.get(rand.pickIndex(shopCumulative)).code();
    }

    /** A household broadband address; some providers hand out IPv6. */
    String homeIp(Rand rand, String city) {
        if (rand.chance(0.15)) {
            return "240e:"
                    + rand.hex(3)
                    + ":"
                    + rand.hex(4)
                    + ":"
                    + rand.hex(4)
                    + "::"
                    + Integer.toHexString(rand.between(1, 0xfff));
        }
        int[] p = broadbandPrefixes.get(city);
        int i = rand.nextInt(2) * 2;
        return ipv4(rand, p[i], p[i + 1]);
    }

    /** A carrier-grade NAT address shared by many mobile users in the city. */
    String mobileIp(Rand rand, String city) {
        return rand.pick(mobilePools.get(city));
    }

    /** An office address shared by colleagues. */
    String officeIp(Rand rand, String city) {
        return rand.pick(officePools.get(city));
    }

    /** A cloud or proxy address, as fraud rings rent them. */
    String proxyIp(Rand rand) {
        return CLOUD_PREFIXES[rand.nextInt(CLOUD_PREFIXES.length)]
                + rand.nextInt(256)
                + "."
                + rand.between(1, 254);
    }

    /**
     * The depots a parcel is scanned at between pickup and delivery, in order: one city sorting
     * centre within a city, origin and destination centres within a region, and one or two trunk
     * hubs in between across regions.
     */
    List<String> route(Rand rand, String from, String to) {
        List<String> depots = new ArrayList<>();
        depots.add(from + "-DC" + rand.between(1, 2));
        if (from.equals(to)) {
            return depots;
        }
        if (!city(from).region().equals(city(to).region())) {
            int hubs = rand.chance(0.35) ? 2 : 1;
            List<String> candidates = new ArrayList<>(TRUNK_HUBS);
            candidates.remove(from);
            candidates.remove(to);
            for (String hub : rand.sample(candidates, hubs)) {
                depots.add(hub + "-HUB");
            }
        }
        depots.add(to + "-DC" + rand.between(1, 2));
        return depots;
    }

    /** 0 same city, 1 same region, 2 across regions. */
    int distance(String from, String to) {
        if (from.equals(to)) {
            return 0;
        }
        return city(from).region().equals(city(to).region()) ? 1 : 2;
    }
}
