package io.brushguard.jobs.generator;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.avro.ScanType;
import io.brushguard.patterns.model.PlatformEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The simulated platform: its shops, buyers, carriers and geography, the orders emitted so far, and
 * the primitives that turn a step of an order into a contract event. Background traffic and every
 * {@link EpisodeInjector} build on it, so that fraud is made of the same stuff as normal business
 * and differs from it only in the ways the episode says.
 *
 * <p>Local time is China Standard Time (UTC+8, no daylight saving); event times are epoch ms.
 */
final class World {

    static final long SECOND = 1_000;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    /** UTC+8: when people sleep, shop, and when couriers work. */
    static final long ZONE_OFFSET_MS = 8 * HOUR;

    /** Zipf exponent of shop popularity: a few big shops, a long tail of small ones. */
    private static final double SHOP_ZIPF = 0.9;

    final GeneratorConfig config;

    /** Orders are created in {@code [start, end)}; their later steps run past {@code end}. */
    final long start;

    final long end;

    final Ids ids;
    final Geo geo;
    final List<Carrier> carriers;
    final List<Shop> shops = new ArrayList<>();

    /** Shops by popularity, most popular first. */
    final List<Shop> shopsByRank = new ArrayList<>();

    final List<Buyer> buyers = new ArrayList<>();

    /** Background orders per shop id, in the order they were generated. */
    final Map<String, List<OrderRecord>> backgroundOrdersByShop = new HashMap<>();

    /** Shops taken by an injected episode, kept apart so labels stay unambiguous. */
    final Set<String> reservedShops = new HashSet<>();

    /**
     * Every subject named by an episode label so far (entity and related ids), so that hard
     * negatives pick honest accounts only.
     */
    final Set<String> episodeSubjects = new HashSet<>();

    private final double[] carrierCumulative;
    private final double[] shopCumulative;
    private final double[] buyerCumulative;
    private final Consumer<PlatformEvent> sink;
    private final List<PlatformEvent> events = new ArrayList<>();
    private Span capture;

    private World(GeneratorConfig config, Rand rand) {
        this.config = config;
        this.start = config.startEpochMs();
        this.end = start + config.days() * DAY;
        this.ids = new Ids(rand.split());
        this.geo = new Geo(rand.split(), config.buyers());
        this.carriers = Carrier.standard(ids, rand.split());
        this.carrierCumulative =
                Rand.cumulative(carriers.stream().mapToDouble(c -> c.share).toArray());
        this.sink = events::add;
        buildShops(rand.split());
        this.shopCumulative =
                Rand.cumulative(
                        shops.stream()
                                .mapToDouble(s -> Math.pow(s.popularityRank + 1, -SHOP_ZIPF))
                                .toArray());
        buildBuyers(rand.split());
        this.buyerCumulative =
                Rand.cumulative(buyers.stream().mapToDouble(b -> b.activity).toArray());
    }

    /** Builds the population (shops, buyers, carriers) of a new platform; no events yet. */
    static World create(GeneratorConfig config, Rand rand) {
        return new World(config, rand);
    }

    // ---------------------------------------------------------------------------------------
    // Population.

