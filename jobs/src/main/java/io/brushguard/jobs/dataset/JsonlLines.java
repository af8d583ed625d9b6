package io.brushguard.jobs.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a JSON-lines file line by line, turning bad lines into {@link MalformedLine}s. */
final class JsonlLines {

    /** Parses one line; throws {@link InvalidEventException} if it is unusable. */
    interface LineParser {
        void accept(String line);
    }

    private JsonlLines() {}

    /**
     * Feeds every non-blank line of {@code file} to {@code parser}; a line it rejects is added to
     * {@code malformed} and reading goes on. Invalid UTF-8 is replaced rather than fatal, so the
     * line it is on gets reported instead of the whole file failing. A byte-order mark is ignored.
     */
    static void read(Path file, LineParser parser, List<MalformedLine> malformed)
            throws IOException {
        String name = file.getFileName().toString();
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8),
                        1 << 16)) {
            long lineNo = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    parser.accept(line);
                } catch (InvalidEventException e) {
                    malformed.add(new MalformedLine(name, lineNo, e.getMessage()));
                }
            }
        }
    }
}
