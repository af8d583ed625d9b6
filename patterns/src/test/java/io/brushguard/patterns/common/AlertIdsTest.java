package io.brushguard.patterns.common;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertIdsTest {

    @Test
    void shouldNotDependOnTheOrderOfOrderIds() {
        assertThat(AlertIds.of("r", 1, "SHOP", "s1", 10, List.of("a", "b", "c")))
                .isEqualTo(AlertIds.of("r", 1, "SHOP", "s1", 10, List.of("c", "a", "b")));
    }

    @Test
    void shouldDifferWhenAnyPartOfTheEvidenceDiffers() {
        String base = AlertIds.of("r", 1, "SHOP", "s1", 10, List.of("a"));
        assertThat(AlertIds.of("r", 2, "SHOP", "s1", 10, List.of("a"))).isNotEqualTo(base);
        assertThat(AlertIds.of("r", 1, "SHOP", "s2", 10, List.of("a"))).isNotEqualTo(base);
        assertThat(AlertIds.of("r", 1, "SHOP", "s1", 11, List.of("a"))).isNotEqualTo(base);
        assertThat(AlertIds.of("r", 1, "SHOP", "s1", 10, List.of("a", "b"))).isNotEqualTo(base);
        assertThat(AlertIds.of("r", 1, "BUYER", "s1", 10, List.of("a"))).isNotEqualTo(base);
        assertThat(base).hasSize(32).matches("[0-9a-f]+");
    }

    /**
     * Ids stored by earlier releases must be found again (a replay upserts them): these values were
     * computed by the first implementation (a TreeSet of the orders, a fresh digest per id).
     */
    @Test
    void idsStayWhatEarlierReleasesComputed() {
        assertThat(AlertIds.of("r", 1, "SHOP", "s1", 10, List.of()))
                .isEqualTo("ba74e66096c6b3f57a4c102119f932f2");
        assertThat(AlertIds.of("r", 1, "SHOP", "s1", 10, List.of("a")))
                .isEqualTo("d64ff1e624483c71261e617834efe6f4");
        assertThat(
                        AlertIds.of(
                                "brushing.fast-confirm",
                                3,
                                "BUYER",
                                "买家-7",
                                1_700_000_000_000L,
                                List.of("o-2", "o-10", "o-2", "o-1")))
                .isEqualTo("c438e95915390ef95b0fba5a3ac46d17");
        assertThat(AlertIds.of("r", 1, "SHOP", "s1", -5, Arrays.asList("b", "a")))
                .isEqualTo("9a9d9884e22a6bd4fb2639b595b7147e");
    }

    /**
     * The canonical text's bytes are written without a String since 2026-11-24: these values were
     * computed by the implementation before (a StringBuilder's text, then its UTF-8 bytes) for a
     * part longer than the first buffer, a character outside the BMP, unpaired surrogates, and the
     * extreme window starts, one id after the other on one thread.
     */
    @Test
    void idsOfUnusualPartsStayWhatTheStringBuilderComputed() {
        String longId = "shop-" + "x".repeat(300) + "-店铺";
        for (int round = 0; round < 2; round++) {
            assertThat(
                            AlertIds.of(
                                    "rule.long",
                                    12,
                                    "SHOP",
                                    longId,
                                    Long.MIN_VALUE,
                                    List.of("o-1", "订单\uD83D\uDE00-2")))
                    .isEqualTo("4ce5275815673a252b55a0354e3658f5");
            assertThat(
                            AlertIds.of(
                                    "r",
                                    0,
                                    "BUYER",
                                    "bad\uD800",
                                    Long.MAX_VALUE,
                                    List.of("\uDC00x", "ok")))
                    .isEqualTo("30d657a22494e311fe1bbcd5211d4f99");
        }
    }

    /** An id of many orders, longer than the array a thread keeps, then a short one again. */
    @Test
    void anIdOfThousandsOfOrdersIsTheSameAsFromItsText() throws Exception {
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            orders.add("order-" + i);
        }
        StringBuilder text = new StringBuilder("r\u00001\u0000SHOP\u0000s1\u000010");
        List<String> sorted = new ArrayList<>(orders);
        AlertIds.sortDistinct(sorted);
        for (String o : sorted) {
            text.append('\u0000').append(o);
        }
        byte[] digest =
                MessageDigest.getInstance("SHA-256")
                        .digest(text.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(AlertIds.of("r", 1, "SHOP", "s1", 10, orders))
                .isEqualTo(HexFormat.of().formatHex(digest, 0, 16));
        assertThat(AlertIds.of("r", 1, "SHOP", "s1", 10, List.of("a")))
                .isEqualTo("d64ff1e624483c71261e617834efe6f4");
    }

    @Test
    void sortDistinctSortsAndDropsRepeats() {
        List<String> ids = new ArrayList<>(List.of("o-2", "o-10", "o-2", "o-1", "o-10", "o-3"));
        AlertIds.sortDistinct(ids);
        assertThat(ids).containsExactly("o-1", "o-10", "o-2", "o-3");
        List<String> one = new ArrayList<>(List.of("x"));
        AlertIds.sortDistinct(one);
        assertThat(one).containsExactly("x");
    }
}
