package io.brushguard.jobs.sink;

import io.brushguard.jobs.config.KafkaOptions;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSinksTest {

    private static Configuration alertsDelivery(String value) {
        Configuration conf = new Configuration();
        conf.setString(KafkaOptions.ALERTS_DELIVERY.key(), value);
        return conf;
    }

    @Test
    void shouldReadTheAlertsDeliveryAsWrittenInTheDocs() {
        assertThat(new Configuration().get(KafkaOptions.ALERTS_DELIVERY))
                .isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(alertsDelivery("at-least-once").get(KafkaOptions.ALERTS_DELIVERY))
                .isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(alertsDelivery("exactly-once").get(KafkaOptions.ALERTS_DELIVERY))
                .isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    }

    @Test
    void shouldRefuseAlertsWithoutADeliveryGuarantee() {
        assertThatThrownBy(() -> KafkaSinks.alerts(alertsDelivery("none")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("brushguard.kafka.alerts-delivery")
                .hasMessageContaining("exactly-once or at-least-once");
    }

    @Test
    void shouldRefuseAnUnknownAlertsDelivery() {
        assertThatThrownBy(() -> KafkaSinks.alerts(alertsDelivery("twice")))
                .hasMessageContaining("twice");
    }
}
