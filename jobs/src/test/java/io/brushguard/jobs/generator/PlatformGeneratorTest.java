package io.brushguard.jobs.generator;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.avro.ScanType;
import io.brushguard.jobs.dataset.Dataset;
import io.brushguard.jobs.dataset.DatasetReader;
import io.brushguard.jobs.dataset.DatasetWriter;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;
import io.brushguard.patterns.quality.Episode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformGeneratorTest {

    static final long HOUR = 3_600_000L;

    static final GeneratorConfig SMALL =
            GeneratorConfig.defaults()
                    .withSeed(7)
                    .withDays(2)
                    .withShops(300)
                    .withBuyers(5_000)
                    .withOrdersPerDay(3_000)
                    .withEpisodesPerKind(4);

    static GeneratedData data;

    /** Everything about one order, in list (= event-time) order. */
    static final class OrderTrail {
        final List<OrderEvent> orders = new ArrayList<>();
        final List<PaymentEvent> payments = new ArrayList<>();
        final Map<String, List<LogisticsEvent>> waybills = new LinkedHashMap<>();
        final List<ReviewEvent> reviews = new ArrayList<>();

        OrderEvent created() {
            return orders.get(0);
        }

        boolean has(OrderStatus status) {
            return orders.stream().anyMatch(o -> o.getStatus() == status);
        }

        long time(OrderStatus status) {
            return orders.stream()
                    .filter(o -> o.getStatus() == status)
                    .findFirst()
                    .orElseThrow()
                    .getEventTime()
                    .toEpochMilli();
        }
    }

    static Map<String, OrderTrail> trails;
    static Map<String, Episode> episodeOfOrder;
    static Map<String, GeneratedData.HardNegative> hardNegativeOfOrder;

    @BeforeAll
    static void generate() {
        data = PlatformGenerator.generate(SMALL);
        trails = new HashMap<>();
        for (PlatformEvent e : data.events()) {
            String orderId = e.orderId();
            if (orderId == null) {
                continue;
            }
            OrderTrail t = trails.computeIfAbsent(orderId, k -> new OrderTrail());
            switch (e.stream()) {
                case ORDERS -> t.orders.add(e.order);
                case PAYMENTS -> t.payments.add(e.payment);
                case LOGISTICS ->
                        t.waybills
                                .computeIfAbsent(e.logistics.getWaybillId(), k -> new ArrayList<>())
                                .add(e.logistics);
                case REVIEWS -> t.reviews.add(e.review);
            }
        }
        episodeOfOrder = new HashMap<>();
        for (Episode ep : data.labels()) {
            for (String id : ep.orderIds()) {
                // Malicious reviews may quote honest buyers' orders: only the ring's own count.
                if (!ep.kind().equals("MALICIOUS_REVIEW")
                        || ep.relatedIds().contains(trails.get(id).created().getBuyerId())) {
                    episodeOfOrder.put(id, ep);
                }
            }
        }
        hardNegativeOfOrder = new HashMap<>();
        for (GeneratedData.HardNegative h : data.hardNegatives()) {
            h.orderIds().forEach(id -> hardNegativeOfOrder.put(id, h));
        }
    }

    /** The base episodes of a kind (ids like {@code brushing-01}), not the variants. */
    static List<Episode> episodes(String kind) {
        return data.labels().stream()
                .filter(e -> e.kind().equals(kind))
                .filter(e -> e.episodeId().matches("[a-z-]+-\\d+") && !isVariant(e))
                .toList();
    }

    static boolean isVariant(Episode e) {
        return VARIANTS.stream().anyMatch(v -> e.episodeId().startsWith(v + "-"));
    }

    static final List<String> VARIANTS =
            List.of(
                    "brushing-slow-ring",
                    "brushing-payer-ring",
                    "brushing-cashback",
                    "empty-parcel-fast-sign",
                    "empty-parcel-light-parcel",
                    "empty-parcel-waybill-reuse",
                    "empty-parcel-courier",
                    "malicious-review-slow-burn",
                    "malicious-review-pre-delivery",
                    "malicious-review-competitor",
                    "malicious-review-extortion");

    static Episode variant(String prefix) {
        return data.labels().stream()
                .filter(e -> e.episodeId().startsWith(prefix + "-"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void shouldProduceIdenticalDataForTheSameSeed() {
        GeneratedData again = PlatformGenerator.generate(SMALL);

        assertThat(again.events()).isEqualTo(data.events());
        assertThat(again.labels()).isEqualTo(data.labels());
        assertThat(again.hardNegatives()).isEqualTo(data.hardNegatives());
    }

    @Test
    void shouldProduceDifferentDataForADifferentSeed() {
        GeneratedData other = PlatformGenerator.generate(SMALL.withSeed(8));

        assertThat(other.events().get(0)).isNotEqualTo(data.events().get(0));
        assertThat(other.labels()).isNotEqualTo(data.labels());
    }

    @Test
    void shouldReturnEventsInEventTimeOrder() {
        assertThat(data.events())
                .isSortedAccordingTo(Comparator.comparingLong(PlatformEvent::eventTime));
    }

    @Test
    void shouldCreateOrdersOnlyWithinTheSimulatedDays() {
        long end = SMALL.startEpochMs() + SMALL.days() * 24 * HOUR;
        for (OrderTrail t : trails.values()) {
            if (t.orders.isEmpty()) {
                continue;
            }
            assertThat(t.created().getStatus()).isEqualTo(OrderStatus.CREATED);
            assertThat(t.created().getEventTime().toEpochMilli())
                    .isBetween(SMALL.startEpochMs(), end);
        }
    }

    @Test
    void shouldKeepEveryOrdersStepsInCausalOrder() {
        for (Map.Entry<String, OrderTrail> entry : trails.entrySet()) {
            OrderTrail t = entry.getValue();
            Episode ep = episodeOfOrder.get(entry.getKey());
            // Confirming receipt before the parcel arrives, and rating it before, are the point
            // of these variants.
            boolean confirmsEarly = ep != null && ep.episodeId().startsWith("brushing-payer-ring");
            boolean reviewsEarly = ep != null && ep.kind().equals("MALICIOUS_REVIEW");
            if (t.orders.isEmpty()) {
                continue; // only quoted by reviews
            }
            long created = t.created().getEventTime().toEpochMilli();
            assertThat(t.orders)
                    .as(entry.getKey())
                    .extracting(o -> o.getEventTime().toEpochMilli())
                    .isSorted()
                    .doesNotHaveDuplicates();
            for (PaymentEvent p : t.payments) {
                assertThat(p.getEventTime().toEpochMilli()).isGreaterThan(created);
            }
            if (t.has(OrderStatus.PAID)) {
                assertThat(t.payments).isNotEmpty();
                assertThat(t.time(OrderStatus.PAID))
                        .isGreaterThan(t.payments.get(0).getEventTime().toEpochMilli());
            }
            for (List<LogisticsEvent> scans : t.waybills.values()) {
                assertThat(scans.get(0).getScan()).isEqualTo(ScanType.CREATED);
                assertThat(scans)
                        .extracting(s -> s.getEventTime().toEpochMilli())
                        .isSorted()
                        .doesNotHaveDuplicates();
                assertThat(scans.get(0).getEventTime().toEpochMilli())
                        .isGreaterThan(t.time(OrderStatus.PAID));
                assertThat(t.time(OrderStatus.SHIPPED))
                        .isGreaterThan(scans.get(0).getEventTime().toEpochMilli());
                if (scans.size() > 1) {
                    assertThat(scans.get(1).getEventTime().toEpochMilli())
                            .isGreaterThan(t.time(OrderStatus.SHIPPED));
                }
                if (t.has(OrderStatus.COMPLETED) && !confirmsEarly) {
                    LogisticsEvent last = scans.get(scans.size() - 1);
                    assertThat(last.getScan()).isEqualTo(ScanType.SIGNED);
                    assertThat(t.time(OrderStatus.COMPLETED))
                            .isGreaterThan(last.getEventTime().toEpochMilli());
                }
            }
            for (ReviewEvent r : t.reviews) {
                if (r.getReviewerId().equals(t.created().getBuyerId()) && !reviewsEarly) {
                    assertThat(t.has(OrderStatus.COMPLETED)).isTrue();
                    assertThat(r.getEventTime().toEpochMilli())
                            .isGreaterThan(t.time(OrderStatus.COMPLETED));
                }
            }
        }
    }

    @Test
    void shouldPlaceEveryOrderAfterItsBuyerRegistered() {
        for (OrderTrail t : trails.values()) {
            if (!t.orders.isEmpty()) {
                assertThat(t.created().getBuyerRegisteredAt()).isBefore(t.created().getEventTime());
            }
        }
    }

    @Test
    void shouldGiveEveryShippedOrderAWaybillWithTransitScans() {
        int checked = 0;
        for (Map.Entry<String, OrderTrail> entry : trails.entrySet()) {
            OrderTrail t = entry.getValue();
            Episode ep = episodeOfOrder.get(entry.getKey());
            if (!t.has(OrderStatus.SHIPPED)
                    || (ep != null && ep.kind().equals("EMPTY_PARCEL"))
                    || hardNegativeOfOrder.containsKey(entry.getKey())) {
                continue;
            }
            assertThat(t.waybills).as(entry.getKey()).hasSize(1);
            List<ScanType> scans =
                    t.waybills.values().iterator().next().stream()
                            .map(LogisticsEvent::getScan)
                            .toList();
            long inTransit = scans.stream().filter(s -> s == ScanType.IN_TRANSIT).count();
            assertThat(inTransit).as(entry.getKey()).isBetween(1L, 4L);
            assertThat(scans.subList(0, 2)).containsExactly(ScanType.CREATED, ScanType.PICKED_UP);
            assertThat(scans.get(scans.size() - 2)).isEqualTo(ScanType.OUT_FOR_DELIVERY);
            assertThat(scans.get(scans.size() - 1)).isIn(ScanType.SIGNED, ScanType.RETURNED);
            assertThat(scans).hasSize((int) inTransit + 4);
            checked++;
        }
        assertThat(checked).isGreaterThan(5_000);
    }

    @Test
    void shouldGiveParcelsRealisticWeightsAndTransitTimes() {
        List<Long> transitHours = new ArrayList<>();
        for (Map.Entry<String, OrderTrail> entry : trails.entrySet()) {
            if (episodeOfOrder.containsKey(entry.getKey())
                    || hardNegativeOfOrder.containsKey(entry.getKey())) {
                continue;
            }
            for (List<LogisticsEvent> scans : entry.getValue().waybills.values()) {
                LogisticsEvent pickup = scans.get(1);
                if (pickup.getWeightGrams() != null) {
                    assertThat(pickup.getWeightGrams()).isBetween(45, 60_000);
                }
                LogisticsEvent last = scans.get(scans.size() - 1);
                if (last.getScan() == ScanType.SIGNED) {
                    transitHours.add(
                            (last.getEventTime().toEpochMilli()
                                            - pickup.getEventTime().toEpochMilli())
                                    / HOUR);
                }
            }
        }
        transitHours.sort(null);
        long median = transitHours.get(transitHours.size() / 2);
        assertThat(median).isBetween(20L, 72L);
        assertThat(transitHours.get(0)).isLessThan(24L);
        assertThat(transitHours.get(transitHours.size() - 1)).isLessThan(8 * 24L);
    }

    @Test
    void shouldLabelEveryInjectedEpisode() {
        assertThat(episodes("BRUSHING")).hasSize(4);
        assertThat(episodes("EMPTY_PARCEL")).hasSize(4);
        assertThat(episodes("MALICIOUS_REVIEW")).hasSize(4);
        assertThat(data.countByKind())
                .containsEntry("BRUSHING", 4L + 3)
                .containsEntry("EMPTY_PARCEL", 4L + 4)
                .containsEntry("MALICIOUS_REVIEW", 4L + 4);
        assertThat(data.labels()).extracting(Episode::episodeId).doesNotHaveDuplicates();
        assertThat(data.labels()).extracting(Episode::entityId).doesNotHaveDuplicates();

        Set<String> shops = new HashSet<>();
        Map<String, Long> firstSeen = new HashMap<>();
        Map<String, Long> lastSeen = new HashMap<>();
        for (PlatformEvent e : data.events()) {
            if (e.order != null) {
                shops.add(e.order.getShopId());
            }
            String orderId = e.orderId();
            if (orderId != null) {
                firstSeen.putIfAbsent(orderId, e.eventTime());
                lastSeen.put(orderId, e.eventTime());
            }
        }
        Set<String> subjects = new HashSet<>();
        for (Episode ep : data.labels()) {
            assertThat(ep.entityType()).isIn("SHOP", "COURIER", "REVIEWER");
            if (ep.entityType().equals("SHOP")) {
                assertThat(shops).contains(ep.entityId());
            }
            assertThat(ep.relatedIds()).isNotEmpty();
            assertThat(ep.start()).isLessThan(ep.end());
            // No shop belongs to two episodes, whether as entity or among the related ids.
            for (String id : ep.relatedIds()) {
                if (shops.contains(id)) {
                    assertThat(subjects.add(id)).as(id).isTrue();
                }
            }
            assertThat(subjects.add(ep.entityId())).as(ep.entityId()).isTrue();
            if (!ep.kind().equals("MALICIOUS_REVIEW")) {
                assertThat(ep.orderIds()).hasSizeGreaterThanOrEqualTo(5);
                for (String id : ep.orderIds()) {
                    assertThat(firstSeen.get(id)).isGreaterThanOrEqualTo(ep.start());
                    assertThat(lastSeen.get(id)).isLessThanOrEqualTo(ep.end());
                    String shop = trails.get(id).created().getShopId();
                    assertThat(shop.equals(ep.entityId()) || ep.relatedIds().contains(shop))
                            .as(id)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void shouldMakeBrushingRingsPlaceAtLeastThreeOrdersEachWithinAboutAnHour() {
        for (Episode ep : episodes("BRUSHING")) {
            List<OrderTrail> orders = ep.orderIds().stream().map(trails::get).toList();
            Map<String, Long> perBuyer =
                    orders.stream()
                            .collect(
                                    Collectors.groupingBy(
                                            t -> t.created().getBuyerId(), Collectors.counting()));
            assertThat(perBuyer).hasSizeBetween(3, 6);
            assertThat(perBuyer.values()).allMatch(n -> n >= 3);
            assertThat(ep.relatedIds()).containsAll(perBuyer.keySet());

            List<Long> created =
                    orders.stream()
                            .map(t -> t.created().getEventTime().toEpochMilli())
                            .sorted()
                            .toList();
            assertThat(created.get(created.size() - 1) - created.get(0))
                    .isLessThanOrEqualTo(75 * 60_000L);

            // The ring shares a device, an IP, an address or a payer.
            Set<String> devices =
                    orders.stream()
                            .map(t -> String.valueOf(t.created().getDeviceId()))
                            .collect(Collectors.toSet());
            Set<String> ips =
                    orders.stream()
                            .map(t -> String.valueOf(t.created().getIp()))
                            .collect(Collectors.toSet());
            Set<String> addresses =
                    orders.stream()
                            .map(t -> String.valueOf(t.created().getShipAddressId()))
                            .collect(Collectors.toSet());
            Set<String> payers =
                    orders.stream()
                            .map(t -> t.payments.get(0).getPayerAccountId())
                            .collect(Collectors.toSet());
            assertThat(
                            Math.min(
                                    Math.min(devices.size(), ips.size()),
                                    Math.min(addresses.size(), payers.size())))
                    .isLessThan(perBuyer.size());

            for (OrderTrail t : orders) {
                assertThat(t.has(OrderStatus.COMPLETED)).isTrue();
                assertThat(t.reviews).allMatch(r -> r.getRating() == 5);
            }
            long reviewed = orders.stream().filter(t -> !t.reviews.isEmpty()).count();
            assertThat(reviewed).isGreaterThanOrEqualTo(orders.size() / 2);
        }
    }

    @Test
    void shouldShipEmptyParcelsWithoutTransitScans() {
        for (Episode ep : episodes("EMPTY_PARCEL")) {
            assertThat(ep.orderIds()).hasSizeBetween(5, 20);
            for (String id : ep.orderIds()) {
                OrderTrail t = trails.get(id);
                assertThat(t.created().getShopId()).isEqualTo(ep.entityId());
                List<LogisticsEvent> scans = t.waybills.values().iterator().next();
                List<ScanType> types = scans.stream().map(LogisticsEvent::getScan).toList();
                assertThat(types).doesNotContain(ScanType.IN_TRANSIT, ScanType.OUT_FOR_DELIVERY);
                assertThat(types.get(0)).isEqualTo(ScanType.CREATED);
                assertThat(types.get(types.size() - 1)).isEqualTo(ScanType.SIGNED);
                scans.stream()
                        .filter(s -> s.getScan() == ScanType.PICKED_UP)
                        .forEach(s -> assertThat(s.getWeightGrams()).isBetween(5, 40));
                long hours =
                        (scans.get(scans.size() - 1).getEventTime().toEpochMilli()
                                        - scans.get(0).getEventTime().toEpochMilli())
                                / HOUR;
                assertThat(hours).isLessThan(10);
                assertThat(ep.relatedIds()).contains(scans.get(scans.size() - 1).getCourierId());
            }
        }
    }

    @Test
    void shouldWriteMaliciousReviewsFromAccountsWithoutCompletedOrdersAtTheVictim() {
        for (Episode ep : episodes("MALICIOUS_REVIEW")) {
            Set<String> completedHere = new HashSet<>();
            for (OrderTrail t : trails.values()) {
                if (!t.orders.isEmpty()
                        && t.created().getShopId().equals(ep.entityId())
                        && t.has(OrderStatus.COMPLETED)) {
                    completedHere.add(t.created().getBuyerId());
                }
            }
            List<ReviewEvent> burst =
                    data.events().stream()
                            .filter(e -> e.review != null)
                            .map(e -> e.review)
                            .filter(r -> r.getShopId().equals(ep.entityId()))
                            .filter(r -> ep.relatedIds().contains(r.getReviewerId()))
                            .toList();
            assertThat(burst).hasSizeBetween(6, 15);
            for (ReviewEvent r : burst) {
                long t = r.getEventTime().toEpochMilli();
                assertThat(t).isBetween(ep.start(), ep.end());
                assertThat(r.getRating()).isLessThanOrEqualTo(2);
                assertThat(completedHere).doesNotContain(r.getReviewerId());
                if (r.getOrderId() != null) {
                    assertThat(ep.orderIds()).contains(r.getOrderId());
                    assertThat(trails.get(r.getOrderId()).created().getBuyerId())
                            .isNotEqualTo(r.getReviewerId());
                }
            }
            assertThat(ep.end() - ep.start()).isLessThanOrEqualTo(4 * HOUR);
        }
    }

    @Test
    void shouldGenerateARealisticBackgroundMix() {
        Map<OrderStatus, Long> statuses = new HashMap<>();
        Map<Integer, Long> ratings = new HashMap<>();
        int[] createdPerHour = new int[24];
        Set<String> categories = new HashSet<>();
        Set<String> carriers = new HashSet<>();
        Map<String, Set<String>> buyersPerAddress = new HashMap<>();
        long reviews = 0;
        long reviewsWithoutOrder = 0;
        long paidByOther = 0;
        long newAccountOrders = 0;
        for (Map.Entry<String, OrderTrail> entry : trails.entrySet()) {
            OrderTrail t = entry.getValue();
            if (episodeOfOrder.containsKey(entry.getKey())
                    || hardNegativeOfOrder.containsKey(entry.getKey())
                    || t.orders.isEmpty()) {
                continue;
            }
            t.orders.forEach(o -> statuses.merge(o.getStatus(), 1L, Long::sum));
            OrderEvent c = t.created();
            createdPerHour[World.localHour(c.getEventTime().toEpochMilli())]++;
            categories.add(c.getCategory());
            t.waybills.values().forEach(w -> carriers.add(w.get(0).getCarrierId()));
            if (c.getShipAddressId() != null) {
                buyersPerAddress
                        .computeIfAbsent(c.getShipAddressId(), k -> new HashSet<>())
                        .add(c.getBuyerId());
            }
            if (!t.payments.isEmpty()
                    && !t.payments.get(0).getPayerAccountId().equals(c.getBuyerId())) {
                paidByOther++;
            }
            if (c.getEventTime().toEpochMilli() - c.getBuyerRegisteredAt().toEpochMilli()
                    < 30 * 24 * HOUR) {
                newAccountOrders++;
            }
        }
        Set<String> fraudShops =
                data.labels().stream().map(Episode::entityId).collect(Collectors.toSet());
        data.labels().forEach(ep -> fraudShops.addAll(ep.relatedIds()));
        data.hardNegatives().forEach(h -> fraudShops.add(h.entityId()));
        for (PlatformEvent e : data.events()) {
            if (e.review != null && !fraudShops.contains(e.review.getShopId())) {
                reviews++;
                ratings.merge(e.review.getRating(), 1L, Long::sum);
                if (e.review.getOrderId() == null) {
                    reviewsWithoutOrder++;
                }
            }
        }
        long created = statuses.get(OrderStatus.CREATED);
        long completed = statuses.get(OrderStatus.COMPLETED);

        assertThat((double) completed / created).isBetween(0.85, 0.95);
        assertThat((double) statuses.get(OrderStatus.CANCELLED) / created).isBetween(0.05, 0.12);
        assertThat((double) statuses.get(OrderStatus.REFUNDED) / created).isBetween(0.01, 0.06);
        assertThat((double) reviews / completed).isBetween(0.28, 0.42);
        assertThat((double) (ratings.get(5) + ratings.get(4)) / reviews).isGreaterThan(0.7);
        assertThat((double) ratings.get(5) / reviews).isGreaterThan(0.5);
        assertThat((double) (ratings.get(1) + ratings.get(2)) / reviews).isBetween(0.03, 0.15);
        assertThat(reviewsWithoutOrder).isPositive().isLessThan(reviews / 20);
        assertThat((double) paidByOther / created).isBetween(0.01, 0.06);
        assertThat((double) newAccountOrders / created).isBetween(0.03, 0.25);
        assertThat(buyersPerAddress.values().stream().filter(b -> b.size() > 1).count())
                .isGreaterThan(20);
        assertThat(categories)
                .hasSizeGreaterThanOrEqualTo(6)
                .contains("food", "drug", "apparel", "electronics");
        assertThat(carriers).hasSize(5);
        // Diurnal: the small hours are quiet, the evening is busy.
        int night = createdPerHour[3] + createdPerHour[4] + createdPerHour[5];
        int evening = createdPerHour[20] + createdPerHour[21] + createdPerHour[22];
        assertThat(night * 5).isLessThan(evening);
    }

    @Test
    void shouldSkewOrdersTowardsPopularShops() {
        Map<String, Long> perShop =
                trails.values().stream()
                        .filter(t -> !t.orders.isEmpty())
                        .collect(
                                Collectors.groupingBy(
                                        t -> t.created().getShopId(), Collectors.counting()));
        List<Long> counts = perShop.values().stream().sorted(Comparator.reverseOrder()).toList();
        long total = counts.stream().mapToLong(Long::longValue).sum();
        long top10 =
                counts.subList(0, SMALL.shops() / 10).stream().mapToLong(Long::longValue).sum();
        assertThat((double) top10 / total).isBetween(0.3, 0.7);
    }

    @Test
    void shouldWriteGeneratedDataAsADataset(@TempDir Path dir) throws Exception {
        Map<StreamType, Long> written = data.writeTo(dir, DatasetWriter.Format.JSONL);

        Dataset read = DatasetReader.read(dir);

        assertThat(written).isEqualTo(data.countByStream());
        assertThat(read.malformed()).isEmpty();
        assertThat(read.events()).hasSameSizeAs(data.events());
        assertThat(read.labels()).isEqualTo(data.labels());
        assertThat(HardNegativesJson.read(dir.resolve(HardNegativesJson.FILE_NAME)))
                .isEqualTo(data.hardNegatives());
    }

    @Test
    void shouldSizeTheDefaultDemoAsDocumented() {
        GeneratedData demo = PlatformGenerator.generate(GeneratorConfig.defaults());

        Map<StreamType, Long> counts = demo.countByStream();
        assertThat(demo.events()).hasSizeBetween(200_000, 300_000);
        assertThat(counts.get(StreamType.ORDERS)).isBetween(70_000L, 90_000L);
        assertThat(counts.get(StreamType.REVIEWS)).isBetween(5_000L, 9_000L);
        assertThat(demo.countByKind())
                .containsEntry("BRUSHING", 6L + 3)
                .containsEntry("EMPTY_PARCEL", 6L + 4)
                .containsEntry("MALICIOUS_REVIEW", 6L + 4);
        assertThat(demo.hardNegatives()).hasSize(5);
    }

    @Test
    void shouldRejectMoreEpisodesThanTheShopsAllow() {
        assertThatThrownBy(() -> GeneratorConfig.defaults().withShops(40).withEpisodesPerKind(6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("episodes");
    }

    // ---------------------------------------------------------------------------------------
    // Camouflaged variants.

    static List<OrderTrail> trailsOf(Episode ep) {
        return ep.orderIds().stream().map(trails::get).toList();
    }

    static long time(LogisticsEvent e) {
        return e.getEventTime().toEpochMilli();
    }

    static long time(ReviewEvent e) {
        return e.getEventTime().toEpochMilli();
    }

    static List<ReviewEvent> reviewsBy(Collection<String> reviewers) {
        return data.events().stream()
                .filter(e -> e.review != null && reviewers.contains(e.review.getReviewerId()))
                .map(e -> e.review)
                .toList();
    }

    @Test
    void shouldLabelOneEpisodeOfEveryCamouflagedVariant() {
        for (String v : VARIANTS) {
            assertThat(data.labels().stream().filter(e -> e.episodeId().startsWith(v + "-")))
                    .as(v)
                    .hasSize(1);
        }
        for (Episode ep : data.labels()) {
            assertThat(ep.relatedIds()).as(ep.episodeId()).isNotEmpty();
            for (String id : ep.orderIds()) {
                assertThat(trails.get(id)).as(ep.episodeId()).isNotNull();
            }
        }
    }

    @Test
    void shouldKeepSlowRingBuyersAtTwoOrdersAnHourWithSharedAddressRotatedDevicesAndFast5Stars() {
        Episode ep = variant("brushing-slow-ring");
        List<OrderTrail> orders = trailsOf(ep);
        Map<String, List<Long>> perBuyer = new HashMap<>();
        Set<String> addresses = new HashSet<>();
        Set<String> devices = new HashSet<>();
        for (OrderTrail t : orders) {
            perBuyer.computeIfAbsent(t.created().getBuyerId(), k -> new ArrayList<>())
                    .add(t.created().getEventTime().toEpochMilli());
            addresses.add(t.created().getShipAddressId());
            devices.add(t.created().getDeviceId());
            assertThat(
                            t.created().getEventTime().toEpochMilli()
                                    - t.created().getBuyerRegisteredAt().toEpochMilli())
                    .isLessThan(12 * 24 * HOUR);
            for (ReviewEvent r : t.reviews) {
                assertThat(r.getRating()).isEqualTo(5);
                assertThat(time(r) - t.time(OrderStatus.COMPLETED)).isLessThan(HOUR / 2);
            }
        }
        assertThat(addresses).hasSize(1);
        assertThat(devices).hasSize(orders.size());
        for (List<Long> times : perBuyer.values()) {
            for (long a : times) {
                assertThat(times.stream().filter(b -> b >= a && b < a + HOUR)).hasSizeLessThan(3);
            }
        }
        long first = orders.stream().mapToLong(t -> t.time(OrderStatus.CREATED)).min().orElse(0);
        long last = orders.stream().mapToLong(t -> t.time(OrderStatus.CREATED)).max().orElse(0);
        assertThat(last - first).isGreaterThan(6 * HOUR);
    }

    @Test
    void shouldHaveOnePayerPayForManyBuyersWhoConfirmBeforeTheParcelIsSigned() {
        Episode ep = variant("brushing-payer-ring");
        List<OrderTrail> orders = trailsOf(ep);
        Set<String> payers = new HashSet<>();
        Set<String> buyers = new HashSet<>();
        for (OrderTrail t : orders) {
            payers.add(t.payments.get(0).getPayerAccountId());
            buyers.add(t.created().getBuyerId());
            List<LogisticsEvent> scans = t.waybills.values().iterator().next();
            LogisticsEvent signed = scans.get(scans.size() - 1);
            assertThat(signed.getScan()).isEqualTo(ScanType.SIGNED);
            assertThat(t.time(OrderStatus.COMPLETED)).isLessThan(time(signed));
        }
        assertThat(payers).hasSize(1);
        assertThat(buyers).hasSizeGreaterThanOrEqualTo(6);
        assertThat(ep.relatedIds()).containsAll(payers);
    }

    @Test
    void shouldRefundCashbackOrdersWithinHoursOfTheir5StarReview() {
        for (OrderTrail t : trailsOf(variant("brushing-cashback"))) {
            assertThat(t.reviews).hasSize(1);
            ReviewEvent r = t.reviews.get(0);
            assertThat(r.getRating()).isEqualTo(5);
            assertThat(time(r) - t.time(OrderStatus.COMPLETED)).isLessThan(HOUR / 2);
            long refunded = t.time(OrderStatus.REFUNDED);
            assertThat(refunded - time(r)).isBetween(1L, 3 * HOUR);
            assertThat(t.payments)
                    .extracting(PaymentEvent::getStatus)
                    .contains(io.brushguard.avro.PaymentStatus.REFUNDED);
        }
    }

    @Test
    void shouldSignFastSignParcelsInAnotherCityWithinHoursAfterOneTransitScan() {
        for (OrderTrail t : trailsOf(variant("empty-parcel-fast-sign"))) {
            List<LogisticsEvent> scans = t.waybills.values().iterator().next();
            assertThat(scans)
                    .extracting(LogisticsEvent::getScan)
                    .containsExactly(
                            ScanType.CREATED,
                            ScanType.PICKED_UP,
                            ScanType.IN_TRANSIT,
                            ScanType.SIGNED);
            assertThat(time(scans.get(3)) - time(scans.get(1))).isLessThanOrEqualTo(3 * HOUR);
        }
    }

    @Test
    void shouldGiveLightParcelsEveryScanButWeighThemAt10To40Grams() {
        for (OrderTrail t : trailsOf(variant("empty-parcel-light-parcel"))) {
            List<LogisticsEvent> scans = t.waybills.values().iterator().next();
            assertThat(scans)
                    .extracting(LogisticsEvent::getScan)
                    .contains(ScanType.IN_TRANSIT, ScanType.OUT_FOR_DELIVERY, ScanType.SIGNED);
            assertThat(scans.get(1).getWeightGrams()).isBetween(10, 40);
        }
    }

    @Test
    void shouldReuseEachWaybillForSeveralOrders() {
        Map<String, Set<String>> ordersPerWaybill = new HashMap<>();
        Episode ep = variant("empty-parcel-waybill-reuse");
        for (String id : ep.orderIds()) {
            trails.get(id)
                    .waybills
                    .keySet()
                    .forEach(
                            w -> ordersPerWaybill.computeIfAbsent(w, k -> new HashSet<>()).add(id));
        }
        assertThat(ordersPerWaybill.size()).isGreaterThanOrEqualTo(2);
        assertThat(ordersPerWaybill.values()).allMatch(o -> o.size() >= 2);
        assertThat(ordersPerWaybill.values().stream().mapToInt(Set::size).max().orElse(0))
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldLabelTheComplicitCourierWithItsShops() {
        Episode ep = variant("empty-parcel-courier");
        assertThat(ep.entityType()).isEqualTo("COURIER");
        Set<String> shops = new HashSet<>();
        for (OrderTrail t : trailsOf(ep)) {
            shops.add(t.created().getShopId());
            List<LogisticsEvent> scans = t.waybills.values().iterator().next();
            assertThat(scans.get(scans.size() - 1).getCourierId()).isEqualTo(ep.entityId());
            assertThat(scans.get(1).getWeightGrams()).isBetween(10, 40);
        }
        assertThat(shops).hasSize(3);
        assertThat(ep.relatedIds()).containsAll(shops);
    }

    @Test
    void shouldSpreadSlowBurnReviewsSoNoSixHoursHoldFive() {
        Episode ep = variant("malicious-review-slow-burn");
        List<ReviewEvent> reviews =
                reviewsBy(ep.relatedIds()).stream()
                        .filter(r -> r.getShopId().equals(ep.entityId()))
                        .toList();
        assertThat(reviews).hasSizeBetween(6, 10);
        assertThat(reviews.stream().map(ReviewEvent::getDeviceId).distinct()).hasSize(1);
        for (ReviewEvent a : reviews) {
            assertThat(a.getRating()).isLessThanOrEqualTo(2);
            long inSixHours =
                    reviews.stream()
                            .filter(b -> time(b) >= time(a) && time(b) < time(a) + 6 * HOUR)
                            .count();
            assertThat(inSixHours).isLessThan(5);
        }
        assertThat(ep.end() - ep.start()).isGreaterThan(12 * HOUR);
    }

    @Test
    void shouldPostPreDeliveryReviewsBeforeTheParcelArrives() {
        for (OrderTrail t : trailsOf(variant("malicious-review-pre-delivery"))) {
            assertThat(t.reviews).hasSize(1);
            List<LogisticsEvent> scans = t.waybills.values().iterator().next();
            LogisticsEvent end = scans.get(scans.size() - 1);
            assertThat(end.getScan()).isIn(ScanType.SIGNED, ScanType.RETURNED);
            assertThat(time(t.reviews.get(0))).isLessThan(time(end));
            assertThat(time(t.reviews.get(0))).isGreaterThan(time(scans.get(1)));
            assertThat(t.reviews.get(0).getRating()).isEqualTo(1);
        }
    }

    @Test
    void shouldSpreadCompetitorReviewsOverShopsOfOneCategory() {
        Episode ep = variant("malicious-review-competitor");
        assertThat(ep.entityType()).isEqualTo("REVIEWER");
        List<ReviewEvent> reviews = reviewsBy(List.of(ep.entityId()));
        Set<String> shops =
                reviewsBy(ep.relatedIds()).stream()
                        .map(ReviewEvent::getShopId)
                        .collect(Collectors.toSet());
        reviews.forEach(r -> shops.add(r.getShopId()));
        assertThat(shops).hasSizeGreaterThanOrEqualTo(4);
        assertThat(ep.relatedIds()).containsAll(shops);
        Set<String> categories = new HashSet<>();
        for (OrderTrail t : trails.values()) {
            if (!t.orders.isEmpty() && shops.contains(t.created().getShopId())) {
                categories.add(t.created().getCategory());
            }
        }
        assertThat(categories).hasSize(1);
    }

    @Test
    void shouldRefundExtortionOrdersAfterTheirOneStarReview() {
        for (OrderTrail t : trailsOf(variant("malicious-review-extortion"))) {
            assertThat(t.reviews).hasSize(1);
            ReviewEvent r = t.reviews.get(0);
            assertThat(r.getRating()).isEqualTo(1);
            assertThat(time(r)).isGreaterThan(t.time(OrderStatus.COMPLETED));
            assertThat(t.time(OrderStatus.REFUNDED) - time(r)).isBetween(HOUR, 12 * HOUR);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Hard negatives.

    @Test
    void shouldRecordEveryHardNegativeWithExistingOrders() {
        assertThat(data.hardNegatives())
                .extracting(GeneratedData.HardNegative::id)
                .containsExactlyInAnyOrder(
                        "hn-flash-sale-01",
                        "hn-family-01",
                        "hn-same-city-01",
                        "hn-bad-shop-01",
                        "hn-stationery-01");
        for (GeneratedData.HardNegative h : data.hardNegatives()) {
            assertThat(h.resembles()).isIn("BRUSHING", "EMPTY_PARCEL", "MALICIOUS_REVIEW");
            assertThat(h.orderIds()).as(h.id()).hasSizeGreaterThanOrEqualTo(3);
            for (String id : h.orderIds()) {
                OrderTrail t = trails.get(id);
                assertThat(t).as(id).isNotNull();
                assertThat(t.created().getStatus()).isEqualTo(OrderStatus.CREATED);
                if (h.entityType().equals("SHOP")) {
                    assertThat(t.created().getShopId()).isEqualTo(h.entityId());
                }
            }
        }
    }

    @Test
    void shouldNeverShareOrdersOrSubjectsBetweenHardNegativesAndEpisodes() {
        Set<String> episodeOrders = new HashSet<>();
        Set<String> episodeSubjects = new HashSet<>();
        for (Episode ep : data.labels()) {
            episodeOrders.addAll(ep.orderIds());
            episodeSubjects.add(ep.entityId());
            episodeSubjects.addAll(ep.relatedIds());
        }
        for (GeneratedData.HardNegative h : data.hardNegatives()) {
            assertThat(episodeSubjects).doesNotContain(h.entityId());
            assertThat(episodeOrders).doesNotContainAnyElementsOf(h.orderIds());
            for (String id : h.orderIds()) {
                assertThat(episodeSubjects).doesNotContain(trails.get(id).created().getBuyerId());
            }
        }
    }

    @Test
    void shouldKeepFlashSaleBuyersUnderThreeOrdersEachAndUnderTwoAndAHalfPerBuyerInAnyHour() {
        GeneratedData.HardNegative h =
                data.hardNegatives().stream()
                        .filter(x -> x.id().startsWith("hn-flash-sale"))
                        .findFirst()
                        .orElseThrow();
        List<long[]> plan = new ArrayList<>();
        Map<String, Long> buyerIndex = new HashMap<>();
        for (String id : h.orderIds()) {
            OrderEvent c = trails.get(id).created();
            long b = buyerIndex.computeIfAbsent(c.getBuyerId(), k -> (long) buyerIndex.size());
            plan.add(new long[] {c.getEventTime().toEpochMilli(), b});
        }
        plan.sort((a, b) -> Long.compare(a[0], b[0]));
        assertThat(buyerIndex.size()).isGreaterThanOrEqualTo(30);
        assertThat(h.orderIds().size()).isGreaterThan(buyerIndex.size());
        assertThat(FlashSaleHardNegative.maxOrdersPerBuyer(plan)).isLessThan(2.5);
        assertThat(plan.get(plan.size() - 1)[0] - plan.get(0)[0]).isLessThan(HOUR);
    }

    @Test
    void shouldDeliverSameCityParcelsWithinAnHourWithPickupAndOutForDeliveryInOneCity() {
        GeneratedData.HardNegative h =
                data.hardNegatives().stream()
                        .filter(x -> x.id().startsWith("hn-same-city"))
                        .findFirst()
                        .orElseThrow();
        for (String id : h.orderIds()) {
            List<LogisticsEvent> scans = trails.get(id).waybills.values().iterator().next();
            assertThat(scans)
                    .extracting(LogisticsEvent::getScan)
                    .containsExactly(
                            ScanType.CREATED,
                            ScanType.PICKED_UP,
                            ScanType.OUT_FOR_DELIVERY,
                            ScanType.SIGNED);
            assertThat(scans.stream().map(s -> String.valueOf(s.getLocation())).distinct())
                    .hasSize(1);
            assertThat(time(scans.get(3)) - time(scans.get(1))).isLessThanOrEqualTo(HOUR);
        }
    }

    @Test
    void shouldHaveBadShopReviewsOnlyFromCustomersWithCompletedOrders() {
        GeneratedData.HardNegative h =
                data.hardNegatives().stream()
                        .filter(x -> x.id().startsWith("hn-bad-shop"))
                        .findFirst()
                        .orElseThrow();
        for (String id : h.orderIds()) {
            OrderTrail t = trails.get(id);
            assertThat(t.reviews).hasSize(1);
            assertThat(t.reviews.get(0).getRating()).isLessThanOrEqualTo(2);
            assertThat(time(t.reviews.get(0))).isGreaterThan(t.time(OrderStatus.COMPLETED));
        }
    }

    @Test
    void shouldLeaveTheBaseDataAsItWasWhenVariantsAndHardNegativesAreOff() {
        GeneratedData base =
                PlatformGenerator.generate(SMALL.withCamouflage(false).withHardNegatives(false));

        assertThat(base.labels()).hasSize(12);
        assertThat(base.hardNegatives()).isEmpty();
        assertThat(data.labels().subList(0, 12)).isEqualTo(base.labels());
        // The base events are the full data set's events minus the added ones, in the same order.
        int matched = 0;
        for (PlatformEvent e : data.events()) {
            if (matched < base.events().size() && e.equals(base.events().get(matched))) {
                matched++;
            }
        }
        assertThat(matched).isEqualTo(base.events().size());
    }
}
