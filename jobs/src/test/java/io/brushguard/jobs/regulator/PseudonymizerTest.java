package io.brushguard.jobs.regulator;

import io.brushguard.avro.EntityType;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PseudonymizerTest {

    static final String KEY_A = "key-A-0123456789abcdef0123456789abcdef";
    static final String KEY_B = "key-B-0123456789abcdef0123456789abcdef";

    static Pseudonymizer keyed(String key) {
        return Pseudonymizer.withKey(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldGiveTheSamePseudonymForTheSameValueAndKey() {
        assertThat(keyed(KEY_A).pseudonym("u0123456789"))
                .isEqualTo(keyed(KEY_A).pseudonym("u0123456789"))
                .matches("p-[a-z2-7]{16}");
        assertThat(keyed(KEY_A).pseudonym("u0123456789"))
                .isNotEqualTo(keyed(KEY_A).pseudonym("u0123456780"));
    }

    @Test
    void shouldGiveDifferentPseudonymsUnderDifferentKeys() {
        assertThat(keyed(KEY_A).pseudonym("u0123456789"))
                .isNotEqualTo(keyed(KEY_B).pseudonym("u0123456789"));
    }

    @Test
    void shouldComputeTheDocumentedHmacConstruction() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(
                new javax.crypto.spec.SecretKeySpec(
                        KEY_A.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] digest = mac.doFinal("u1".getBytes(StandardCharsets.UTF_8));
        assertThat(keyed(KEY_A).pseudonym("u1")).isEqualTo("p-" + Pseudonymizer.base32(digest, 10));
    }

    @Test
    void shouldEncodeBase32AsRfc4648InLowerCaseWithoutPadding() {
        byte[] foobar = "foobar".getBytes(StandardCharsets.US_ASCII);
        assertThat(Pseudonymizer.base32(foobar, 6)).isEqualTo("mzxw6ytboi");
        assertThat(Pseudonymizer.base32(foobar, 5)).isEqualTo("mzxw6ytb");
        assertThat(Pseudonymizer.base32(foobar, 1)).isEqualTo("my");
    }

    @Test
    void shouldHashTheValueOnlySoOneAccountHasOnePseudonymInEveryRole() {
        Pseudonymizer p = keyed(KEY_A);
        assertThat(p.entityRef(EntityType.BUYER, "u1"))
                .isEqualTo(p.entityRef(EntityType.REVIEWER, "u1"))
                .isEqualTo(p.entityRef(EntityType.PAYER, "u1"))
                .isEqualTo(p.pseudonym("u1"));
    }

    @Test
    void shouldKeepShopsAndCarriersNamed() {
        Pseudonymizer p = keyed(KEY_A);
        assertThat(p.entityRef(EntityType.SHOP, "s1")).isEqualTo("s1");
        assertThat(p.entityRef(EntityType.CARRIER, "SF")).isEqualTo("SF");
        for (EntityType t : EntityType.values()) {
            assertThat(Pseudonymizer.isPersonal(t))
                    .as(t.name())
                    .isEqualTo(t != EntityType.SHOP && t != EntityType.CARRIER);
        }
    }

    @Test
    void shouldIdentifyTheKeyWithoutRevealingIt() {
        assertThat(keyed(KEY_A).keyId())
                .isEqualTo(keyed(KEY_A).keyId())
                .isNotEqualTo(keyed(KEY_B).keyId())
                .matches("p-[a-z2-7]{16}");
    }

    @Test
    void shouldRejectAKeyShorterThan32Bytes() {
        assertThatThrownBy(() -> Pseudonymizer.withKey(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void shouldNeverShowTheKey() {
        Pseudonymizer p = keyed(KEY_A);
        assertThat(p.toString()).doesNotContain(KEY_A).doesNotContain("key-A").contains(p.keyId());
        assertThat(p).isNotInstanceOf(java.io.Serializable.class);
    }
}
