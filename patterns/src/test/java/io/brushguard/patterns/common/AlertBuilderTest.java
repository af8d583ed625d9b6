package io.brushguard.patterns.common;

import io.brushguard.avro.Direction;
import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.model.AlertKind;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertBuilderTest {

    private static final RuleMeta RULE =
            new RuleMeta("test.rule", 1, AlertKind.BRUSHING, Direction.INFLATE, Severity.HIGH);

    private static AlertBuilder alert(EntityType type, String id) {
        return AlertBuilder.forRule(RULE)
                .subject(type, id)
                .window(10, 20)
                .orders(List.of("o1", "o2"))
                .summary("summary");
    }

    @Test
    void shouldRegisterAPersonalSubjectButNotABusiness() {
        assertThat(alert(EntityType.PAYER, "wallet-1").build(0).getEvidence().getIdentifiers())
                .containsExactly(Map.entry("wallet-1", "PAYER"));
        assertThat(alert(EntityType.COURIER, "cr-1").build(0).getEvidence().getIdentifiers())
                .containsExactly(Map.entry("cr-1", "COURIER"));
        assertThat(alert(EntityType.SHOP, "s1").build(0).getEvidence().getIdentifiers()).isEmpty();
        assertThat(alert(EntityType.CARRIER, "SF").build(0).getEvidence().getIdentifiers())
                .isEmpty();
    }

    @Test
    void shouldIgnoreNullAndEmptyIdentifiers() {
        RiskAlert a =
                alert(EntityType.SHOP, "s1")
                        .identify(IdentifierType.BUYER, (String) null)
                        .identify(IdentifierType.BUYER, "")
                        .identify(null, "u1")
                        .identify(IdentifierType.BUYER, (Iterable<String>) null)
                        .identify((Map<String, String>) null)
                        .timeline(15, "orders", "o1", "CREATED", null)
                        .build(0);
        assertThat(a.getEvidence().getIdentifiers()).isEmpty();
        assertThat(a.getEvidence().getTimeline()).hasSize(1);
    }

    @Test
    void shouldKeepTheFirstTypeOfAnIdentifierNamedTwice() {
        RiskAlert a =
                alert(EntityType.SHOP, "s1")
                        .identify(IdentifierType.BUYER, "u1")
                        .identify(IdentifierType.REVIEWER, List.of("u1", "u2"))
                        .timeline(15, "payments", "o1", "paid by w1", Map.of("w1", "PAYER"))
                        .build(0);
        assertThat(a.getEvidence().getIdentifiers())
                .containsExactly(
                        Map.entry("u1", "BUYER"),
                        Map.entry("u2", "REVIEWER"),
                        Map.entry("w1", "PAYER"));
    }

    @Test
    void shouldRejectAnUnknownIdentifierType() {
        assertThatThrownBy(() -> alert(EntityType.SHOP, "s1").identify(Map.of("x", "PHONE")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGiveTheSameAlertIdWithOrWithoutIdentifiers() {
        RiskAlert plain = alert(EntityType.BUYER, "u1").build(0);
        RiskAlert named =
                alert(EntityType.BUYER, "u1")
                        .identify(IdentifierType.DEVICE, "dv1")
                        .identify(IdentifierType.IP, "10.0.0.1")
                        .build(0);
        assertThat(named.getAlertId()).isEqualTo(plain.getAlertId());
        assertThat(named.getAlertId())
                .isEqualTo(AlertIds.of("test.rule", 1, "BUYER", "u1", 10, List.of("o1", "o2")));
    }

    @Test
    void shouldSortTheOrdersAndIdentifiersAndDropRepeatedOrders() {
        RiskAlert a =
                AlertBuilder.forRule(RULE)
                        .subject(EntityType.SHOP, "s1")
                        .window(10, 20)
                        .orders(List.of("o3", "o1"))
                        .orders(java.util.Arrays.asList("o2", null, "o1"))
                        .identify(IdentifierType.IP, "10.0.0.9")
                        .identify(IdentifierType.BUYER, "u2")
                        .identify(IdentifierType.DEVICE, "dv1")
                        .summary("summary")
                        .build(0);
        assertThat(a.getOrderIds()).containsExactly("o1", "o2", "o3");
        assertThat(a.getEvidence().getIdentifiers().keySet())
                .containsExactly("10.0.0.9", "dv1", "u2");
        assertThat(a.getAlertId())
                .isEqualTo(
                        AlertIds.of("test.rule", 1, "SHOP", "s1", 10, List.of("o2", "o3", "o1")));
    }

    @Test
    void shouldBuildOneAlertOnly() {
        AlertBuilder b = alert(EntityType.SHOP, "s1");
        b.build(0);
        assertThatThrownBy(() -> b.build(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one alert");
    }
}
