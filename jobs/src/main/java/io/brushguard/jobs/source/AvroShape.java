package io.brushguard.jobs.source;

import org.apache.avro.Schema;

/**
 * Walks Avro binary data against a schema without allocating anything, checking that every length,
 * union branch and enum index is within bounds and that the datum ends exactly at the end of the
 * bytes.
 *
 * <p>Why: a corrupt length prefix makes Avro's decoder allocate an array of that length before it
 * notices the data is short, so one bad record could ask a TaskManager for gigabytes. Checked
 * first, bad bytes are rejected cheaply and the real decode only ever sees well-formed data.
 */
final class AvroShape {

    private final byte[] buf;
    private int pos;
    private final int end;

    private AvroShape(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    /** Null when {@code buf[offset, offset+length)} is exactly one datum of {@code schema}. */
    static String problem(Schema schema, byte[] buf, int offset, int length) {
        AvroShape walker = new AvroShape(buf, offset, length);
        try {
            walker.walk(schema, schema.getName());
        } catch (Malformed e) {
            return e.getMessage();
        }
        if (walker.pos != walker.end) {
            return (walker.end - walker.pos)
                    + " bytes left over after a complete "
                    + schema.getName()
                    + ": written with another schema?";
        }
        return null;
    }

    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private void walk(Schema s, String path) throws Malformed {
        switch (s.getType()) {
            case RECORD:
                for (Schema.Field f : s.getFields()) {
                    walk(f.schema(), f.name());
                }
                break;
            case UNION:
                long branch = readLong(path);
                if (branch < 0 || branch >= s.getTypes().size()) {
                    throw new Malformed(
                            "field '" + path + "': union branch " + branch + " does not exist");
                }
                walk(s.getTypes().get((int) branch), path);
                break;
            case ENUM:
                long symbol = readLong(path);
                if (symbol < 0 || symbol >= s.getEnumSymbols().size()) {
                    throw new Malformed(
                            "field '"
                                    + path
                                    + "': enum index "
                                    + symbol
                                    + " out of range for "
                                    + s.getName());
                }
                break;
            case STRING:
            case BYTES:
                skip(readLong(path), path);
                break;
            case FIXED:
                skip(s.getFixedSize(), path);
                break;
            case INT:
            case LONG:
                readLong(path);
                break;
            case FLOAT:
                skip(4, path);
                break;
            case DOUBLE:
                skip(8, path);
                break;
            case BOOLEAN:
                skip(1, path);
                break;
            case NULL:
                break;
            case ARRAY:
            case MAP:
                for (long count = readLong(path); count != 0; count = readLong(path)) {
                    if (count < 0) {
                        skip(readLong(path), path);
                        continue;
                    }
                    if (count > end - pos) {
                        throw new Malformed(
                                "field '"
                                        + path
                                        + "': "
                                        + count
                                        + " items cannot fit in the bytes left");
                    }
                    for (long i = 0; i < count; i++) {
                        if (s.getType() == Schema.Type.MAP) {
                            skip(readLong(path), path);
                            walk(s.getValueType(), path);
                        } else {
                            walk(s.getElementType(), path);
                        }
                    }
                }
                break;
            default:
                throw new Malformed("unsupported schema type " + s.getType());
        }
    }

    private void skip(long n, String path) throws Malformed {
        if (n < 0 || n > end - pos) {
            throw new Malformed(
                    "field '"
                            + path
                            + "': length "
                            + n
                            + " but only "
                            + (end - pos)
                            + " bytes left (truncated or corrupt)");
        }
        pos += (int) n;
    }

    private long readLong(String path) throws Malformed {
        long raw = 0;
        int shift = 0;
        while (true) {
            if (pos >= end) {
                throw new Malformed("field '" + path + "': data ends inside a number (truncated)");
            }
            int b = buf[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift > 63) {
                throw new Malformed("field '" + path + "': malformed variable-length number");
            }
        }
        return (raw >>> 1) ^ -(raw & 1);
    }
}
