package io.brushguard.patterns.engine;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;

/**
 * The binary layout of {@link KeyState}: compact (var-length counts, strings with a null marker),
 * and a deep copy for the heap backend's copy-on-write snapshots. Format version 1.
 */
public final class KeyStateSerializer extends TypeSerializerSingleton<KeyState> {

    private static final long serialVersionUID = 1L;

    public static final KeyStateSerializer INSTANCE = new KeyStateSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public KeyState createInstance() {
        return new KeyState();
    }

    @Override
    public KeyState copy(KeyState from) {
        return from.copy();
    }

    @Override
    public KeyState copy(KeyState from, KeyState reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(KeyState s, DataOutputView out) throws IOException {
        out.writeLong(s.timerAt);
        writeCount(s.slots.size(), out);
        for (KeyState.Slot slot : s.slots) {
            out.writeUTF(slot.ruleId);
            out.writeInt(slot.shape);
            writeCount(slot.marks.size(), out);
            for (KeyState.Mark m : slot.marks) {
                writeCount(m.at.length, out);
                writeCount(m.next, out);
                for (int i = 0; i < m.at.length; i++) {
                    out.writeLong(m.at[i]);
                    writeString(m.orders[i], out);
                }
                writeString(m.value, out);
            }
        }
    }

    @Override
    public KeyState deserialize(DataInputView in) throws IOException {
        long timerAt = in.readLong();
        int slots = readCount(in);
        ArrayList<KeyState.Slot> list = new ArrayList<>(slots + 1);
        for (int i = 0; i < slots; i++) {
            String ruleId = in.readUTF();
            int shape = in.readInt();
            int marks = readCount(in);
            ArrayList<KeyState.Mark> ms = new ArrayList<>(marks + 1);
            for (int j = 0; j < marks; j++) {
                int steps = readCount(in);
                int next = readCount(in);
                long[] at = new long[steps];
                String[] orders = new String[steps];
                for (int k = 0; k < steps; k++) {
                    at[k] = in.readLong();
                    orders[k] = readString(in);
                }
                ms.add(new KeyState.Mark(at, orders, next, readString(in)));
            }
            list.add(new KeyState.Slot(ruleId, shape, ms));
        }
        KeyState s = new KeyState(list);
        s.timerAt = timerAt;
        return s;
    }

    @Override
    public KeyState deserialize(KeyState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    private static void writeCount(int n, DataOutputView out) throws IOException {
        while ((n & ~0x7F) != 0) {
            out.writeByte((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        out.writeByte(n);
    }

    private static int readCount(DataInputView in) throws IOException {
        int n = 0;
        int shift = 0;
        while (true) {
            int b = in.readUnsignedByte();
            n |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return n;
            }
            shift += 7;
        }
    }

    static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeBoolean(false);
        } else {
            out.writeBoolean(true);
            out.writeUTF(s);
        }
    }

    static String readString(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    @Override
    public TypeSerializerSnapshot<KeyState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format version 1; a savepoint of another version does not restore. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<KeyState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
