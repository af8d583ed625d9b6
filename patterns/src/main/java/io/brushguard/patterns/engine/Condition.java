package io.brushguard.patterns.engine;

import io.brushguard.patterns.correlation.EnrichedEvent;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One condition of a step, as a definition writes it ({@code rating <= 2}, {@code status in [PAID,
 * COMPLETED]}, {@code event_time - order.created_at < 1h}, {@code device_id is not null}): a field,
 * or the difference of two time fields (a duration), compared with literal values. Checked once,
 * when the definition is read ({@link Conditions#parse}); evaluating it only reads fields.
 *
 * <p>A value the event does not have (null) fails every comparison but {@code is null}: {@code
 * order.rating < 3} is false on an order nobody reviewed, and so is {@code order.rating >= 3}.
 *
 * @param text the condition as written, for evidence and messages
 * @param left the field compared
 * @param minus null, or the time field subtracted from {@code left} (both are {@link
 *     ValueType#TIME}; the difference is in milliseconds)
 * @param op the comparison
 * @param values the literals: one for a comparison, any number for {@code in} and {@code not in},
 *     none for the null checks; each a {@code Long} (numbers; durations in milliseconds) or a
 *     {@code String} (text and enum values)
 */
public record Condition(String text, Field left, Field minus, Op op, List<Object> values)
        implements Serializable {

    /** The comparisons a condition may make. */
    public enum Op {
        EQ("=="),
        NE("!="),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">="),
        IN("in"),
        NOT_IN("not in"),
        IS_NULL("is null"),
        NOT_NULL("is not null");

        public final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** Whether the comparison orders values (not allowed on text and enums). */
        public boolean orders() {
            return this == LT || this == LE || this == GT || this == GE;
        }
    }

    public Condition {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(op, "op");
        values = List.copyOf(values);
    }

    /** Whether {@code e} satisfies the condition. */
    public boolean test(EnrichedEvent e) {
        Object v = value(e);
        switch (op) {
            case IS_NULL:
                return v == null;
            case NOT_NULL:
                return v != null;
            default:
                break;
        }
        if (v == null) {
            return false;
        }
        switch (op) {
            case EQ:
                return v.equals(values.get(0));
            case NE:
                return !v.equals(values.get(0));
            case IN:
                return values.contains(v);
            case NOT_IN:
                return !values.contains(v);
            default:
                long a = (Long) v;
                long b = (Long) values.get(0);
                switch (op) {
                    case LT:
                        return a < b;
                    case LE:
                        return a <= b;
                    case GT:
                        return a > b;
                    default:
                        return a >= b;
                }
        }
    }

    /** The compared value on {@code e}: the field, or the difference of the two time fields. */
    private Object value(EnrichedEvent e) {
        Object a = left.read(e);
        if (minus == null || a == null) {
            return a;
        }
        Object b = minus.read(e);
        return b == null ? null : (Long) a - (Long) b;
    }
}
