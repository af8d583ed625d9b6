package io.brushguard.patterns.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * Deterministic alert ids: the same evidence always yields the same id, so a replay or a restart
 * upserts instead of duplicating.
 */
public final class AlertIds {

    private AlertIds() {}

    /**
     * An id from the rule, the subject, the start of the evidence window and the set of orders
     * (order-insensitive).
     */
    public static String of(
            String ruleId,
            int ruleVersion,
            String entityType,
            String entityId,
            long windowStart,
            Collection<String> orderIds) {
        StringBuilder canonical =
                new StringBuilder()
                        .append(ruleId)
                        .append('\u0000')
                        .append(ruleVersion)
                        .append('\u0000')
                        .append(entityType)
                        .append('\u0000')
                        .append(entityId)
                        .append('\u0000')
                        .append(windowStart);
        for (String orderId : new TreeSet<>(orderIds)) {
            canonical.append('\u0000').append(orderId);
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
