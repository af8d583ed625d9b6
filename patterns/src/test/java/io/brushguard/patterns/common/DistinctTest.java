package io.brushguard.patterns.common;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class DistinctTest {

    @Test
    void countsDistinctValuesUpToTheMinimum() {
        List<String> values = List.of("a", "b", "a", "c", "b");
        assertThat(Distinct.atLeast(values, Function.identity(), 3)).isTrue();
        assertThat(Distinct.atLeast(values, Function.identity(), 4)).isFalse();
        assertThat(Distinct.atLeast(values, String::length, 2)).isFalse();
        assertThat(Distinct.atLeast(List.<String>of(), Function.identity(), 1)).isFalse();
        assertThat(Distinct.atLeast(List.<String>of(), Function.identity(), 0)).isTrue();
    }

    @Test
    void stopsReadingOnceItKnows() {
        int[] read = {0};
        Distinct.atLeast(
                List.of("a", "b", "c", "d"),
                v -> {
                    read[0]++;
                    return v;
                },
                2);
        assertThat(read[0]).isEqualTo(2);
    }

    @Test
    void findsAValueSharedByTwoOwners() {
        java.util.Map<String, String> firstOwner = new java.util.HashMap<>();
        assertThat(Distinct.sharedWithAnother(firstOwner, "d1", "u1")).isFalse();
        assertThat(Distinct.sharedWithAnother(firstOwner, "d1", "u1")).isFalse();
        assertThat(Distinct.sharedWithAnother(firstOwner, null, "u2")).isFalse();
        assertThat(Distinct.sharedWithAnother(firstOwner, "d2", "u2")).isFalse();
        assertThat(Distinct.sharedWithAnother(firstOwner, "d1", "u2")).isTrue();
    }
}