    private void buildShops(Rand rand) {
        Category[] categories = Category.values();
        double[] categoryCumulative = new double[categories.length];
        for (int i = 0; i < categories.length; i++) {
            categoryCumulative[i] = categories[i].shopShare;
        }
        categoryCumulative = Rand.cumulative(categoryCumulative);
        List<Integer> ranks = new ArrayList<>();
        for (int i = 0; i < config.shops(); i++) {
            ranks.add(i);
        }
        ranks = rand.sample(ranks, ranks.size());
        for (int i = 0; i < config.shops(); i++) {
            Category category = categories[rand.pickIndex(categoryCumulative)];
            int itemCount = (int) Math.max(3, Math.min(150, Math.round(rand.logNormal(18, 0.7))));
            List<Shop.Item> items = new ArrayList<>();
            double[] itemWeights = new double[itemCount];
            for (int k = 0; k < itemCount; k++) {
                items.add(
                        new Shop.Item(
                                ids.digits("it", 11),
                                category.drawPriceMinor(rand),
                                category.drawWeightGrams(rand)));
                itemWeights[k] = 1.0 / (k + 1); // best sellers first
            }
            Carrier primary = carriers.get(rand.pickIndex(carrierCumulative));
            Carrier secondary = primary;
            while (secondary == primary) {
                secondary = carriers.get(rand.pickIndex(carrierCumulative));
            }
            Shop.Quality quality = Shop.Quality.values()[rand.pickIndexOf(0.5, 0.38, 0.12)];
            double handling = Math.max(3, Math.min(48, rand.logNormal(14, 0.5)));
            shops.add(
                    new Shop(
                            ids.digits("s", 8),
                            category,
                            geo.shopCity(rand),
                            ranks.get(i),
                            quality,
                            List.copyOf(items),
                            Rand.cumulative(itemWeights),
                            primary,
                            secondary,
                            handling));
        }
        shopsByRank.addAll(shops);
        shopsByRank.sort(Comparator.comparingInt(s -> s.popularityRank));
    }

    private void buildBuyers(Rand rand) {
        while (buyers.size() < config.buyers()) {
            Buyer head = newBuyer(rand, geo.buyerCity(rand), drawRegistration(rand));
            buyers.add(head);
            // Households: family members share the home address and broadband, sometimes a tablet.
            if (rand.chance(0.06)) {
                int members = rand.between(1, 3);
                String sharedDevice = rand.chance(0.25) ? ids.hex("dv", 16) : null;
                if (sharedDevice != null) {
                    head.devices.add(sharedDevice);
                }
                for (int m = 0; m < members && buyers.size() < config.buyers(); m++) {
                    Buyer member = newBuyer(rand, head.city, drawRegistration(rand));
                    member.addresses.set(0, head.homeAddress());
                    member.homeIp = head.homeIp;
                    if (sharedDevice != null) {
                        // Often the family tablet is the main device of a parent or a child.
                        if (rand.chance(0.4)) {
                            member.devices.add(0, sharedDevice);
                        } else {
                            member.devices.add(sharedDevice);
                        }
                    }
                    for (Buyer other : head.household) {
                        other.household.add(member);
                        member.household.add(other);
                    }
                    head.household.add(member);
                    member.household.add(head);
                    buyers.add(member);
                }
            }
        }
    }

    private long drawRegistration(Rand rand) {
        switch (rand.pickIndexOf(0.78, 0.12, 0.06, 0.04)) {
            case 0:
                return start - (long) rand.logUniform(180 * DAY, 8 * 365 * DAY);
            case 1:
                return start - rand.between(30 * DAY, 180 * DAY);
            case 2:
                return start - rand.between(DAY, 30 * DAY);
            default:
                // Signs up while we record, orders only afterwards (see drawBuyer).
                return start + rand.between(0, config.days() * DAY - HOUR);
        }
    }

    /** A buyer with its own address, phone, home network and habits. */
    private Buyer newBuyer(Rand rand, String city, long registeredAt) {
        Buyer b = new Buyer(ids.digits("u", 10), registeredAt, city);
        b.addresses.add(ids.hex("ad", 16));
        if (rand.chance(0.15)) {
            b.addresses.add(ids.hex("ad", 16)); // work, parents...
        }
        b.devices.add(ids.hex("dv", 16));
        if (rand.chance(0.3)) {
            b.devices.add(ids.hex("dv", 16));
        }
        b.homeIp = geo.homeIp(rand, city);
        b.officeIp = rand.chance(0.35) ? geo.officeIp(rand, city) : null;
        b.activity = rand.logNormal(1, 0.9);
        b.paymentMethod =
                new String[] {"wallet", "card", "bank_transfer"}[rand.pickIndexOf(62, 28, 10)];
        b.reviewPropensity = rand.uniform(0.3, 1.7);
        b.harsh = rand.chance(0.1);
        return b;
    }

