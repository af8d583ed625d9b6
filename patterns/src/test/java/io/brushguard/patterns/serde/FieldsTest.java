package io.brushguard.patterns.serde;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class FieldsTest {

    @Test
    void shouldKeepEveryKindOfString() throws IOException {
        for (String s :
                Arrays.asList(
                        null,
                        "",
                        "order-000123",
                        "café ÿ",
                        "店铺-42-刷单",
                        "lone \ud800 surrogate",
                        "\udc00",
                        "x".repeat(200),
                        "a".repeat(70_000),
                        "差".repeat(70_000))) {
            assertThat(roundTrip(s)).isEqualTo(s);
        }
    }

    /**
     * The format is Flink's {@code StringValue}'s, byte for byte, both ways: state written by an
     * earlier version (which wrote through {@code StringValue}) reads back, and Flink reads ours.
     */
    @Test
    void shouldWriteAndReadFlinksStringFormat() throws IOException {
        Random random = new Random(3);
        List<String> strings =
                new ArrayList<>(
                        Arrays.asList(
                                null,
                                "",
                                "a",
                                "order-000123",
                                "\u007f",
                                "\u0080",
                                "café",
                                "店铺-42",
                                "x".repeat(127),
                                "x".repeat(128),
                                "é".repeat(200),
                                "a".repeat(70_000),
                                "ab差".repeat(9_000)));
        for (int i = 0; i < 300; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(40);
            for (int k = 0; k < n; k++) {
                int kind = random.nextInt(4);
                b.append(
                        (char)
                                (kind < 2
                                        ? random.nextInt(0x80)
                                        : kind == 2
                                                ? random.nextInt(0x800)
                                                : random.nextInt(0x10000)));
            }
            strings.add(b.toString());
        }
        for (String s : strings) {
            DataOutputSerializer ours = new DataOutputSerializer(16);
            Fields.writeString(s, ours);
            DataOutputSerializer flinks = new DataOutputSerializer(16);
            StringValue.writeString(s, flinks);
            assertThat(ours.getCopyOfBuffer()).isEqualTo(flinks.getCopyOfBuffer());
            flinks.writeByte(42);
            DataInputDeserializer in = new DataInputDeserializer(flinks.getCopyOfBuffer());
            assertThat(Fields.readString(in)).isEqualTo(s);
            assertThat(in.readByte()).isEqualTo((byte) 42);
        }
    }

    /**
     * Short strings go through a scratch array of the thread: strings about its size, and one read
     * after a longer one, come back whole and alone.
     */
    @Test
    void shouldKeepStringsAroundTheScratchArraysSizeOneAfterTheOther() throws IOException {
        List<String> strings = new ArrayList<>();
        for (int len : new int[] {1023, 1024, 1025, 3, 2048, 1, 1024}) {
            strings.add(("s" + len + "-" + "x".repeat(len)).substring(0, len));
            strings.add("é".repeat(len));
        }
        DataOutputSerializer out = new DataOutputSerializer(16);
        for (String s : strings) {
            Fields.writeString(s, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (String s : strings) {
            assertThat(Fields.readString(in)).isEqualTo(s);
        }
        assertThat(in.available()).isZero();
    }

    /** A string passed over, of any kind and length, leaves the input just after it. */
    @Test
    void shouldPassOverEveryKindOfString() throws IOException {
        byte[] scratch = new byte[1024];
        for (String s :
                Arrays.asList(
                        null,
                        "",
                        "order-000123",
                        "café ÿ",
                        "店铺-42-刷单",
                        "x".repeat(1025),
                        "é".repeat(1500),
                        "差".repeat(70_000))) {
            DataOutputSerializer out = new DataOutputSerializer(16);
            Fields.writeString(s, out);
            Fields.writeInstant(java.time.Instant.ofEpochMilli(42), out);
            Fields.writeString("after", out);
            DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
            assertThat(Fields.readString(in, scratch, false)).isNull();
            assertThat(Fields.readInstant(in, false)).isNull();
            assertThat(Fields.readString(in, scratch, true)).isEqualTo("after");
            assertThat(in.available()).isZero();
        }
    }

    @Test
    void threadsShouldNotShareAScratchArray() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> all = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String mine = ("thread-" + t + "-").repeat(20);
                all.add(
                        pool.submit(
                                () -> {
                                    for (int i = 0; i < 20_000; i++) {
                                        if (!roundTrip(mine).equals(mine)) {
                                            return false;
                                        }
                                    }
                                    return true;
                                }));
            }
            for (Future<Boolean> f : all) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String roundTrip(String s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        Fields.writeString(s, out);
        out.writeByte(42); // what follows must be where it was
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        String read = Fields.readString(in);
        assertThat(in.readByte()).isEqualTo((byte) 42);
        return read;
    }
}
