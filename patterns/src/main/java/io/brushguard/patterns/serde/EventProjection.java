package io.brushguard.patterns.serde;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.patterns.model.StreamType;

import org.apache.avro.Schema;

import java.util.Arrays;

/**
 * Which fields of an {@link io.brushguard.patterns.correlation.EnrichedEvent} a decode builds
 * ({@link EnrichedEventSerializer#deserialize(org.apache.flink.core.memory.DataInputView,
 * EventProjection)}): the text and time fields of each stream's record by name, and whether the
 * order's story is read at all. A field left out decodes as null (text, time) and costs its bytes'
 * skip instead of a string; numbers and enums cost nothing to build and are always read. A reader
 * that asks for a field it did not name gets null, so whoever builds a projection must name every
 * field its reader reads: the pattern engine names those of its running definitions.
 *
 * <p>Immutable. {@link #ALL} decodes everything, as {@link
 * EnrichedEventSerializer#deserialize(org.apache.flink.core.memory.DataInputView)} does.
 */
public final class EventProjection {

    private static final Schema[] SCHEMAS = new Schema[StreamType.values().length];

    static {
        SCHEMAS[StreamType.ORDERS.ordinal()] = OrderEvent.getClassSchema();
        SCHEMAS[StreamType.PAYMENTS.ordinal()] = PaymentEvent.getClassSchema();
        SCHEMAS[StreamType.LOGISTICS.ordinal()] = LogisticsEvent.getClassSchema();
        SCHEMAS[StreamType.REVIEWS.ordinal()] = ReviewEvent.getClassSchema();
        for (Schema s : SCHEMAS) {
            if (s.getFields().size() > Long.SIZE) {
                // One bit per field: a record with more needs a wider projection.
                throw new IllegalStateException(
                        s.getName()
                                + " has more fields than a projection holds ("
                                + Long.SIZE
                                + ")");
            }
        }
    }

    /** Every field of every record, and the story. */
    public static final EventProjection ALL;

    static {
        long[] every = new long[SCHEMAS.length];
        Arrays.fill(every, -1L);
        ALL = new EventProjection(every, true);
    }

    /** Per stream (by ordinal), the fields to build: bit {@code i} is schema position {@code i}. */
    private final long[] fields;

    private final boolean context;

    private EventProjection(long[] fields, boolean context) {
        this.fields = fields;
        this.context = context;
    }

    /** A projection of nothing yet: add the fields a reader reads. */
    public static Builder builder() {
        return new Builder();
    }

    /** The fields of {@code stream}'s record to build, by schema position (bit {@code i}). */
    long fields(StreamType stream) {
        return fields[stream.ordinal()];
    }

    /** Whether the order's story is read. */
    public boolean context() {
        return context;
    }

    /** Whether a decode by this projection builds every field {@code other} would. */
    public boolean covers(EventProjection other) {
        if (other.context && !context) {
            return false;
        }
        for (int i = 0; i < fields.length; i++) {
            if ((other.fields[i] & ~fields[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether bit {@code position} of {@code fields} is set: that field is to be built. */
    static boolean has(long fields, int position) {
        return (fields & (1L << position)) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventProjection p
                && context == p.context
                && Arrays.equals(fields, p.fields);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(fields) + Boolean.hashCode(context);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("EventProjection[");
        for (StreamType s : StreamType.values()) {
            b.append(s.defaultName()).append('=');
            String sep = "";
            for (Schema.Field f : SCHEMAS[s.ordinal()].getFields()) {
                if (has(fields[s.ordinal()], f.pos())) {
                    b.append(sep).append(f.name());
                    sep = ",";
                }
            }
            b.append("; ");
        }
        return b.append("story=").append(context).append(']').toString();
    }

    /** Collects the fields a reader reads. */
    public static final class Builder {

        private final long[] fields = new long[SCHEMAS.length];
        private boolean context;

        private Builder() {}

        /**
         * The field {@code name} of {@code stream}'s record, named as in its schema (and {@code
         * spec/events.md}).
         *
         * @throws IllegalArgumentException if the record has no such field
         */
        public Builder field(StreamType stream, String name) {
            Schema.Field f = SCHEMAS[stream.ordinal()].getField(name);
            if (f == null) {
                throw new IllegalArgumentException(
                        "no field " + name + " on " + stream.defaultName() + " events");
            }
            fields[stream.ordinal()] |= 1L << f.pos();
            return this;
        }

        /** The order's story, all of it. */
        public Builder context() {
            context = true;
            return this;
        }

        /** Everything {@code other} builds. */
        public Builder add(EventProjection other) {
            for (int i = 0; i < fields.length; i++) {
                fields[i] |= other.fields[i];
            }
            context |= other.context;
            return this;
        }

        public EventProjection build() {
            return new EventProjection(fields.clone(), context);
        }
    }
}
