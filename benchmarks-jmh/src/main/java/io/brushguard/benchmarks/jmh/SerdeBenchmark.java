package io.brushguard.benchmarks.jmh;

import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.serde.EnrichedEventSerializer;
import io.brushguard.patterns.serde.OrderContextSerializer;
import io.brushguard.patterns.serde.PlatformEventSerializer;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The hand-written Flink serializers ({@code patterns/.../serde}) per event: serialize one value to
 * bytes and deserialize it again, as every network edge (and every heap-to-RocksDB state write and
 * read) does. {@code @Param type}: {@code PlatformEvent} (what crosses the edges before the
 * correlation), {@code OrderContext} (an order's story) and {@code EnrichedEvent} (both: what the
 * detectors' shuffles carry).
 *
 * <p>The values are {@value #BATCH} correlated events spread over the platform's day, each with its
 * order's context (events without an order are left out so that all three types see the same
 * events). An invocation round-trips all of them through one reused buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SerdeBenchmark {

    static final int BATCH = 1024;

    @Param({"PlatformEvent", "OrderContext", "EnrichedEvent"})
    public String type;

    private List<Object> values;
    private TypeSerializer<Object> serializer;
    private final DataOutputSerializer out = new DataOutputSerializer(1024);
    private final DataInputDeserializer in = new DataInputDeserializer();

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void load() throws IOException {
        List<EnrichedEvent> withContext = new ArrayList<>();
        for (EnrichedEvent e : Platform.get().enriched()) {
            if (e.context != null) {
                withContext.add(e);
            }
        }
        values = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            EnrichedEvent e = withContext.get((int) ((long) i * withContext.size() / BATCH));
            switch (type) {
                case "PlatformEvent" -> values.add(e.event);
                case "OrderContext" -> values.add(e.context);
                case "EnrichedEvent" -> values.add(e);
                default -> throw new IllegalArgumentException("unknown type " + type);
            }
        }
        serializer =
                (TypeSerializer<Object>)
                        (TypeSerializer<?>)
                                switch (type) {
                                    case "PlatformEvent" -> PlatformEventSerializer.INSTANCE;
                                    case "OrderContext" -> OrderContextSerializer.INSTANCE;
                                    default -> EnrichedEventSerializer.INSTANCE;
                                };
        // A round trip must give the value back, or this measures a broken serializer.
        for (Object v : values) {
            if (!roundTrip(v).equals(v) && !sameBytes(v)) {
                throw new IllegalStateException("round trip changed " + v);
            }
        }
    }

    private Object roundTrip(Object v) throws IOException {
        out.clear();
        serializer.serialize(v, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return serializer.deserialize(in);
    }

    /** For types without equals: the copy serializes to the same bytes. */
    private boolean sameBytes(Object v) throws IOException {
        Object copy = roundTrip(v);
        byte[] first = out.getCopyOfBuffer();
        out.clear();
        serializer.serialize(copy, out);
        return java.util.Arrays.equals(first, out.getCopyOfBuffer());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void roundTrip(Blackhole bh) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            out.clear();
            serializer.serialize(values.get(i), out);
            in.setBuffer(out.getSharedBuffer(), 0, out.length());
            bh.consume(serializer.deserialize(in));
        }
    }
}
