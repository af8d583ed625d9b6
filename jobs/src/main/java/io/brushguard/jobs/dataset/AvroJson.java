package io.brushguard.jobs.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Converts Avro specific records to and from the plain JSON of spec/events.md: one object per
 * record, field names as in the schema (snake_case), {@code timestamp-millis} as epoch-ms numbers,
 * enums as their symbol names, optional fields (unions with null) as the bare value or {@code
 * null}, nested records as objects, arrays as arrays and maps as objects. This is <em>not</em>
 * Avro's own JSON encoding (which wraps union values as {@code {"string": "..."}}): it is the
 * format a platform engineer writes by hand or with any JSON library.
 *
 * <p>Reading is lenient where the contract allows evolution and strict where it does not:
 *
 * <ul>
 *   <li>unknown fields are skipped (the contract may gain optional fields);
 *   <li>a missing field takes its schema default ({@code null} for optional fields, {@code []} for
 *       {@code order_ids}); a missing field without a default is an error;
 *   <li>values must have the JSON type the schema asks for: no numbers in strings, no fractions in
 *       ints, no {@code null} for a required field.
 * </ul>
 *
 * Errors are {@link InvalidEventException}s whose message names the field path and the offending
 * value. Semantic checks (a rating within 1..5, a known stream) are not made here: this class only
 * knows the schema.
 *
 * <p>Backtests push millions of lines through here, so the work per schema (resolving classes, enum
 * symbols, defaults, constructors) is done once per record class and cached in a {@link
 * ClassValue}; per record there is one streaming pass over the JSON tokens and no reflection. The
 * supported schema subset is what the contract uses: records, enums, arrays, maps, unions of null
 * and one other type, string, int, long ({@code timestamp-millis} as {@link Instant}), double,
 * float, boolean and bytes (base64 text). Other shapes fail when the converter is built, not per
 * record. Thread-safe.
 */
public final class AvroJson {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    private static final ClassValue<RecordCodec> CODECS =
            new ClassValue<>() {
                @Override
                protected RecordCodec computeValue(Class<?> type) {
                    return buildRecordCodec(type);
                }
            };

    private AvroJson() {}

    /** The record as one line of JSON (no line break). */
    public static String toJson(SpecificRecord record) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Writes the record as one JSON object to a generator, so a file writer can reuse one generator
     * for many lines.
     */
    public static void write(JsonGenerator g, SpecificRecord record) throws IOException {
        codecFor(record.getClass()).write(g, record);
    }

    /**
     * Parses one JSON object into a record of the given class.
     *
     * @throws InvalidEventException if the text is not a JSON object matching the schema
     */
    public static <T extends SpecificRecord> T fromJson(String json, Class<T> type) {
        return type.cast(parse(json, codecFor(type)));
    }

