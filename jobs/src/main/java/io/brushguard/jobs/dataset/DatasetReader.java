package io.brushguard.jobs.dataset;

import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;
import io.brushguard.patterns.quality.Episode;

import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a data set directory written by {@link DatasetWriter} or by anyone following
 * spec/events.md: each stream from {@code <stream>.jsonl} or {@code <stream>.avro}, whichever is
 * present (any may be missing), plus {@code labels.jsonl} if present.
 *
 * <p>Bad input does not abort the read: a malformed JSON line, an Avro record that cannot be
 * decoded or a file that is not Avro at all becomes a {@link MalformedLine} in the result (file,
 * line or record number, reason) and the rest is read. What does abort: a missing directory, I/O
 * errors, and a stream present in both formats (reading both would double the events; reading one
 * silently would hide a mistake).
 *
 * <p>Avro files are read with the schemas of this build as reader schemas, so files written with an
 * older or newer contract (optional fields added) resolve as Avro schema evolution allows.
 *
 * <p>The whole data set is loaded and sorted in memory: the events of independent files need not be
 * in order, and a backtest wants one merged timeline. For data sets beyond memory a streaming
 * reader would need files sorted by event time and a k-way merge.
 */
public final class DatasetReader {

    private DatasetReader() {}

    /** Reads the data set in {@code dir}. */
    public static Dataset read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a data set directory");
        }
        List<PlatformEvent> events = new ArrayList<>();
        List<MalformedLine> malformed = new ArrayList<>();
        Map<StreamType, DatasetWriter.Format> streams = new EnumMap<>(StreamType.class);
        // Streams are appended in StreamType order so the stable sort below breaks time ties by
        // stream (an order's CREATED before a payment at the same millisecond), then by file order.
        for (StreamType stream : StreamType.values()) {
            Path jsonl = dir.resolve(DatasetWriter.Format.JSONL.fileName(stream));
            Path avro = dir.resolve(DatasetWriter.Format.AVRO.fileName(stream));
            boolean hasJsonl = Files.isRegularFile(jsonl);
            boolean hasAvro = Files.isRegularFile(avro);
            if (hasJsonl && hasAvro) {
                throw new IllegalArgumentException(
                        "data set "
                                + dir
                                + " has both "
                                + jsonl.getFileName()
                                + " and "
                                + avro.getFileName()
                                + "; keep one");
            }
            if (hasJsonl) {
                streams.put(stream, DatasetWriter.Format.JSONL);
                readJsonl(jsonl, stream, events, malformed);
            } else if (hasAvro) {
                streams.put(stream, DatasetWriter.Format.AVRO);
                readAvro(avro, stream, events, malformed);
            }
        }
        events.sort(Comparator.comparingLong(PlatformEvent::eventTime));

        Path labelsFile = dir.resolve(LabelsJson.FILE_NAME);
        boolean hasLabels = Files.isRegularFile(labelsFile);
        List<Episode> labels = hasLabels ? LabelsJson.read(labelsFile, malformed) : List.of();
        return new Dataset(events, labels, hasLabels, streams, malformed);
    }

    private static void readJsonl(
            Path file, StreamType stream, List<PlatformEvent> events, List<MalformedLine> malformed)
            throws IOException {
        Class<? extends SpecificRecord> type = Streams.recordClass(stream);
        JsonlLines.read(
                file,
                line -> events.add(Streams.wrap(stream, AvroJson.fromJson(line, type))),
                malformed);
    }

    @SuppressWarnings("unchecked")
    private static void readAvro(
            Path file, StreamType stream, List<PlatformEvent> events, List<MalformedLine> malformed)
            throws IOException {
        String name = file.getFileName().toString();
        Class<SpecificRecord> type = (Class<SpecificRecord>) Streams.recordClass(stream);
        DataFileReader<SpecificRecord> reader;
        try {
            reader = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(type));
        } catch (IOException | RuntimeException e) {
            malformed.add(
                    new MalformedLine(name, 0, "not a readable Avro file: " + e.getMessage()));
            return;
        }
        long decoded = 0;
        try (reader) {
            while (reader.hasNext()) {
                events.add(Streams.wrap(stream, reader.next()));
                decoded++;
            }
        } catch (RuntimeException e) {
            // A corrupt block: Avro cannot resynchronise reliably, so the rest of the file is lost.
            malformed.add(
                    new MalformedLine(
                            name,
                            decoded + 1,
                            "cannot decode Avro record, rest of file skipped: " + e.getMessage()));
        }
    }
}
