package io.brushguard.patterns.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
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
