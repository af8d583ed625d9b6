package io.brushguard.patterns.definition;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "250ms, PT0.25S",
        "90s, PT1M30S",
        "15m, PT15M",
        "2h, PT2H",
        "7d, P7D",
        "PT90S, PT1M30S",
        "P7D, P7D",
        "P1DT12H, PT36H",
        "PT0.5S, PT0.5S"
    })
    void shouldReadShortAndIsoDurations(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "7 d", "7days", "1.5h", "2H", "-5m", "P1W", "P1M", "", "h"})
    void shouldRejectAnythingElseNamingTheForms(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad duration '" + text + "'; " + Durations.FORMS);
    }
}
