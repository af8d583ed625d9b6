package io.brushguard.patterns.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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

    // One digest per thread: getInstance looks the provider up on every call.
    private static final ThreadLocal<MessageDigest> SHA_256 =
            ThreadLocal.withInitial(
                    () -> {
                        try {
                            return MessageDigest.getInstance("SHA-256");
                        } catch (NoSuchAlgorithmException e) {
                            throw new IllegalStateException("SHA-256 is required by every JVM", e);
                        }
                    });

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
        StringBuilder canonical =
                new StringBuilder(64)
                        .append(ruleId)
                        .append('\u0000')
                        .append(ruleVersion)
                        .append('\u0000')
                        .append(entityType)
                        .append('\u0000')
                        .append(entityId)
                        .append('\u0000')
                        .append(windowStart);
        for (int i = 0; i < sortedDistinct.size(); i++) {
            canonical.append('\u0000').append(sortedDistinct.get(i));
        }
        byte[] digest = SHA_256.get().digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest, 0, 16);
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
