package io.brushguard.jobs.dataset;

import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;
import io.brushguard.patterns.quality.Episode;

import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a data set directory (spec/events.md, "Files for backtests and demos"): the four input
 * streams as {@code orders.jsonl}, {@code payments.jsonl}, {@code logistics.jsonl}, {@code
 * reviews.jsonl} or as Avro container files {@code orders.avro}, ..., plus {@code labels.jsonl}.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>The events are consumed in one pass and streamed to the four files, so an {@link Iterable}
 *       that generates them lazily can write data sets larger than memory. Each file keeps the
 *       order of the iterable.
 *   <li>All four stream files are written, empty ones included, so the format of a directory is
 *       unambiguous. A file of the same stream in the other format (left by an earlier write) is
 *       deleted, so {@link DatasetReader} never sees both.
 *   <li>{@code labels} null means "no ground truth": no {@code labels.jsonl}, and a stale one is
 *       deleted. An empty list writes an empty file: "labelled, no fraud".
 * </ul>
 */
public final class DatasetWriter {

    /** How the four stream files are encoded. Labels and alerts are always JSON lines. */
    public enum Format {
        /** One JSON object per line, {@link AvroJson} format. Readable, diffable, hand-editable. */
        JSONL("jsonl"),
        /** Avro object container files (deflate): compact and fast, schema in the file. */
        AVRO("avro");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        /** File extension without the dot. */
        public String extension() {
            return extension;
        }

        /** The file name of a stream in this format, e.g. {@code orders.jsonl}. */
        public String fileName(StreamType stream) {
            return stream.defaultName() + "." + extension;
        }
    }

    private DatasetWriter() {}

    /**
     * Writes a data set into {@code dir} (created if missing), replacing the files it writes.
     *
     * @return events written per stream
     */
    public static Map<StreamType, Long> write(
            Path dir, Iterable<PlatformEvent> events, List<Episode> labels, Format format)
            throws IOException {
        Files.createDirectories(dir);
        Format other = format == Format.JSONL ? Format.AVRO : Format.JSONL;
        Map<StreamType, Long> counts = new EnumMap<>(StreamType.class);
        Map<StreamType, Sink> sinks = new EnumMap<>(StreamType.class);
        try {
            for (StreamType stream : StreamType.values()) {
                Files.deleteIfExists(dir.resolve(other.fileName(stream)));
                Path file = dir.resolve(format.fileName(stream));
                sinks.put(stream, format == Format.JSONL ? jsonl(file) : avro(file, stream));
                counts.put(stream, 0L);
            }
            for (PlatformEvent event : events) {
                StreamType stream = event.stream();
                sinks.get(stream).write(event.record());
                counts.merge(stream, 1L, Long::sum);
            }
        } finally {
            closeAll(sinks);
        }
        Path labelsFile = dir.resolve(LabelsJson.FILE_NAME);
        if (labels == null) {
            Files.deleteIfExists(labelsFile);
        } else {
            LabelsJson.write(labelsFile, labels);
        }
        return counts;
    }

    /** One open stream file. */
    private interface Sink extends Closeable {
        void write(SpecificRecord record) throws IOException;
    }

    private static Sink jsonl(Path file) throws IOException {
        JsonlWriter writer = JsonlWriter.open(file);
        return new Sink() {
            @Override
            public void write(SpecificRecord record) throws IOException {
                writer.write(record);
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Sink avro(Path file, StreamType stream) throws IOException {
        Class<SpecificRecord> type = (Class<SpecificRecord>) Streams.recordClass(stream);
        DataFileWriter<SpecificRecord> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(type));
        writer.setCodec(CodecFactory.deflateCodec(6));
        writer.create(SpecificData.getForClass(type).getSchema(type), Files.newOutputStream(file));
        return new Sink() {
            @Override
            public void write(SpecificRecord record) throws IOException {
                writer.append(record);
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }

    private static void closeAll(Map<StreamType, Sink> sinks) throws IOException {
        IOException first = null;
        for (Sink sink : sinks.values()) {
            try {
                sink.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
