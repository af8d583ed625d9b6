package io.brushguard.patterns.common;

import org.junit.jupiter.api.Test;

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
}
