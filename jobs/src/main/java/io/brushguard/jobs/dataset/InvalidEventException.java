package io.brushguard.jobs.dataset;

/**
 * A JSON line that does not match its schema: malformed JSON, not an object, a missing required
 * field, a value of the wrong type or an unknown enum symbol.
 *
 * <p>The message is meant for a person reading a dead-letter record or a backtest report, e.g.
 * {@code missing required field 'shop_id'}, {@code field 'rating': expected int, got "five"} or
 * {@code field 'evidence.timeline[0].at': expected timestamp-millis (epoch ms), got "yesterday"}.
 * Nested fields are named by their path from the top-level record.
 *
 * <p>Unchecked, because a bad record is expected input, not a programming error, and callers decode
 * inside stream operators and lambdas where checked exceptions only get in the way; catch it
 * wherever a record can be routed to a dead-letter queue or reported.
 */
public class InvalidEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;
    private final boolean missing;

    private InvalidEventException(String field, String reason, boolean missing) {
        super(message(field, reason, missing));
        this.field = field;
        this.reason = reason;
        this.missing = missing;
    }

    /** A problem with the input as a whole (malformed JSON, not an object). */
    public InvalidEventException(String reason) {
        this(null, reason, false);
    }

    /** A required field is absent. */
    static InvalidEventException missingField(String field) {
        return new InvalidEventException(field, "missing required field", true);
    }

    /** A value that does not fit the schema; the caller adds the field path while unwinding. */
    static InvalidEventException badValue(String reason) {
        return new InvalidEventException(null, reason, false);
    }

    /**
     * The same problem, seen from the enclosing record or collection: {@code segment} is a field
     * name or an index such as {@code [3]}.
     */
    InvalidEventException within(String segment) {
        String path;
        if (field == null) {
            path = segment;
        } else if (field.startsWith("[")) {
            path = segment + field;
        } else {
            path = segment + "." + field;
        }
        InvalidEventException wrapped = new InvalidEventException(path, reason, missing);
        wrapped.setStackTrace(getStackTrace());
        return wrapped;
    }

    /** Path of the offending field from the top-level record ({@code a.b[2].c}), or null. */
    public String field() {
        return field;
    }

    /** What is wrong, without the field path. */
    public String reason() {
        return reason;
    }

    private static String message(String field, String reason, boolean missing) {
        if (missing) {
            return "missing required field '" + field + "'";
        }
        return field == null ? reason : "field '" + field + "': " + reason;
    }
}
