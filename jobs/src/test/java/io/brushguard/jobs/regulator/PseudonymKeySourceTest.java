package io.brushguard.jobs.regulator;

import io.brushguard.jobs.config.RegulatorOptions;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.brushguard.jobs.regulator.PseudonymizerTest.KEY_A;
import static io.brushguard.jobs.regulator.PseudonymizerTest.KEY_B;
import static io.brushguard.jobs.regulator.PseudonymizerTest.keyed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PseudonymKeySourceTest {

    private static final Map<String, String> NO_ENV = Map.of();

    private static PseudonymKeySource configured(Path keyFile) {
        Configuration conf = new Configuration();
        if (keyFile != null) {
            conf.set(RegulatorOptions.PSEUDONYM_KEY_FILE, keyFile.toString());
        }
        return PseudonymKeySource.fromConfiguration(conf);
    }

    @Test
    void shouldReadTheKeyFileTrimmingSurroundingWhitespace(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key"), KEY_A + "\n");
        Pseudonymizer p = configured(file).load(NO_ENV::get);
        assertThat(p.keyId()).isEqualTo(keyed(KEY_A).keyId());
    }

    @Test
    void shouldPreferTheEnvironmentVariableToTheKeyFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key"), KEY_A);
        Pseudonymizer p = configured(file).load(Map.of("BRUSHGUARD_PSEUDONYM_KEY", KEY_B)::get);
        assertThat(p.keyId()).isEqualTo(keyed(KEY_B).keyId());
    }

    @Test
    void shouldUseTheEnvironmentVariableWithoutAKeyFile() {
        Pseudonymizer p = configured(null).load(Map.of("BRUSHGUARD_PSEUDONYM_KEY", KEY_B)::get);
        assertThat(p.keyId()).isEqualTo(keyed(KEY_B).keyId());
    }

    @Test
    void shouldFailClearlyWhenNoKeyIsConfigured() {
        assertThatThrownBy(() -> configured(null).load(NO_ENV::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no pseudonymisation key")
                .hasMessageContaining("BRUSHGUARD_PSEUDONYM_KEY")
                .hasMessageContaining("brushguard.pseudonym.key-file");
    }

    @Test
    void shouldFailClearlyWhenTheKeyFileIsMissing(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> configured(missing).load(NO_ENV::get))
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void shouldRejectAShortKeyWithoutNamingIt(@TempDir Path dir) throws Exception {
        String shortKey = "short-secret-of-31-bytes-123456";
        assertThat(shortKey.getBytes(StandardCharsets.UTF_8)).hasSize(31);
        Path file = Files.writeString(dir.resolve("key"), shortKey);
        assertThatThrownBy(() -> configured(file).load(NO_ENV::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("31 bytes")
                .hasMessageContaining("at least 32")
                .message()
                .doesNotContain(shortKey);
        assertThatThrownBy(
                        () ->
                                configured(null)
                                        .load(Map.of("BRUSHGUARD_PSEUDONYM_KEY", shortKey)::get))
                .hasMessageContaining("environment variable BRUSHGUARD_PSEUDONYM_KEY")
                .message()
                .doesNotContain(shortKey);
    }

    @Test
    void shouldHoldWhereTheKeyIsButNeverTheKey(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key"), KEY_A);
        PseudonymKeySource source = configured(file);
        assertThat(source.envVariable()).isEqualTo("BRUSHGUARD_PSEUDONYM_KEY");
        assertThat(source.keyFile()).isEqualTo(file.toString());
        byte[] serialized = InstantiationUtil.serializeObject(source);
        assertThat(new String(serialized, StandardCharsets.ISO_8859_1)).doesNotContain(KEY_A);
        assertThat(source.toString()).doesNotContain(KEY_A);
    }
}
