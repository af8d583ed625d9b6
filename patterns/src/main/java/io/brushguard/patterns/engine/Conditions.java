package io.brushguard.patterns.engine;

import io.brushguard.patterns.definition.Durations;
import io.brushguard.patterns.engine.Condition.Op;
import io.brushguard.patterns.model.StreamType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the conditions of a declarative pattern ({@code docs/patterns.md}, "Writing a new
 * pattern"): {@code <operand> <op> <literal>}, where the operand is a field of the step's stream
 * (or of the order story, {@code order.*}) or the difference of two time fields, the op one of
 * {@code == != < <= > >= in}, {@code not in}, {@code is null}, {@code is not null}, and the literal
 * a whole number, a duration, an upper-case enum value, text (a bare word or quoted) or a list
 * {@code [A, B]}. Every check of names, types and values is made here, once; a condition that
 * passes only reads fields when evaluated.
 */
public final class Conditions {

    private static final String NAME = "[A-Za-z_][A-Za-z0-9_.]*";
    private static final Pattern OPERAND =
            Pattern.compile("(" + NAME + ")(?:\\s*-\\s*(" + NAME + "))?");
    private static final String OPS = "==, !=, <, <=, >, >=, in, not in, is null, is not null";
    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,18}");
    private static final Pattern BARE = Pattern.compile("[^\\s\\[\\],'\"]+");

    private Conditions() {}

    /**
     * The condition {@code text} states on events of {@code stream}.
     *
     * @throws IllegalArgumentException when it is not one; the message is the reason, for a person
     */
    public static Condition parse(String text, StreamType stream) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw refused("an empty condition; write <field> <op> <value>, such as rating <= 2");
        }
        Matcher m = OPERAND.matcher(t);
        if (!m.lookingAt()) {
            throw refused(
                    "'"
                            + t
                            + "': expected a field name first, such as rating <= 2 or"
                            + " event_time - order.created_at < 1h");
        }
        Field left = field(m.group(1), stream);
        Field minus = m.group(2) == null ? null : field(m.group(2), stream);
        String rest = t.substring(m.end()).trim();
        Op op = null;
        for (Op candidate : byLength()) {
            if (startsWithOp(rest, candidate.symbol)) {
                op = candidate;
                break;
            }
        }
        if (op == null) {
            throw refused(
                    "'"
                            + t
                            + "': expected an operator after '"
                            + t.substring(0, m.end())
                            + "': "
                            + OPS
                            + (rest.isEmpty() ? "" : "; got '" + firstWord(rest) + "'"));
        }
        String literal = rest.substring(op.symbol.length()).trim();
        if (minus != null) {
            return difference(t, left, minus, op, literal);
        }
        if (op == Op.IS_NULL || op == Op.NOT_NULL) {
            if (!literal.isEmpty()) {
                throw refused("'" + t + "': nothing may follow '" + op.symbol + "'");
            }
            return new Condition(t, left, null, op, List.of());
        }
        if (left.type == ValueType.TIME) {
            throw refused(
                    "'"
                            + op.symbol
                            + "' does not apply to time field "
                            + left.fieldName
                            + "; compare the difference of two times with a duration"
                            + " (event_time - order.created_at < 1h), or use is null / is not"
                            + " null");
        }
        if (op.orders() && left.type != ValueType.NUMBER) {
            throw refused(
                    "'"
                            + op.symbol
                            + "' does not apply to "
                            + typeName(left.type)
                            + " field "
                            + left.fieldName
                            + "; use ==, !=, in or not in");
        }
        List<Object> values = new ArrayList<>();
        if (op == Op.IN || op == Op.NOT_IN) {
            if (!literal.startsWith("[") || !literal.endsWith("]")) {
                throw refused(
                        "'"
                                + t
                                + "': expected a list after '"
                                + op.symbol
                                + "', such as "
                                + example(left));
            }
            List<String> items = items(t, literal.substring(1, literal.length() - 1));
            if (items.isEmpty()) {
                throw refused(
                        "'" + t + "': the list after '" + op.symbol + "' needs at least one value");
            }
            for (String item : items) {
                values.add(value(t, left, item));
            }
        } else {
            if (literal.isEmpty()) {
                throw refused(
                        "'" + t + "': expected " + expected(left) + " after '" + op.symbol + "'");
            }
            if (literal.startsWith("[")) {
                throw refused(
                        "'"
                                + t
                                + "': '"
                                + op.symbol
                                + "' compares with one value, not a list; use in or not in");
            }
            values.add(value(t, left, literal));
        }
        return new Condition(t, left, null, op, values);
    }

    /** {@code a - b <op> <duration>}. */
    private static Condition difference(String t, Field left, Field minus, Op op, String literal) {
        for (Field f : List.of(left, minus)) {
            if (f.type != ValueType.TIME) {
                throw refused(
                        "'"
                                + t
                                + "': only times can be subtracted; "
                                + f.fieldName
                                + " is a "
                                + typeName(f.type)
                                + " field");
            }
        }
        if (!op.orders()) {
            throw refused(
                    "'"
                            + t
                            + "': a difference of two times is compared with a duration by <, <=,"
                            + " > or >=, not '"
                            + op.symbol
                            + "'");
        }
        if (literal.isEmpty()) {
            throw refused(
                    "'"
                            + t
                            + "': expected a duration after '"
                            + op.symbol
                            + "', such as 60m or PT1H");
        }
        long millis;
        try {
            millis = Durations.parse(literal).toMillis();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw refused(
                    "'" + t + "': expected a duration, such as 60m or PT1H, got '" + literal + "'");
        }
        return new Condition(t, left, minus, op, List.of(millis));
    }

    /** One literal for {@code field}: a whole number, an enum value or text. */
    private static Object value(String t, Field field, String literal) {
        switch (field.type) {
            case NUMBER:
                if (!WHOLE.matcher(literal).matches()) {
                    throw refused("'" + t + "': expected a whole number");
                }
                return Long.parseLong(literal);
            case ENUM:
                String name = unquoted(t, literal);
                List<String> allowed = field.enumValues();
                if (!allowed.contains(name)) {
                    throw refused(
                            field.fieldName
                                    + ": unknown value '"
                                    + name
                                    + "'; allowed: "
                                    + String.join(", ", allowed));
                }
                return name;
            default:
                return unquoted(t, literal);
        }
    }

    /** Text: a bare word, or anything between single or double quotes. */
    private static String unquoted(String t, String literal) {
        if (literal.length() >= 2
                && (literal.charAt(0) == '\'' || literal.charAt(0) == '"')
                && literal.charAt(literal.length() - 1) == literal.charAt(0)) {
            String inner = literal.substring(1, literal.length() - 1);
            if (inner.indexOf(literal.charAt(0)) < 0) {
                return inner;
            }
        }
        if (BARE.matcher(literal).matches()) {
            return literal;
        }
        throw refused(
                "'"
                        + t
                        + "': expected one value, got '"
                        + literal
                        + "'; quote text with spaces or commas ('like this')");
    }

    /** The items of a list's inside, split at commas outside quotes. */
    private static List<String> items(String t, String inside) {
        List<String> items = new ArrayList<>();
        if (inside.isBlank()) {
            return items;
        }
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (char ch : inside.toCharArray()) {
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                }
                current.append(ch);
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                current.append(ch);
            } else if (ch == ',') {
                items.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        if (quote != 0) {
            throw refused("'" + t + "': a quote is not closed");
        }
        items.add(current.toString().trim());
        if (items.contains("")) {
            throw refused("'" + t + "': an empty item in the list");
        }
        return items;
    }

    /** The field {@code name} on events of {@code stream}. */
    private static Field field(String name, StreamType stream) {
        Field f = Field.of(stream, name);
        if (f == null) {
            throw refused(unknownField(name, stream));
        }
        return f;
    }

    /**
     * The reason for a name that is no field of {@code stream}'s events: {@code unknown field 'x'
     * on reviews; known: ...}.
     */
    public static String unknownField(String name, StreamType stream) {
        return "unknown field '"
                + name
                + "' on "
                + stream.defaultName()
                + "; known: "
                + String.join(", ", Field.names(stream));
    }

    /** The ops, longest symbols first, so that {@code <=} is not read as {@code <}. */
    private static List<Op> byLength() {
        return List.of(
                Op.NOT_NULL,
                Op.IS_NULL,
                Op.NOT_IN,
                Op.EQ,
                Op.NE,
                Op.LE,
                Op.GE,
                Op.LT,
                Op.GT,
                Op.IN);
    }

    private static boolean startsWithOp(String rest, String symbol) {
        if (!rest.startsWith(symbol)) {
            return false;
        }
        if (!Character.isLetter(symbol.charAt(0))) {
            return true;
        }
        // a word op ends at a space, a bracket or the end: 'in' is not the start of 'inside'
        return rest.length() == symbol.length()
                || !Character.isLetterOrDigit(rest.charAt(symbol.length()))
                        && rest.charAt(symbol.length()) != '_';
    }

    private static String firstWord(String rest) {
        String[] words = rest.split("\\s+", 2);
        return words[0];
    }

    private static String typeName(ValueType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    private static String expected(Field field) {
        return switch (field.type) {
            case NUMBER -> "a whole number";
            case ENUM -> "one of " + String.join(", ", field.enumValues());
            default -> "a value";
        };
    }

    private static String example(Field field) {
        return switch (field.type) {
            case NUMBER -> "[1, 2]";
            case ENUM -> "[" + String.join(", ", field.enumValues().subList(0, 2)) + "]";
            default -> "[a, b]";
        };
    }

    private static IllegalArgumentException refused(String reason) {
        return new IllegalArgumentException(reason);
    }
}
