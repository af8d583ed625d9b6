package io.brushguard.patterns.serde;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import java.io.IOException;
import java.time.Instant;

/**
 * Null-aware writers and readers of single field values, the building blocks of the serializers in
 * this package. Each writes a value so that its reader needs nothing else to read it back.
 */
final class Fields {

    private Fields() {}

    /** Any length (unlike {@code writeUTF}), null-aware. */
    static void writeString(String s, DataOutputView out) throws IOException {
        StringValue.writeString(s, out);
    }

    static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    /** Epoch milliseconds behind a presence flag. */
    static void writeInstant(Instant t, DataOutputView out) throws IOException {
        if (t == null) {
            out.writeBoolean(false);
        } else {
            out.writeBoolean(true);
            out.writeLong(t.toEpochMilli());
        }
    }

    static Instant readInstant(DataInputView in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochMilli(in.readLong()) : null;
    }

    static void writeInteger(Integer i, DataOutputView out) throws IOException {
        if (i == null) {
            out.writeBoolean(false);
        } else {
            out.writeBoolean(true);
            out.writeInt(i);
        }
    }

    static Integer readInteger(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readInt() : null;
    }

    /**
     * One byte: the ordinal plus one, 0 for null. Ordinals are only safe while the enum's symbols
     * keep their order; the layout fingerprint in each snapshot covers the symbols (see the package
     * documentation).
     */
    static void writeEnum(Enum<?> e, DataOutputView out) throws IOException {
        out.writeByte(e == null ? 0 : e.ordinal() + 1);
    }

    static <E extends Enum<E>> E readEnum(E[] values, DataInputView in) throws IOException {
        int code = in.readUnsignedByte();
        if (code == 0) {
            return null;
        }
        if (code > values.length) {
            throw new IOException(
                    "no symbol "
                            + (code - 1)
                            + " in "
                            + values[0].getDeclaringClass().getSimpleName()
                            + ": the data was written with another version of the enum");
        }
        return values[code - 1];
    }
}
