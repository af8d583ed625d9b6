package io.brushguard.jobs.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.avro.specific.SpecificRecord;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes Avro records to a JSON-lines file ({@link AvroJson} format, UTF-8, one object and one
 * {@code \n} per record), streaming: nothing is held in memory but the buffer. Creates or truncates
 * the file. Not thread-safe.
 */
public final class JsonlWriter implements Closeable {

    private static final JsonFactory JSON = new JsonFactory();

    private final Writer out;
    private final JsonGenerator generator;
    private long count;

    private JsonlWriter(Writer out) throws IOException {
        this.out = out;
        this.generator = JSON.createGenerator(out);
        // We separate lines ourselves; Jackson's default root separator is a space.
        this.generator.setRootValueSeparator(null);
        // The generator must not close the writer before we flush our own newlines.
        this.generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // flush() below only moves Jackson's buffer into ours; it must not sync the file per line.
        this.generator.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    }

    /** Opens (creates or truncates) a JSON-lines file. */
    public static JsonlWriter open(Path file) throws IOException {
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        try {
            return new JsonlWriter(out);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** Appends one record as one line. */
    public void write(SpecificRecord record) throws IOException {
        AvroJson.write(generator, record);
        generator.flush(); // into our buffered writer, so the newline lands after the object
        out.write('\n');
        count++;
    }

    /** Appends one line of already-formatted JSON (e.g. a label); must not contain a newline. */
    public void writeLine(String json) throws IOException {
        if (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a JSON line must not contain a line break");
        }
        out.write(json);
        out.write('\n');
        count++;
    }

    /** Lines written so far. */
    public long count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        try {
            generator.close();
        } finally {
            out.close();
        }
    }
}
