package io.brushguard.benchmarks.jmh;

import io.brushguard.jobs.sink.AvroBytes;
import io.brushguard.jobs.source.EventDecoder;
import io.brushguard.jobs.source.KafkaEventDeserializer;
import io.brushguard.jobs.source.SourceRecord;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;

import org.apache.flink.util.Collector;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decoding per event: a Kafka record's Avro bytes to a {@link SourceRecord} with its platform
 * event, through the job's own {@link KafkaEventDeserializer} and {@link EventDecoder} (framing,
 * shape check, Avro read, validation), as the Kafka source calls it.
 *
 * <p>The records are {@value #BATCH} of the platform's events spread over the day (all four streams
 * in their proportions), each encoded with {@link AvroBytes#encode} as a producer would, in the
 * setup. An invocation decodes all of them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBenchmark {

    static final int BATCH = 1024;

    private List<ConsumerRecord<byte[], byte[]>> records;
    private KafkaEventDeserializer deserializer;

    @Setup(Level.Trial)
    public void load() {
        Map<String, StreamType> streams = new HashMap<>();
        Map<StreamType, Long> offsets = new EnumMap<>(StreamType.class);
        for (StreamType s : StreamType.values()) {
            streams.put(s.defaultName(), s);
        }
        deserializer = new KafkaEventDeserializer(new EventDecoder(streams));
        List<PlatformEvent> events = Platform.get().events();
        records = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            PlatformEvent e = events.get((int) ((long) i * events.size() / BATCH));
            long offset = offsets.merge(e.stream(), 1L, Long::sum);
            records.add(
                    new ConsumerRecord<>(
                            e.stream().defaultName(),
                            0,
                            offset,
                            null,
                            AvroBytes.encode(e.record())));
        }
        // Every record must decode to an event: a dead letter would measure another path.
        Check check = new Check();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            deserializer.deserialize(r, check);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void decode(Blackhole bh) {
        Sink sink = new Sink(bh);
        for (int i = 0; i < records.size(); i++) {
            deserializer.deserialize(records.get(i), sink);
        }
    }

    private static final class Sink implements Collector<SourceRecord> {
        private final Blackhole bh;

        Sink(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void collect(SourceRecord record) {
            bh.consume(record);
        }

        @Override
        public void close() {}
    }

    private static final class Check implements Collector<SourceRecord> {
        @Override
        public void collect(SourceRecord record) {
            if (record.isDeadLetter() || record.event == null) {
                throw new IllegalStateException("not decoded: " + record);
            }
        }

        @Override
        public void close() {}
    }
}
