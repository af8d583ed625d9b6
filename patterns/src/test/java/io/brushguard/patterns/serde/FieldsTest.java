package io.brushguard.patterns.serde;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

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
