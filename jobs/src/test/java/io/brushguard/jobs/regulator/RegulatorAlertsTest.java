package io.brushguard.jobs.regulator;

import io.brushguard.avro.Direction;
import io.brushguard.avro.EntityType;
import io.brushguard.avro.Evidence;
import io.brushguard.avro.RegulatorAlert;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.Severity;
import io.brushguard.avro.TimelineEntry;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.brushguard.jobs.regulator.PseudonymizerTest.KEY_A;
import static io.brushguard.jobs.regulator.PseudonymizerTest.keyed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class RegulatorAlertsTest {

    private static final Pseudonymizer P = keyed(KEY_A);

    private static String p(String id) {
        return P.pseudonym(id);
    }

    static RiskAlert alert(
            EntityType type,
            String id,
            String summary,
            Map<String, String> facts,
            List<TimelineEntry> timeline,
            Map<String, String> identifiers) {
        return RiskAlert.newBuilder()
                .setAlertId("a1")
                .setKind("BRUSHING")
                .setDirection(Direction.INFLATE)
                .setRuleId("brushing.test")
                .setRuleVersion(3)
                .setSeverity(Severity.HIGH)
                .setEntityType(type)
                .setEntityId(id)
                .setWindowStart(Instant.ofEpochMilli(1_000))
                .setWindowEnd(Instant.ofEpochMilli(2_000))
                .setOrderIds(List.of("o1", "o2"))
                .setEvidence(
                        new Evidence(
                                summary,
                                new LinkedHashMap<>(facts),
                                timeline,
                                new LinkedHashMap<>(identifiers)))
                .setScore(0.9)
                .setDetectedAt(Instant.ofEpochMilli(3_000))
                .build();
    }

    /** A buyer alert naming its buyer in every part of the evidence. */
    static RiskAlert alert() {
        return alert(
                EntityType.BUYER,
                "u1",
                "account u1 rated 3 shops",
                Map.of("shops", "s1,s2"),
                List.of(step(1_500, "o1", "CREATED by buyer u1 at shop s1")),
                Map.of("u1", "BUYER"));
    }

    private static TimelineEntry step(long at, String orderId, String what) {
        return new TimelineEntry(Instant.ofEpochMilli(at), "orders", orderId, what);
    }

    @Test
    void shouldCopyEveryFieldAndPseudonymiseAPersonalSubject() {
        RegulatorAlert r = RegulatorAlerts.toRegulator(alert(), P);

        // The alert id is an unkeyed hash that includes the subject: regulators get a keyed one.
        assertThat(r.getAlertId()).isEqualTo(P.alertRef("a1")).startsWith("a-").isNotEqualTo("a1");
        assertThat(r.getKind()).isEqualTo("BRUSHING");
        assertThat(r.getDirection()).isEqualTo(Direction.INFLATE);
        assertThat(r.getRuleId()).isEqualTo("brushing.test");
        assertThat(r.getRuleVersion()).isEqualTo(3);
        assertThat(r.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(r.getEntityType()).isEqualTo(EntityType.BUYER);
        assertThat(r.getEntityRef()).isEqualTo(p("u1"));
        assertThat(r.getEntityPseudonymised()).isTrue();
        assertThat(r.getWindowStart()).isEqualTo(Instant.ofEpochMilli(1_000));
        assertThat(r.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(2_000));
        assertThat(r.getOrderIds()).containsExactly("o1", "o2");
        assertThat(r.getScore()).isEqualTo(0.9);
        assertThat(r.getDetectedAt()).isEqualTo(Instant.ofEpochMilli(3_000));
        assertThat(r.getPseudonymKeyId()).isEqualTo(P.keyId());
        assertThat(r.getEvidence().getSummary()).isEqualTo("account " + p("u1") + " rated 3 shops");
        assertThat(r.getEvidence().getFacts()).containsExactly(entry("shops", "s1,s2"));
        TimelineEntry t = r.getEvidence().getTimeline().get(0);
        assertThat(t.getWhat()).isEqualTo("CREATED by buyer " + p("u1") + " at shop s1");
        assertThat(t.getOrderId()).isEqualTo("o1");
        assertThat(t.getAt()).isEqualTo(Instant.ofEpochMilli(1_500));
        assertThat(t.getStream()).isEqualTo("orders");
    }

    @Test
    void shouldKeepAShopSubjectAndItsIdNamed() {
        RegulatorAlert r =
                RegulatorAlerts.toRegulator(
                        alert(
                                EntityType.SHOP,
                                "s1",
                                "shop s1 took 5 orders from buyer u1",
                                Map.of("buyers", "u1", "top_shop", "s1"),
                                List.of(),
                                Map.of("u1", "BUYER")),
                        P);
        assertThat(r.getEntityRef()).isEqualTo("s1");
        assertThat(r.getEntityPseudonymised()).isFalse();
        assertThat(r.getEvidence().getSummary())
                .isEqualTo("shop s1 took 5 orders from buyer " + p("u1"));
        assertThat(r.getEvidence().getFacts())
                .containsEntry("buyers", p("u1"))
                .containsEntry("top_shop", "s1");
    }

    @Test
    void shouldReplaceIdentifiersThatArePrefixesOfOthersAsWholeTokens() {
        RegulatorAlert r =
                RegulatorAlerts.toRegulator(
                        alert(
                                EntityType.SHOP,
                                "s1",
                                "buyers u1, u12 and u123 but not u1234 nor s-u1 nor u1_x",
                                Map.of("buyers", "u1,u12,u123", "ips", "10.0.0.1;10.0.0.12"),
                                List.of(step(1_500, "o1", "from 10.0.0.12 and (10.0.0.1).")),
                                Map.of(
                                        "u1", "BUYER",
                                        "u12", "BUYER",
                                        "u123", "REVIEWER",
                                        "10.0.0.1", "IP",
                                        "10.0.0.12", "IP")),
                        P);
        assertThat(r.getEvidence().getSummary())
                .isEqualTo(
                        "buyers "
                                + p("u1")
                                + ", "
                                + p("u12")
                                + " and "
                                + p("u123")
                                + " but not u1234 nor s-u1 nor u1_x");
        assertThat(r.getEvidence().getFacts())
                .containsEntry("buyers", p("u1") + "," + p("u12") + "," + p("u123"))
                .containsEntry("ips", p("10.0.0.1") + ";" + p("10.0.0.12"));
        assertThat(r.getEvidence().getTimeline().get(0).getWhat())
                .isEqualTo("from " + p("10.0.0.12") + " and (" + p("10.0.0.1") + ").");
    }

    @Test
    void shouldReplaceIdentifiersInFactNamesButKeepOrderIds() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("order o1", "buyer u1 at shop s1");
        facts.put("device dv-9", "3 accounts");
        RegulatorAlert r =
                RegulatorAlerts.toRegulator(
                        alert(
                                EntityType.PAYER,
                                "w-1",
                                "payer w-1 paid for u1",
                                facts,
                                List.of(),
                                Map.of("w-1", "PAYER", "u1", "BUYER", "dv-9", "DEVICE")),
                        P);
        assertThat(r.getEvidence().getFacts())
                .containsExactly(
                        entry("order o1", "buyer " + p("u1") + " at shop s1"),
                        entry("device " + p("dv-9"), "3 accounts"));
        assertThat(r.getEvidence().getSummary())
                .isEqualTo("payer " + p("w-1") + " paid for " + p("u1"));
        assertThat(r.getOrderIds()).containsExactly("o1", "o2");
    }

    @Test
    void shouldGiveOneAccountOnePseudonymAsBuyerAndAsReviewer() {
        RegulatorAlert r =
                RegulatorAlerts.toRegulator(
                        alert(
                                EntityType.REVIEWER,
                                "u7",
                                "account u7 rated shop s1",
                                Map.of(),
                                List.of(
                                        step(1_000, "o1", "CREATED by buyer u7 at shop s1"),
                                        step(1_200, "o1", "review r1: 1 star(s) by u7")),
                                Map.of("u7", "BUYER")),
                        P);
        assertThat(r.getEntityRef()).isEqualTo(p("u7"));
        assertThat(r.getEvidence().getTimeline())
                .extracting(TimelineEntry::getWhat)
                .containsExactly(
                        "CREATED by buyer " + p("u7") + " at shop s1",
                        "review r1: 1 star(s) by " + p("u7"));
    }

    @Test
    void shouldPseudonymiseAPersonalSubjectEvenWhenItWasNotRegistered() {
        RegulatorAlert r =
                RegulatorAlerts.toRegulator(
                        alert(
                                EntityType.COURIER,
                                "cr-5",
                                "courier cr-5 signed 9 parcels",
                                Map.of(),
                                List.of(),
                                Map.of()),
                        P);
        assertThat(r.getEvidence().getSummary())
                .isEqualTo("courier " + p("cr-5") + " signed 9 parcels");
    }

    @Test
    void shouldLeaveAnAlertWithoutPersonalIdentifiersAsItIs() {
        RegulatorAlert r =
                RegulatorAlerts.toRegulator(
                        alert(
                                EntityType.CARRIER,
                                "SF",
                                "waybill W1 (carrier SF) was scanned for 2 orders",
                                Map.of("waybill_id", "W1"),
                                List.of(step(1_000, null, "waybill W1 scan SIGNED at HGH")),
                                Map.of()),
                        P);
        assertThat(r.getEntityRef()).isEqualTo("SF");
        assertThat(r.getEvidence().getSummary())
                .isEqualTo("waybill W1 (carrier SF) was scanned for 2 orders");
        assertThat(r.getEvidence().getFacts()).containsExactly(entry("waybill_id", "W1"));
        assertThat(r.getEvidence().getTimeline().get(0).getWhat())
                .isEqualTo("waybill W1 scan SIGNED at HGH");
        assertThat(r.getEvidence().getTimeline().get(0).getOrderId()).isNull();
    }
}
