package io.brushguard.jobs.regulator;

import io.brushguard.avro.RegulatorAlert;

import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.brushguard.jobs.regulator.PseudonymizerTest.KEY_A;
import static io.brushguard.jobs.regulator.PseudonymizerTest.keyed;
import static io.brushguard.jobs.regulator.RegulatorAlertsTest.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegulatorAlertFunctionTest {

    @Test
    void shouldShipWithoutTheKeyAndLoadItWhenOpened(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key"), KEY_A);
        RegulatorAlertFunction f =
                new RegulatorAlertFunction(new PseudonymKeySource(null, file.toString()));

        byte[] shipped = InstantiationUtil.serializeObject(f);
        assertThat(new String(shipped, StandardCharsets.ISO_8859_1)).doesNotContain(KEY_A);

        RegulatorAlertFunction onTaskManager =
                InstantiationUtil.deserializeObject(shipped, getClass().getClassLoader());
        onTaskManager.open(DefaultOpenContext.INSTANCE);
        RegulatorAlert out = onTaskManager.map(alert());
        assertThat(out.getPseudonymKeyId()).isEqualTo(keyed(KEY_A).keyId());
        assertThat(out.getEntityRef()).isEqualTo(keyed(KEY_A).pseudonym("u1"));
        onTaskManager.close();
    }

    @Test
    void shouldFailToOpenWithoutAKey(@TempDir Path dir) {
        RegulatorAlertFunction f =
                new RegulatorAlertFunction(
                        new PseudonymKeySource(null, dir.resolve("missing").toString()));
        assertThatThrownBy(() -> f.open(DefaultOpenContext.INSTANCE))
                .hasMessageContaining("does not exist");
    }
}