    /**
     * Parses one JSON object into the specific record class generated for {@code schema}.
     *
     * @throws InvalidEventException if the text is not a JSON object matching the schema
     * @throws IllegalArgumentException if no generated class for the schema is on the classpath
     */
    public static SpecificRecord fromJson(String json, Schema schema) {
        Class<?> type = SpecificData.get().getClass(schema);
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(
                    "no generated specific record class for schema " + schema.getFullName());
        }
        return (SpecificRecord) parse(json, codecFor(type));
    }

    private static RecordCodec codecFor(Class<?> type) {
        return CODECS.get(type);
    }

    private static Object parse(String json, RecordCodec codec) {
        if (json == null) {
            throw new InvalidEventException("not a JSON object: no input");
        }
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new InvalidEventException(
                        t == null ? "not a JSON object: empty input" : "not a JSON object");
            }
            Object record = codec.read(p, t);
            if (p.nextToken() != null) {
                throw new InvalidEventException("unexpected content after the JSON object");
            }
            return record;
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // Parsing a String does no I/O; anything else here is a parser failure.
            throw new InvalidEventException("malformed JSON: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------
    // Building converters, once per record class.

    private static RecordCodec buildRecordCodec(Class<?> type) {
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(type.getName() + " is not an Avro SpecificRecord");
        }
        SpecificData model = new SpecificData(type.getClassLoader());
        Schema schema = model.getSchema(type);
        return new Builder(model).record(schema, type);
    }

    /** Builds the converter tree for one top-level record class. */
    private static final class Builder {
        private final SpecificData model;
        private final Map<String, RecordCodec> records = new HashMap<>();

        Builder(SpecificData model) {
            this.model = model;
        }

        RecordCodec record(Schema schema, Class<?> type) {
            RecordCodec existing = records.get(schema.getFullName());
            if (existing != null) {
                return existing; // recursive schemas: the codec fills its fields below
            }
            MethodHandle constructor;
            try {
                constructor =
                        MethodHandles.publicLookup()
                                .findConstructor(type, MethodType.methodType(void.class))
                                .asType(MethodType.methodType(Object.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException(
                        type.getName() + " has no public no-argument constructor", e);
            }
            List<Schema.Field> fields = schema.getFields();
            RecordCodec codec = new RecordCodec(schema.getFullName(), constructor, fields.size());
            records.put(schema.getFullName(), codec);

            SpecificRecord prototype = (SpecificRecord) codec.newInstance();
            for (Schema.Field field : fields) {
                int pos = field.pos();
                codec.names[pos] = field.name();
                codec.serializedNames[pos] = new SerializedString(field.name());
                codec.byName.put(field.name(), pos);
                codec.fields[pos] = value(field.schema(), prototype, pos);
                codec.defaults[pos] = defaultFor(field, codec.fields[pos]);
            }
            return codec;
        }

        /**
         * @param owner an instance of the enclosing record, used to learn how the generated class
         *     represents a {@code timestamp-millis} field; null inside arrays and maps
         */
        ValueCodec value(Schema schema, SpecificRecord owner, int pos) {
            switch (schema.getType()) {
                case STRING:
                    return StringCodec.INSTANCE;
                case INT:
                    return IntCodec.INSTANCE;
                case LONG:
                    LogicalType logical = schema.getLogicalType();
                    if (logical instanceof LogicalTypes.TimestampMillis) {
                        return usesInstant(owner, pos)
                                ? TimestampCodec.INSTANT
                                : TimestampCodec.EPOCH_MILLIS;
                    }
                    return LongCodec.INSTANCE;
                case DOUBLE:
                    return DoubleCodec.INSTANCE;
                case FLOAT:
                    return FloatCodec.INSTANCE;
                case BOOLEAN:
                    return BooleanCodec.INSTANCE;
                case BYTES:
                    return BytesCodec.INSTANCE;
                case ENUM:
                    return new EnumCodec(schema, model.getClass(schema));
                case ARRAY:
                    return new ArrayCodec(value(schema.getElementType(), null, -1));
                case MAP:
                    return new MapCodec(value(schema.getValueType(), null, -1));
                case RECORD:
                    return record(schema, model.getClass(schema));
                case UNION:
                    return union(schema, owner, pos);
                default:
                    throw new IllegalArgumentException(
                            "schema type " + schema.getType() + " is not supported in JSON lines");
            }
        }

        private ValueCodec union(Schema schema, SpecificRecord owner, int pos) {
            List<Schema> branches = schema.getTypes();
            Schema nonNull = null;
            boolean hasNull = false;
            for (Schema branch : branches) {
                if (branch.getType() == Schema.Type.NULL) {
                    hasNull = true;
                } else if (nonNull == null) {
                    nonNull = branch;
                } else {
                    throw new IllegalArgumentException(
                            "only unions of null and one type are supported: " + schema);
                }
            }
            if (nonNull == null) {
                return NullCodec.INSTANCE;
            }
            ValueCodec inner = value(nonNull, owner, pos);
            return hasNull ? new NullableCodec(inner) : inner;
        }

        /**
         * Generated classes hold {@code timestamp-millis} as {@link Instant} when built with
         * conversions (ours are) and as {@code Long} otherwise; find out by trying, once.
         */
        private static boolean usesInstant(SpecificRecord owner, int pos) {
            if (owner == null) {
                return true;
            }
            try {
                owner.put(pos, Instant.EPOCH);
                return true;
            } catch (ClassCastException e) {
                return false;
            }
        }

        /** A supplier of the field's default, a fresh value each time; null if it has none. */
        private static Supplier<Object> defaultFor(Schema.Field field, ValueCodec codec) {
            if (!field.hasDefaultValue()) {
                return null;
            }
            Object json = field.defaultVal();
            if (json == null || json == JsonProperties.NULL_VALUE) {
                return () -> null;
            }
            // Parse the default through the field's own codec so it has the same Java types as a
            // value read from a line; re-parse per use so mutable defaults (lists) are not shared.
            String text;
            try {
                text = MAPPER.writeValueAsString(json);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("bad default for field " + field.name(), e);
            }
            ValueCodec forDefault = codec instanceof NullableCodec n ? n.inner : codec;
            return () -> {
                try (JsonParser p = JSON.createParser(text)) {
                    return forDefault.read(p, p.nextToken());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        }
    }

    // ---------------------------------------------------------------------------------------
    // Converters. read() is called with the parser positioned on the value's first token.

    private interface ValueCodec {
        Object read(JsonParser p, JsonToken t) throws IOException;

        void write(JsonGenerator g, Object value) throws IOException;
    }

    private static final class RecordCodec implements ValueCodec {
        final String fullName;
        final MethodHandle constructor;
        final String[] names;
        final SerializableString[] serializedNames;
        final ValueCodec[] fields;
        final Supplier<Object>[] defaults;
        final Map<String, Integer> byName;

        @SuppressWarnings("unchecked")
        RecordCodec(String fullName, MethodHandle constructor, int size) {
            this.fullName = fullName;
            this.constructor = constructor;
            this.names = new String[size];
            this.serializedNames = new SerializableString[size];
            this.fields = new ValueCodec[size];
            this.defaults = new Supplier[size];
            this.byName = new HashMap<>(size * 2);
        }

        Object newInstance() {
            try {
                return constructor.invokeExact();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("cannot instantiate " + fullName, e);
            }
        }

        @Override
        public Object read(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.START_OBJECT) {
                throw InvalidEventException.badValue("expected an object, got " + describe(p, t));
            }
            SpecificRecord record = (SpecificRecord) newInstance();
            boolean[] seen = new boolean[fields.length];
            while (p.nextToken() != JsonToken.END_OBJECT) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                Integer pos = byName.get(name);
                if (pos == null) {
                    p.skipChildren(); // a field this version of the contract does not know
                    continue;
                }
                int i = pos;
                Object value;
                try {
                    value = fields[i].read(p, v);
                } catch (InvalidEventException e) {
                    throw e.within(names[i]);
                }
                record.put(i, value);
                seen[i] = true;
            }
            for (int i = 0; i < seen.length; i++) {
                if (!seen[i]) {
                    if (defaults[i] == null) {
                        throw InvalidEventException.missingField(names[i]);
                    }
                    record.put(i, defaults[i].get());
                }
            }
            return record;
        }

        @Override
        public void write(JsonGenerator g, Object value) throws IOException {
            SpecificRecord record = (SpecificRecord) value;
            g.writeStartObject();
            for (int i = 0; i < fields.length; i++) {
                g.writeFieldName(serializedNames[i]);
                Object v = record.get(i);
                if (v == null
                        && !(fields[i] instanceof NullableCodec)
                        && fields[i] != NullCodec.INSTANCE) {
                    throw new IllegalArgumentException(
                            "required field '" + names[i] + "' of " + fullName + " is null");
                }
                fields[i].write(g, v);
            }
            g.writeEndObject();
        }
    }

    private static final class NullableCodec implements ValueCodec {
        final ValueCodec inner;

        NullableCodec(ValueCodec inner) {
            this.inner = inner;
        }

        @Override
        public Object read(JsonParser p, JsonToken t) throws IOException {
            return t == JsonToken.VALUE_NULL ? null : inner.read(p, t);
        }

        @Override
        public void write(JsonGenerator g, Object value) throws IOException {
            if (value == null) {
                g.writeNull();
            } else {
                inner.write(g, value);
            }
        }
    }

    private enum NullCodec implements ValueCodec {
        INSTANCE;

        @Override
        public Object read(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.VALUE_NULL) {
                throw InvalidEventException.badValue("expected null, got " + describe(p, t));
            }
            return null;
        }

        @Override
        public void write(JsonGenerator g, Object value) throws IOException {
            g.writeNull();
        }
    }

    private enum StringCodec implements ValueCodec {
        INSTANCE;

        @Override
        public Object read(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.VALUE_STRING) {
                throw expected("string", p, t);
            }
            return p.getText();
        }

        @Override
        public void write(JsonGenerator g, Object value) throws IOException {
            g.writeString(value.toString());
        }
    }

    private enum IntCodec implements ValueCodec {
        INSTANCE;

        @Override
        public Object read(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw expected("int", p, t);
            }
            if (p.getNumberType() != JsonParser.NumberType.INT) {
                throw InvalidEventException.badValue(
                        "expected int, got " + p.getText() + " (out of range)");
            }
            return p.getIntValue();
        }

        @Override
        public void write(JsonGenerator g, Object value) throws IOException {
            g.writeNumber(((Number) value).intValue());
        }
    }

    private enum LongCodec implements ValueCodec {
        INSTANCE;

        @Override
        public Object read(JsonParser p, JsonToken t) throws IOException {
            return readLong(p, t, "long");
        }

        @Override
        public void write(JsonGenerator g, Object value) throws IOException {
            g.writeNumber(((Number) value).longValue());
        }
    }

    private static long readLong(JsonParser p, JsonToken t, String what) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw expected(what, p, t);
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw InvalidEventException.badValue(
                    "expected " + what + ", got " + p.getText() + " (out of range)");
        }
        return p.getLongValue();
    }

    private enum TimestampCodec implements ValueCodec {
        INSTANT,
        EPOCH_MILLIS;

        @Override
        public Object read(JsonParser p, JsonToken t) throws IOException {
            long millis = readLong(p, t, "timestamp-millis (epoch ms)");
            return this == INSTANT ? Instant.ofEpochMilli(millis) : (Object) millis;
        }

        @Override
        public void write(JsonGenerator g, Object value) throws IOException {
            g.writeNumber(
                    value instanceof Instant i ? i.toEpochMilli() : ((Number) value).longValue());
        }
    }

    private enum DoubleCodec implements ValueCodec {
        INSTANCE;

        @Override
        public Object read(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw expected("double", p, t);
            }
            return p.getDoubleValue();
        }

        @Override
        public void write(JsonGenerator g, Object value) throws IOException {
            g.writeNumber(((Number) value).doubleValue());
        }
    }

    private enum FloatCodec implements ValueCodec {
        INSTANCE;

        @Override
        public Object read(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw expected("float", p, t);
            }
            return p.getFloatValue();
        }

        @Override
        public void write(JsonGenerator g, Object value) throws IOException {
            g.writeNumber(((Number) value).floatValue());
        }
    }

    private enum BooleanCodec implements ValueCodec {
        INSTANCE;

        @Override
        public Object read(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                throw expected("boolean", p, t);
            }
            return t == JsonToken.VALUE_TRUE;
        }

        @Override
        public void write(JsonGenerator g, Object value) throws IOException {
            g.writeBoolean((Boolean) value);
        }
    }

    /** Bytes as base64 text: JSON has no binary type. */
    private enum BytesCodec implements ValueCodec {
        INSTANCE;

        @Override
        public Object read(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.VALUE_STRING) {
                throw expected("bytes (base64 string)", p, t);
            }
            try {
                return ByteBuffer.wrap(Base64.getDecoder().decode(p.getText()));
            } catch (IllegalArgumentException e) {
                throw InvalidEventException.badValue("expected base64 bytes, " + e.getMessage());
            }
        }

        @Override
        public void write(JsonGenerator g, Object value) throws IOException {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            g.writeString(Base64.getEncoder().encodeToString(bytes));
        }
    }

    private static final class EnumCodec implements ValueCodec {
        private final Map<String, Object> bySymbol = new HashMap<>();
        private final String[] symbolByOrdinal;
        private final String expectedSymbols;

        EnumCodec(Schema schema, Class<?> type) {
            if (type == null || !type.isEnum()) {
                throw new IllegalArgumentException(
                        "no generated enum class for " + schema.getFullName());
            }
            Object[] constants = type.getEnumConstants();
            symbolByOrdinal = new String[constants.length];
            for (String symbol : schema.getEnumSymbols()) {
                Object constant = null;
                for (Object c : constants) {
                    String name = ((Enum<?>) c).name();
                    // Avro mangles symbols that are Java keywords by appending '$'.
                    if (name.equals(symbol) || name.equals(symbol + "$")) {
                        constant = c;
                        break;
                    }
                }
                if (constant == null) {
                    throw new IllegalArgumentException(
                            type.getName() + " lacks symbol " + symbol + " of its schema");
                }
                bySymbol.put(symbol, constant);
                symbolByOrdinal[((Enum<?>) constant).ordinal()] = symbol;
            }
            expectedSymbols = String.join(", ", schema.getEnumSymbols());
        }

        @Override
        public Object read(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.VALUE_STRING) {
                throw expected("enum symbol", p, t);
            }
            String symbol = p.getText();
            Object constant = bySymbol.get(symbol);
            if (constant == null) {
                throw InvalidEventException.badValue(
                        "unknown enum symbol '"
                                + abbreviate(symbol)
                                + "', expected one of "
                                + expectedSymbols);
            }
            return constant;
        }

        @Override
        public void write(JsonGenerator g, Object value) throws IOException {
            if (value instanceof Enum<?> e) {
                g.writeString(symbolByOrdinal[e.ordinal()]);
            } else {
                g.writeString(value.toString()); // a GenericEnumSymbol
            }
        }
    }

    private static final class ArrayCodec implements ValueCodec {
        private final ValueCodec items;

        ArrayCodec(ValueCodec items) {
            this.items = items;
        }

        @Override
        public Object read(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.START_ARRAY) {
                throw expected("array", p, t);
            }
            List<Object> list = new ArrayList<>();
            for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                try {
                    list.add(items.read(p, v));
                } catch (InvalidEventException e) {
                    throw e.within("[" + list.size() + "]");
                }
            }
            return list;
        }

        @Override
        public void write(JsonGenerator g, Object value) throws IOException {
            g.writeStartArray();
            for (Object item : (Collection<?>) value) {
                items.write(g, item);
            }
            g.writeEndArray();
        }
    }

    private static final class MapCodec implements ValueCodec {
        private final ValueCodec values;

        MapCodec(ValueCodec values) {
            this.values = values;
        }

        @Override
        public Object read(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.START_OBJECT) {
                throw expected("object (map)", p, t);
            }
            // Keep the writer's key order: evidence facts are read by people.
            Map<String, Object> map = new LinkedHashMap<>();
            while (p.nextToken() != JsonToken.END_OBJECT) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                try {
                    map.put(key, values.read(p, v));
                } catch (InvalidEventException e) {
                    throw e.within("[\"" + abbreviate(key) + "\"]");
                }
            }
            return map;
        }

        @Override
        public void write(JsonGenerator g, Object value) throws IOException {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                g.writeFieldName(e.getKey().toString());
                values.write(g, e.getValue());
            }
            g.writeEndObject();
        }
    }

    private static InvalidEventException expected(String type, JsonParser p, JsonToken t)
            throws IOException {
        return InvalidEventException.badValue("expected " + type + ", got " + describe(p, t));
    }

    /** The offending JSON value as a person would recognise it, abbreviated. */
    private static String describe(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_STRING:
                return "\"" + abbreviate(p.getText()) + "\"";
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_NULL:
                return "null";
            default:
                return abbreviate(p.getText());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
