package io.brushguard.patterns.engine;

import io.brushguard.patterns.model.StreamType;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The table of fields in docs/patterns.md ("Writing a new pattern") is {@link Field}'s. */
class FieldTableDocTest {

    @Test
    void shouldDocumentEveryFieldOfEveryStream() throws Exception {
        List<String> doc = Files.readAllLines(Path.of("../docs/patterns.md"));

        for (StreamType stream : StreamType.values()) {
            assertThat(doc).contains("| `" + stream.defaultName() + "` | " + cells(stream) + " |");
        }
        assertThat(doc).contains("| every stream: the order's story | " + cells(null) + " |");
    }

    private static String cells(StreamType stream) {
        return Arrays.stream(Field.values())
                .filter(f -> f.stream == stream)
                .map(
                        f ->
                                "`"
                                        + f.fieldName
                                        + "` "
                                        + f.type.name().toLowerCase(Locale.ROOT)
                                        + (f.type == ValueType.ENUM
                                                ? " (" + String.join(", ", f.enumValues()) + ")"
                                                : ""))
                .collect(Collectors.joining(", "));
    }
}
