package io.brushguard.patterns.serde;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Null-aware writers and readers of single field values, the building blocks of the serializers in
 * this package. Each writes a value so that its reader needs nothing else to read it back.
 */
final class Fields {

    private Fields() {}

    /**
     * Strings up to this length are copied through a scratch array of the thread instead of an
     * array of their own: the ids and names that make up most of every event.
     */
    private static final int SCRATCH_BYTES = 1024;

    private static final ThreadLocal<byte[]> SCRATCH =
            ThreadLocal.withInitial(() -> new byte[SCRATCH_BYTES]);

    /**
     * Any length (unlike {@code writeUTF}), null-aware; the format of Flink's {@link StringValue}
     * (and so of its string serializer): the length plus one as a base-128 varint (0: null), then
     * each char as a varint. An ASCII string, which every identifier is, is one bulk write of its
     * bytes instead of one call per char, copied through the thread's scratch array when short.
     */
    @SuppressWarnings(
            "deprecation") // getBytes(int, int, byte[], int): each char's low byte, as wanted
    static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.write(0);
            return;
        }
        int len = s.length();
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) >= HIGH_BIT) {
                StringValue.writeString(s, out);
                return;
            }
        }
        writeVarint(len + 1, out);
        byte[] bytes = len <= SCRATCH_BYTES ? SCRATCH.get() : new byte[len];
        // Every char is below 0x80 (checked above), so its low byte is the whole char.
        s.getBytes(0, len, bytes, 0);
        out.write(bytes, 0, len);
    }

    /**
     * Reads what {@link #writeString} (or {@link StringValue#writeString}) wrote. Every char takes
     * at least one byte, so the first {@code length} bytes belong to the string: they are read in
     * one call (into the thread's scratch array when short) and, when all are below 0x80 (ASCII),
     * are the string.
     */
    static String readString(DataInputView in) throws IOException {
        return readString(in, SCRATCH.get());
    }

    /**
     * The thread's scratch array for {@link #readString(DataInputView, byte[])}: a reader of many
     * strings takes it once (a thread-local lookup per string was a measurable part of decoding an
     * event).
     */
    static byte[] scratch() {
        return SCRATCH.get();
    }

    /**
     * {@link #readString(DataInputView)} through {@code scratch}, this thread's {@link #scratch}.
     */
    static String readString(DataInputView in, byte[] scratch) throws IOException {
        int len = readVarint(in);
        if (len == 0) {
            return null;
        }
        len -= 1;
        if (len == 0) {
            return "";
        }
        byte[] bytes = len <= SCRATCH_BYTES ? scratch : new byte[len];
        in.readFully(bytes, 0, len);
        int ascii = 0;
        while (ascii < len && bytes[ascii] >= 0) {
            ascii++;
        }
        if (ascii == len) {
            return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
        }
        // Some char took more than one byte: decode the rest, from the bytes read, then the input.
        char[] chars = new char[len];
        for (int i = 0; i < ascii; i++) {
            chars[i] = (char) bytes[i];
        }
        int pos = ascii;
        for (int i = ascii; i < len; i++) {
            int c = pos < len ? bytes[pos++] & 0xff : in.readUnsignedByte();
            if (c >= HIGH_BIT) {
                int shift = 7;
                int curr;
                c &= 0x7f;
                while ((curr = pos < len ? bytes[pos++] & 0xff : in.readUnsignedByte())
                        >= HIGH_BIT) {
                    c |= (curr & 0x7f) << shift;
                    shift += 7;
                }
                c |= curr << shift;
            }
            chars[i] = (char) c;
        }
        return new String(chars);
    }

    /**
     * {@link #readString(DataInputView, byte[])} if {@code keep}; otherwise passes over the string
     * and returns null, building nothing.
     */
    static String readString(DataInputView in, byte[] scratch, boolean keep) throws IOException {
        if (keep) {
            return readString(in, scratch);
        }
        int len = readVarint(in) - 1;
        // Each char is a varint: a byte below 0x80 ends one. ASCII ends one per byte.
        while (len > 0) {
            int n = Math.min(len, scratch.length);
            in.readFully(scratch, 0, n);
            for (int i = 0; i < n; i++) {
                if (scratch[i] >= 0) {
                    len--;
                }
            }
        }
        return null;
    }

    private static final int HIGH_BIT = 0x80;

    private static void writeVarint(int value, DataOutputView out) throws IOException {
        while (value >= HIGH_BIT) {
            out.write(value | HIGH_BIT);
            value >>>= 7;
        }
        out.write(value);
    }

    private static int readVarint(DataInputView in) throws IOException {
        int value = in.readUnsignedByte();
        if (value < HIGH_BIT) {
            return value;
        }
        value &= 0x7f;
        int shift = 7;
        int curr;
        while ((curr = in.readUnsignedByte()) >= HIGH_BIT) {
            value |= (curr & 0x7f) << shift;
            shift += 7;
        }
        return value | (curr << shift);
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

    /**
     * What {@link #writeInstant} wrote if {@code keep}; otherwise passes over it and returns null,
     * building nothing.
     */
    static Instant readInstant(DataInputView in, boolean keep) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        long millis = in.readLong();
        return keep ? Instant.ofEpochMilli(millis) : null;
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
