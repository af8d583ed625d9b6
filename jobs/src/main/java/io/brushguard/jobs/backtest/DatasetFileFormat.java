package io.brushguard.jobs.backtest;

import io.brushguard.avro.DeadLetter;
import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.jobs.dataset.AvroJson;
import io.brushguard.jobs.source.DeadLetters;
import io.brushguard.jobs.source.SourceRecord;
import io.brushguard.patterns.model.EventValidation;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads one file of a recorded data set (spec/events.md: {@code orders.jsonl} or {@code
 * orders.avro}, ...) into source records. Every record carries the file name as its topic and the
 * line (or record) number as its offset, so a malformed line becomes a dead letter that says
 * exactly where it is.
 */
public final class DatasetFileFormat extends SimpleStreamFormat<SourceRecord> {

    private static final long serialVersionUID = 1L;

    private final StreamType stream;
    private final String fileName;
    private final boolean avro;

    public DatasetFileFormat(StreamType stream, String fileName) {
        this.stream = stream;
        this.fileName = fileName;
        this.avro = fileName.endsWith(".avro");
    }

    @Override
    public StreamFormat.Reader<SourceRecord> createReader(
            Configuration config, FSDataInputStream in) throws IOException {
        return avro ? new AvroReader(in) : new JsonlReader(in);
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }

    private Class<? extends SpecificRecordBase> recordClass() {
        switch (stream) {
            case ORDERS:
                return OrderEvent.class;
            case PAYMENTS:
                return PaymentEvent.class;
            case LOGISTICS:
                return LogisticsEvent.class;
            default:
                return ReviewEvent.class;
        }
    }

    private SourceRecord accept(long position, SpecificRecordBase record, byte[] raw) {
        PlatformEvent event = wrap(record);
        String problem = EventValidation.problem(event);
        if (problem != null) {
            return dead(position, problem, raw);
        }
        return SourceRecord.event(fileName, 0, position, 0L, event);
    }

    private static PlatformEvent wrap(SpecificRecordBase record) {
        if (record instanceof OrderEvent o) {
            return PlatformEvent.of(o);
        } else if (record instanceof PaymentEvent p) {
            return PlatformEvent.of(p);
        } else if (record instanceof LogisticsEvent l) {
            return PlatformEvent.of(l);
        }
        return PlatformEvent.of((ReviewEvent) record);
    }

    private SourceRecord dead(long position, String error, byte[] raw) {
        return SourceRecord.deadLetter(
                DeadLetter.newBuilder()
                        .setTopic(fileName)
                        .setPartition(0)
                        .setOffset(position)
                        .setRecordTimestamp(0L)
                        .setReason(DeadLetters.DECODE_ERROR)
                        .setError(fileName + " line " + position + ": " + error)
                        .setValue(raw == null ? null : ByteBuffer.wrap(raw))
                        .build());
    }

    /** One JSON object per line; blank lines are skipped; positions are 1-based line numbers. */
    private final class JsonlReader implements StreamFormat.Reader<SourceRecord> {
        private final BufferedReader lines;
        private long lineNumber;

        JsonlReader(FSDataInputStream in) {
            this.lines =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        }

        @Override
        public SourceRecord read() throws IOException {
            String line;
            do {
                line = lines.readLine();
                if (line == null) {
                    return null;
                }
                lineNumber++;
            } while (line.isBlank());
            try {
                return accept(lineNumber, AvroJson.fromJson(line, recordClass()), null);
            } catch (RuntimeException e) {
                return dead(
                        lineNumber,
                        String.valueOf(e.getMessage()),
                        line.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    /** An Avro container file; positions are 1-based record numbers. */
    private final class AvroReader implements StreamFormat.Reader<SourceRecord> {
        private final DataFileStream<SpecificRecordBase> records;
        private long recordNumber;

        AvroReader(FSDataInputStream in) throws IOException {
            @SuppressWarnings("unchecked")
            Class<SpecificRecordBase> type = (Class<SpecificRecordBase>) recordClass();
            SpecificDatumReader<SpecificRecordBase> reader = new SpecificDatumReader<>(type);
            this.records = new DataFileStream<>(in, reader);
        }

        @Override
        public SourceRecord read() throws IOException {
            if (!records.hasNext()) {
                return null;
            }
            recordNumber++;
            try {
                return accept(recordNumber, records.next(), null);
            } catch (RuntimeException e) {
                return dead(recordNumber, String.valueOf(e.getMessage()), null);
            }
        }

        @Override
        public void close() throws IOException {
            records.close();
        }
    }
}
