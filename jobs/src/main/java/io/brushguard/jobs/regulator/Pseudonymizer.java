package io.brushguard.jobs.regulator;

import io.brushguard.avro.EntityType;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Keyed pseudonyms for the regulator feed: {@code "p-"} followed by the lowercase, unpadded base32
 * of the first 10 bytes (80 bits) of HMAC-SHA256(key, UTF-8 of the identifier). Only the value is
 * hashed, not its type, so one account has one pseudonym whether it buys, pays or reviews. The same
 * key always gives the same pseudonym; without the key a pseudonym cannot be computed, so a
 * regulator cannot recover an identifier by hashing candidates.
 *
 * <p>Holds the key: deliberately not {@link java.io.Serializable}, and {@link #toString} shows only
 * the {@link #keyId}. Build it where it is used ({@link PseudonymKeySource#load}). Thread-safe.
 */
public final class Pseudonymizer {

    /** The shortest key accepted: 256 bits, the HMAC-SHA256 output size. */
    public static final int MIN_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int PSEUDONYM_BYTES = 10;
    private static final String KEY_ID_LABEL = "brushguard-key-id";
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final Mac mac;
    private final String keyId;

    private Pseudonymizer(byte[] key) {
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is required by every JVM", e);
        }
        keyId = pseudonym(KEY_ID_LABEL);
    }

    /**
     * A pseudonymizer keyed by {@code key} (copied), at least {@value #MIN_KEY_BYTES} bytes long.
     */
    public static Pseudonymizer withKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "a pseudonymisation key needs at least "
                            + MIN_KEY_BYTES
                            + " bytes, got "
                            + key.length);
        }
        return new Pseudonymizer(key);
    }

    /** The pseudonym of an identifier: {@code p-} and 16 base32 characters. */
    public String pseudonym(String value) {
        Objects.requireNonNull(value, "value");
        byte[] digest;
        synchronized (mac) {
            digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        }
        return "p-" + base32(digest, PSEUDONYM_BYTES);
    }

    /**
     * What regulators see instead of an alert id: {@code a-} and 16 base32 characters. An alert id
     * is an unkeyed hash of the rule, the subject, the window and the orders, all of which but the
     * subject the feed publishes; shown as is, it would let anyone holding the feed test guessed
     * subject ids against it.
     */
    public String alertRef(String alertId) {
        return "a-" + pseudonym("alert:" + alertId).substring(2);
    }

    /**
     * Which key made the pseudonyms: the pseudonym of a fixed label. Differs between keys, stable
     * for one key, and reveals nothing about the key.
     */
    public String keyId() {
        return keyId;
    }

    /**
     * Whether a subject of this type is a person (or a person's device): all but shops, carriers.
     */
    public static boolean isPersonal(EntityType type) {
        return type != EntityType.SHOP && type != EntityType.CARRIER;
    }

    /** What regulators see of a subject: its pseudonym when personal, else the id itself. */
    public String entityRef(EntityType type, String id) {
        return isPersonal(type) ? pseudonym(id) : id;
    }

    /** Lowercase RFC 4648 base32 of the first {@code n} bytes, without padding. */
    static String base32(byte[] bytes, int n) {
        StringBuilder out = new StringBuilder((n * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < n; i++) {
            buffer = (buffer << 8) | (bytes[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "Pseudonymizer[" + ALGORITHM + ", key id " + keyId + "]";
    }
}
