package io.brushguard.patterns.common;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * Deterministic alert ids: the same evidence always yields the same id, so a replay or a restart
 * upserts instead of duplicating. The id is the first 16 bytes (hex) of the SHA-256 of the rule,
 * version, subject type and id, window start and the sorted, distinct order ids, each separated by
 * a NUL: it must never change between releases (alerts already stored keep theirs).
 */
public final class AlertIds {

    private static final HexFormat HEX = HexFormat.of();

    // One per thread: the digest (getInstance looks the provider up on every call), and the
    // canonical text's UTF-8 bytes written straight into a growing array, with no StringBuilder,
    // String or byte[] per id.
    private static final ThreadLocal<Canonical> CANONICAL = ThreadLocal.withInitial(Canonical::new);

    private AlertIds() {}

    /**
     * An id from the rule, the subject, the start of the evidence window and the set of orders
     * (order-insensitive, duplicates count once).
     */
    public static String of(
            String ruleId,
            int ruleVersion,
            String entityType,
            String entityId,
            long windowStart,
            Collection<String> orderIds) {
        List<String> sorted = new ArrayList<>(orderIds);
        sortDistinct(sorted);
        return ofSortedDistinct(ruleId, ruleVersion, entityType, entityId, windowStart, sorted);
    }

    /** The same, for order ids already sorted and distinct ({@link #sortDistinct}). */
    static String ofSortedDistinct(
            String ruleId,
            int ruleVersion,
            String entityType,
            String entityId,
            long windowStart,
            List<String> sortedDistinct) {
        Canonical c = CANONICAL.get();
        c.length = 0;
        c.text(ruleId);
        c.nul();
        c.number(ruleVersion);
        c.nul();
        c.text(entityType);
        c.nul();
        c.text(entityId);
        c.nul();
        c.number(windowStart);
        for (int i = 0; i < sortedDistinct.size(); i++) {
            c.nul();
            c.text(sortedDistinct.get(i));
        }
        return HEX.formatHex(c.digest(), 0, 16);
    }

    /**
     * The UTF-8 bytes of the canonical text, {@code String.valueOf} of each part separated by NULs
     * ({@code "null"} for a null part, as a StringBuilder appends it), and their digest.
     */
    private static final class Canonical {
        private final MessageDigest sha256;
        private final byte[] digest = new byte[32];
        private static final int MAX_KEPT = 1 << 16;

        private byte[] bytes = new byte[256];
        private int length;

        Canonical() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every JVM", e);
            }
        }

        void nul() {
            room(1);
            bytes[length++] = 0;
        }

        void text(String s) {
            if (s == null) {
                s = "null";
            }
            int n = s.length();
            room(n);
            for (int i = 0; i < n; i++) {
                char ch = s.charAt(i);
                if (ch >= 0x80) {
                    // Not ASCII: the JDK's encoder, for the same bytes (surrogates and all). A
                    // part starts and ends at a NUL, so no surrogate pair spans two parts.
                    byte[] utf8 = s.substring(i).getBytes(StandardCharsets.UTF_8);
                    room(utf8.length);
                    System.arraycopy(utf8, 0, bytes, length, utf8.length);
                    length += utf8.length;
                    return;
                }
                bytes[length++] = (byte) ch;
            }
        }

        void number(long v) {
            if (v == Long.MIN_VALUE) {
                text(Long.toString(v));
                return;
            }
            room(20);
            if (v < 0) {
                bytes[length++] = '-';
                v = -v;
            }
            int digits = 1;
            for (long rest = v / 10; rest != 0; rest /= 10) {
                digits++;
            }
            for (int i = length + digits - 1; i >= length; i--) {
                bytes[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            length += digits;
        }

        private void room(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        byte[] digest() {
            sha256.update(bytes, 0, length);
            if (bytes.length > MAX_KEPT) {
                // An alert with thousands of orders: the thread does not keep its array.
                bytes = new byte[256];
            }
            try {
                sha256.digest(digest, 0, digest.length);
            } catch (DigestException e) {
                throw new IllegalStateException("SHA-256 gives 32 bytes", e);
            }
            return digest;
        }
    }

    /** Sorts {@code ids} in natural order and removes repeats, in place. */
    static void sortDistinct(List<String> ids) {
        int n = ids.size();
        if (n < 2) {
            return;
        }
        ids.sort(null);
        int kept = 1;
        for (int i = 1; i < n; i++) {
            String id = ids.get(i);
            if (!id.equals(ids.get(kept - 1))) {
                ids.set(kept++, id);
            }
        }
        ids.subList(kept, n).clear();
    }
}
