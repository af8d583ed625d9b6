package io.brushguard.patterns.engine;

/**
 * What a {@link Field} holds, which decides the comparisons a condition may make on it: text and
 * enum values by equality and membership only, numbers and times by order too. The difference of
 * two times is a duration, compared with a duration ({@code 60m}).
 */
public enum ValueType {
    /** Text; compared with {@code ==}, {@code !=}, {@code in}, {@code not in}. */
    TEXT,
    /** One of a fixed set of upper-case values (a status, a scan); compared like text. */
    ENUM,
    /** A whole number (amount, quantity, rating, weight); compared by value. */
    NUMBER,
    /** An instant, epoch milliseconds; only the difference of two is compared, as a duration. */
    TIME
}
