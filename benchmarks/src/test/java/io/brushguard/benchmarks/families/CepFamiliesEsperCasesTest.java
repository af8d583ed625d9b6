package io.brushguard.benchmarks.families;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.avro.ScanType;
import io.brushguard.benchmarks.EsperJvm;
import io.brushguard.benchmarks.families.FamilyAlert.Family;
import io.brushguard.benchmarks.families.FamilyEvents.Event;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Stock Flink CEP ({@link CepFamilies}) on the hand-made cases that {@code EsperFamiliesTest} runs
 * through Esper ({@link FamilyHandMade}): the same matches and units, so the two engines agree case
 * by case. When benchmarks-esper is built, the Esper child JVM runs them too, through the
 * throughput workload's contender ({@link EsperFamiliesContender}: the reduction of platform
 * events, the file, the child's result).
 */
class CepFamiliesEsperCasesTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    private static List<PlatformEvent> events;
    private static FamilyCounts cep;

    @BeforeAll
    static void runTheHandMadeCasesOnCep() throws Exception {
        events = new ArrayList<>();
        int i = 0;
        for (Event e : FamilyHandMade.EVENTS) {
            events.add(platform(e, i++));
        }
        StreamExecutionEnvironment env = CepFamiliesTest.heapEnvironment();
        FamilyCounts.record(
                CepFamilies.attach(
                        CepFamiliesTest.inEventTime(env, events), DetectionRules.defaults()),
                "test: cep on the esper cases");
        env.execute("cep on the esper cases");
        cep = FamilyCounts.of("test: cep on the esper cases");
    }

    @Test
    void theCasesAreWrittenForTheShippedThresholds() {
        assertThat(EsperFamiliesContender.thresholds(DetectionRules.defaults()))
                .isEqualTo(FamilyHandMade.SHIPPED);
    }

    @Test
    void cepReportsTheMatchesAndUnitsTheCasesExpect() {
        assertThat(cep.units(Family.BRUSHING)).isEqualTo(FamilyHandMade.BRUSHING_UNITS);
        assertThat(cep.alerts(Family.BRUSHING)).isEqualTo(FamilyHandMade.BRUSHING_MATCHES);
        assertThat(cep.units(Family.EMPTY_PARCEL)).isEqualTo(FamilyHandMade.EMPTY_PARCEL_UNITS);
        assertThat(cep.alerts(Family.EMPTY_PARCEL)).isEqualTo(FamilyHandMade.EMPTY_PARCEL_MATCHES);
        assertThat(cep.units(Family.MALICIOUS_REVIEW))
                .isEqualTo(FamilyHandMade.MALICIOUS_REVIEW_UNITS);
        assertThat(cep.alerts(Family.MALICIOUS_REVIEW))
                .isEqualTo(FamilyHandMade.MALICIOUS_REVIEW_MATCHES);
    }

    @Test
    void theReductionKeepsWhatThePatternsRead() {
        List<Event> back = new ArrayList<>();
        events.forEach(e -> back.add(EsperFamiliesContender.of(e)));
        assertThat(back).isEqualTo(FamilyHandMade.EVENTS);
    }

    @Test
    void theEsperChildJvmReportsWhatCepReports() throws Exception {
        assumeTrue(EsperJvm.module().isPresent(), "benchmarks-esper is not built");
        // As the replay may: p-tie's transit scan after its signature at the same instant. The
        // contender puts it first, as CEP's TieOrder does.
        List<PlatformEvent> replayed = new ArrayList<>(events);
        int transit = -1;
        for (int i = 0; i < replayed.size(); i++) {
            PlatformEvent e = replayed.get(i);
            if (e.logistics != null
                    && e.logistics.getOrderId().equals("p-tie")
                    && e.logistics.getScan() == ScanType.IN_TRANSIT) {
                transit = i;
            }
        }
        assertThat(replayed.get(transit + 1).logistics.getScan()).isEqualTo(ScanType.SIGNED);
        replayed.add(transit + 1, replayed.remove(transit));
        Optional<FamilyResult> esper =
                EsperFamiliesContender.run(
                        replayed,
                        DetectionRules.defaults(),
                        Duration.ofSeconds(60),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(esper).isPresent();
        assertThat(esper.get().finished()).isTrue();
        for (Family f : Family.values()) {
            assertThat(esper.get().units(f.name())).as("units of %s", f).isEqualTo(cep.units(f));
            assertThat(esper.get().matches(f.name()))
                    .as("matches of %s", f)
                    .isEqualTo(cep.alerts(f));
        }
    }

    /** A platform event with what the patterns read from {@code e} and filler for the rest. */
    private static PlatformEvent platform(Event e, int i) {
        Instant at = Instant.ofEpochMilli(e.ts());
        switch (e.kind()) {
            case FamilyEvents.ORDER:
                return PlatformEvent.of(
                        OrderEvent.newBuilder()
                                .setOrderId(e.orderId())
                                .setStatus(OrderStatus.valueOf(e.code()))
                                .setEventTime(at)
                                .setShopId(e.shop())
                                .setBuyerId(e.actor())
                                .setItemId("item-1")
                                .setCategory("apparel")
                                .setAmount(9_900)
                                .setQuantity(1)
                                .setBuyerRegisteredAt(Instant.ofEpochMilli(e.ts() - 400 * DAY))
                                .setDeviceId("dev-" + e.actor())
                                .setIp("10.0.0.1")
                                .setShipAddressId("addr-" + e.actor())
                                .build());
            case FamilyEvents.SCAN:
                return PlatformEvent.of(
                        LogisticsEvent.newBuilder()
                                .setWaybillId("w-" + e.orderId())
                                .setOrderId(e.orderId())
                                .setCarrierId("carrier-1")
                                .setCourierId("courier-7")
                                .setScan(ScanType.valueOf(e.code()))
                                .setEventTime(at)
                                .setLocation("HZ-01")
                                .setWeightGrams(null)
                                .build());
            case FamilyEvents.REVIEW:
                return PlatformEvent.of(
                        ReviewEvent.newBuilder()
                                .setReviewId("r-" + i)
                                .setOrderId(null)
                                .setShopId(e.shop())
                                .setReviewerId(e.actor())
                                .setRating(e.rating())
                                .setEventTime(at)
                                .setTextHash("h-" + i)
                                .setDeviceId("dev-" + e.actor())
                                .setIp("10.1.2.7")
                                .build());
            default:
                throw new IllegalArgumentException("the cases have no payments: " + e);
        }
    }
}
