package io.brushguard.patterns.serde;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Collectors;

/**
 * The snapshot of a serializer whose binary layout is fixed in code: its format version and a
 * fingerprint of the types it writes (their fields and enum symbols, in order).
 *
 * <p>A savepoint restores only when both match the running code. So when a schema or a class
 * changes without a version bump, the restore fails (incompatible, or a message from {@link
 * #restoreSerializer()}) instead of reading the old bytes with the new layout. To keep old
 * savepoints, teach the serializer to read the old version and return {@link
 * TypeSerializerSchemaCompatibility#compatibleAfterMigration()} for it here; until then an old
 * version is a savepoint break (see the package documentation).
 */
abstract class LayoutSnapshot<T> implements TypeSerializerSnapshot<T> {

    /** What was read from a savepoint; null for the snapshot of the running serializer. */
    private Integer readVersion;

    private long readFingerprint;

    /** The format version the running code writes and reads. */
    protected abstract int formatVersion();

    /** The fingerprint of what the running code writes. */
    protected abstract long layoutFingerprint();

    /** The running serializer. */
    protected abstract TypeSerializer<T> currentSerializer();

    @Override
    public int getCurrentVersion() {
        return formatVersion();
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeLong(layoutFingerprint());
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
            throws IOException {
        this.readVersion = readVersion;
        this.readFingerprint = in.readLong();
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        if (!matchesRunningCode()) {
            throw new IllegalStateException(mismatch());
        }
        return currentSerializer();
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
            TypeSerializerSnapshot<T> oldSnapshot) {
        if (oldSnapshot.getClass() != getClass()) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        return ((LayoutSnapshot<T>) oldSnapshot).matchesRunningCode()
                ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                : TypeSerializerSchemaCompatibility.incompatible();
    }

    private boolean matchesRunningCode() {
        return readVersion == null
                || (readVersion == formatVersion() && readFingerprint == layoutFingerprint());
    }

    private String mismatch() {
        return getClass().getName()
                + ": the state was written in format version "
                + readVersion
                + " (layout fingerprint "
                + Long.toHexString(readFingerprint)
                + "), this code reads version "
                + formatVersion()
                + " (layout fingerprint "
                + Long.toHexString(layoutFingerprint())
                + "). Restore it with the build that wrote it, or start without that state.";
    }

    /** A fingerprint of Avro schemas: their fields and enum symbols, in order (no docs). */
    static String describe(Schema... schemas) {
        return Arrays.stream(schemas)
                .map(SchemaNormalization::toParsingForm)
                .collect(Collectors.joining(";"));
    }

    /** The instance fields of a class with their types, by name. */
    static String describe(Class<?> type) {
        return type.getName()
                + Arrays.stream(type.getDeclaredFields())
                        .filter(f -> !Modifier.isStatic(f.getModifiers()))
                        .filter(f -> !Modifier.isTransient(f.getModifiers()))
                        .sorted(Comparator.comparing(Field::getName))
                        .map(f -> f.getName() + ":" + f.getGenericType().getTypeName())
                        .collect(Collectors.joining(",", "{", "}"));
    }

    static long fingerprint(String... descriptions) {
        return SchemaNormalization.fingerprint64(
                String.join("|", descriptions).getBytes(StandardCharsets.UTF_8));
    }
}