    /**
     * A fresh account outside the background population, as fraud rings register or buy them: own
     * phone, address and home network unless the caller replaces them.
     */
    Buyer newAccount(Rand rand, String city, long registeredAt) {
        Buyer b = newBuyer(rand, city, registeredAt);
        b.reviewPropensity = 1;
        return b;
    }

    Shop drawShop(Rand rand) {
        return shops.get(rand.pickIndex(shopCumulative));
    }

    /** A buyer by activity, registered at least a few minutes before {@code t}. */
    Buyer drawBuyer(Rand rand, long t) {
        Buyer b = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            b = buyers.get(rand.pickIndex(buyerCumulative));
            if (b.registeredAt < t - 5 * MINUTE) {
                return b;
            }
        }
        // Practically unreachable (most accounts are old); fall back to the first eligible one.
        for (Buyer any : buyers) {
            if (any.registeredAt < t - 5 * MINUTE) {
                return any;
            }
        }
        return b;
    }

    /** Any background buyer, uniformly (not by activity). */
    Buyer anyBuyer(Rand rand) {
        return rand.pick(buyers);
    }

    /**
     * A shop for an episode: drawn from popularity ranks {@code [fromRank, toRank)} (fractions of
     * all shops), not yet used by another episode, and reserved for this one.
     */
    Shop reserveShop(Rand rand, double fromRank, double toRank) {
        return reserveShop(rand, fromRank, toRank, s -> true);
    }

    /** As {@link #reserveShop(Rand, double, double)}, preferring shops that pass {@code wanted}. */
    Shop reserveShop(Rand rand, double fromRank, double toRank, Predicate<Shop> wanted) {
        int lo = Math.min(shopsByRank.size() - 1, (int) Math.floor(fromRank * shopsByRank.size()));
        int hi = Math.max(lo + 1, (int) Math.ceil(toRank * shopsByRank.size()));
        hi = Math.min(hi, shopsByRank.size());
        for (int attempt = 0; attempt < 1000; attempt++) {
            Shop s = shopsByRank.get(rand.between(lo, hi - 1));
            if (!reservedShops.contains(s.id) && (attempt >= 500 || wanted.test(s))) {
                reservedShops.add(s.id);
                return s;
            }
        }
        for (Shop s : shopsByRank) {
            if (reservedShops.add(s.id)) {
                return s;
            }
        }
        throw new IllegalStateException("every shop is already used by an episode");
    }

    /**
     * Opens a shop outside the background population (no background order is ever drawn on it),
     * reserved at once. For scenarios that need a shop of a kind the background lacks.
     */
    Shop addShop(Category category, String city, Shop.Quality quality, List<Shop.Item> items) {
        double[] weights = new double[items.size()];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = 1.0 / (k + 1);
        }
        Shop s =
                new Shop(
                        ids.digits("s", 8),
                        category,
                        city,
                        shops.size(),
                        quality,
                        List.copyOf(items),
                        Rand.cumulative(weights),
                        carriers.get(0),
                        carriers.get(1),
                        12);
        shops.add(s);
        reservedShops.add(s.id);
        return s;
    }

    // ---------------------------------------------------------------------------------------
    // Orders and events.

    /** A new order (no event yet); background orders are remembered per shop. */
    OrderRecord newOrder(
            Shop shop,
            Buyer buyer,
            Shop.Item item,
            int quantity,
            long amount,
            long createdAt,
            String deviceId,
            String ip,
            String addressId,
            boolean background) {
        OrderRecord o =
                new OrderRecord(
                        ids.digits("o", 16),
                        shop,
                        buyer,
                        item,
                        quantity,
                        amount,
                        createdAt,
                        deviceId,
                        ip,
                        addressId);
        if (background) {
            backgroundOrdersByShop.computeIfAbsent(shop.id, k -> new ArrayList<>()).add(o);
        }
        return o;
    }

    void order(OrderRecord o, OrderStatus status, long t) {
        emit(
                PlatformEvent.of(
                        new OrderEvent(
                                o.id,
                                status,
                                Instant.ofEpochMilli(t),
                                o.shop.id,
                                o.buyer.id,
                                o.item.id(),
                                o.shop.category.label,
                                o.amount,
                                o.quantity,
                                Instant.ofEpochMilli(o.buyer.registeredAt),
                                o.deviceId,
                                o.ip,
                                o.addressId)),
                t);
    }

    void payment(
            String paymentId,
            OrderRecord o,
            PaymentStatus status,
            long t,
            String payerId,
            String method) {
        emit(
                PlatformEvent.of(
                        new PaymentEvent(
                                paymentId,
                                o.id,
                                status,
                                Instant.ofEpochMilli(t),
                                payerId,
                                method,
                                o.amount)),
                t);
    }

    void scan(
            String waybillId,
            OrderRecord o,
            Carrier carrier,
            String courierId,
            ScanType scan,
            long t,
            String location,
            Integer weightGrams) {
        emit(
                PlatformEvent.of(
                        new LogisticsEvent(
                                waybillId,
                                o.id,
                                carrier.id,
                                courierId,
                                scan,
                                Instant.ofEpochMilli(t),
                                location,
                                weightGrams)),
                t);
    }

    void review(
            String orderId,
            Shop shop,
            String reviewerId,
            int rating,
            long t,
            String textHash,
            String deviceId,
            String ip) {
        emit(
                PlatformEvent.of(
                        new ReviewEvent(
                                ids.digits("rv", 14),
                                orderId,
                                shop.id,
                                reviewerId,
                                rating,
                                Instant.ofEpochMilli(t),
                                textHash,
                                deviceId,
                                ip)),
                t);
    }

    private void emit(PlatformEvent event, long t) {
        sink.accept(event);
        if (capture != null) {
            capture.include(t);
        }
    }

    /** From now on, record the span of every event emitted (for an episode's start and end). */
    void startCapture() {
        capture = new Span();
    }

    /** Stops recording and returns the span of the events emitted since {@link #startCapture}. */
    Span stopCapture() {
        Span s = capture;
        capture = null;
        return s;
    }

    /** Every event emitted, sorted by event time (stable: same-time events keep emission order). */
    List<PlatformEvent> sortedEvents() {
        List<PlatformEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(PlatformEvent::eventTime));
        return sorted;
    }

    // ---------------------------------------------------------------------------------------
    // Time of day.

    static int localHour(long t) {
        return (int) Math.floorMod(Math.floorDiv(t + ZONE_OFFSET_MS, HOUR), 24L);
    }

    /** Start of the local day containing {@code t}. */
    static long localDayStart(long t) {
        return t - Math.floorMod(t + ZONE_OFFSET_MS, DAY);
    }

    /**
     * {@code t} if its local hour is within {@code [fromHour, toHour)}, otherwise the next time
     * that window opens plus a little queueing jitter: shops print labels and couriers pick up
     * during working hours.
     */
    static long withinHours(long t, int fromHour, int toHour, Rand rand) {
        int h = localHour(t);
        if (h >= fromHour && h < toHour) {
            return t;
        }
        long open = localDayStart(t) + fromHour * HOUR;
        if (open <= t) {
            open += DAY;
        }
        return open + rand.between(0, Math.min(90 * MINUTE, (toHour - fromHour) * HOUR - 1));
    }

    /** Most people do not confirm receipt or write reviews between 1 and 7 at night. */
    static long awake(long t, Rand rand) {
        int h = localHour(t);
        if (h >= 1 && h < 7 && rand.chance(0.85)) {
            return localDayStart(t) + 7 * HOUR + rand.between(0, 3 * HOUR);
        }
        return t;
    }
}
