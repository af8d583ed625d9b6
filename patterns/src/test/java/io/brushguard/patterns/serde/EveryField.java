package io.brushguard.patterns.serde;

import io.brushguard.patterns.correlation.OrderContext;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Test values with every field set to a random non-default value, found generically: Avro records
 * by walking their schema, classes by reflection over their instance fields. A field added later to
 * a schema or a class is filled too, so a serializer that forgets it fails its round trip. A field
 * of a type this class does not know fails loudly: teach the serializer and this class.
 */
public final class EveryField {

    private final Random random;

    public EveryField(long seed) {
        this.random = new Random(seed);
    }

    /** A record of this generated class with every field, nullable ones too, set. */
    public <R extends SpecificRecordBase> R record(Class<R> type) {
        R record = newInstance(type);
        for (Schema.Field f : record.getSchema().getFields()) {
            record.put(f.pos(), value(f.schema(), type.getSimpleName() + "." + f.name()));
        }
        return record;
    }

    /** A record of this class with its nullable fields null and the others set. */
    <R extends SpecificRecordBase> R recordWithNulls(Class<R> type) {
        R record = record(type);
        for (Schema.Field f : record.getSchema().getFields()) {
            if (f.schema().isNullable()) {
                record.put(f.pos(), null);
            }
        }
        return record;
    }

    /** An instance with every instance field set; nested types are filled the same way. */
    public <T> T object(Class<T> type) {
        T o = newInstance(type);
        for (Field f : instanceFields(type)) {
            try {
                f.set(o, value(f.getType(), type.getSimpleName() + "." + f.getName()));
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return o;
    }

    /** Whether two objects hold equal values in every instance field, recursively. */
    public static boolean sameFields(Object a, Object b) {
        if (a == null || b == null || a == b) {
            return a == b;
        }
        if (a.getClass() != b.getClass()) {
            return false;
        }
        if (declaresEquals(a.getClass())) {
            return a.equals(b);
        }
        for (Field f : instanceFields(a.getClass())) {
            try {
                if (!sameFields(f.get(a), f.get(b))) {
                    return false;
                }
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return true;
    }

    static List<Field> instanceFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                f.setAccessible(true);
                fields.add(f);
            }
        }
        return fields;
    }

    private Object value(Class<?> type, String where) {
        if (type == String.class) {
            return string();
        }
        if (type == long.class || type == Long.class) {
            return nonZeroLong();
        }
        if (type == int.class || type == Integer.class) {
            return nonZeroInt();
        }
        if (type == double.class || type == Double.class) {
            return random.nextDouble() + 0.5;
        }
        if (type == boolean.class || type == Boolean.class) {
            return true;
        }
        if (SpecificRecordBase.class.isAssignableFrom(type)) {
            return record(type.asSubclass(SpecificRecordBase.class));
        }
        if (type == PlatformEvent.class || type == OrderContext.class) {
            return object(type);
        }
        throw new AssertionError(
                where
                        + " has type "
                        + type.getName()
                        + ", which the serializer tests do not know: serialise it, then fill it"
                        + " here");
    }

    private Object value(Schema s, String where) {
        switch (s.getType()) {
            case STRING:
                return string();
            case INT:
                return nonZeroInt();
            case LONG:
                if (s.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    return Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1 << 30));
                }
                if (s.getLogicalType() != null) {
                    break;
                }
                return nonZeroLong();
            case DOUBLE:
                return random.nextDouble() + 0.5;
            case BOOLEAN:
                return true;
            case ENUM:
                return SpecificData.get()
                        .createEnum(
                                s.getEnumSymbols().get(random.nextInt(s.getEnumSymbols().size())),
                                s);
            case UNION:
                List<Schema> types = s.getTypes();
                if (types.size() == 2 && types.get(0).getType() == Schema.Type.NULL) {
                    return value(types.get(1), where);
                }
                break;
            default:
                break;
        }
        throw new AssertionError(
                where
                        + " has Avro type "
                        + s
                        + ", which EventRecords and the serializer tests do not know: serialise"
                        + " it (and copy it deeply if it is mutable), then fill it here");
    }

    /** Mixed ASCII and CJK, sometimes empty, so length and encoding matter. */
    private String string() {
        switch (random.nextInt(5)) {
            case 0:
                return "";
            case 1:
                return "店铺-" + random.nextInt(1_000_000) + "-刷单";
            default:
                return Long.toString(random.nextLong(), 36);
        }
    }

    private long nonZeroLong() {
        long v = random.nextLong();
        return v == 0 ? 1 : v;
    }

    private int nonZeroInt() {
        int v = random.nextInt();
        return v == 0 ? 1 : v;
    }

    private static boolean declaresEquals(Class<?> type) {
        try {
            return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static <T> T newInstance(Class<T> type) {
        try {
            return Objects.requireNonNull(type.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
