package io.brushguard.patterns.definition;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in definition files: ISO-8601 ({@code PT90S}, {@code PT15M}, {@code P7D}, {@code
 * P1DT12H}) or a whole number with a unit: {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}
 * ({@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}).
 */
public final class Durations {

    static final String FORMS =
            "use ISO-8601 (PT90S, P7D) or a whole number with ms, s, m, h or d (90s, 15m, 2h, 7d)";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,18})(ms|s|m|h|d)");

    private Durations() {}

    /** The duration {@code text} names; IllegalArgumentException when it names none. */
    public static Duration parse(String text) {
        Matcher m = SHORT.matcher(text);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            if (text.startsWith("P") || text.startsWith("-P")) {
                return Duration.parse(text);
            }
        } catch (ArithmeticException | DateTimeParseException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("bad duration '" + text + "'; " + FORMS);
    }
}
