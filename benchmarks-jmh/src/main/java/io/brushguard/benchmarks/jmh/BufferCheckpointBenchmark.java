package io.brushguard.benchmarks.jmh;

import io.brushguard.jobs.BrushguardJob;
import io.brushguard.patterns.common.KeyedChunkStore;
import io.brushguard.patterns.common.SavedBuffer;
import io.brushguard.patterns.common.TimeOrderedBuffer;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.FileUtils;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What an operator's buffer costs per event on a live platform, its checkpoints included: events
 * arrive as on a platform of {@code rate} events/s, event time moving with them; the watermark
 * follows the newest event 2 minutes behind (the job's allowed out-of-orderness) every 200 ms, so
 * that 120 s × {@code rate} events wait; a checkpoint every 10 s of event time (the job's
 * interval), each taken whole, its synchronous and asynchronous parts, to files, and confirmed. The
 * events ({@code input}) are the platform's events as they come ({@link Platform#events()}) or
 * correlated ones ({@link Platform#enriched()}), retimed, keyed over 100,000 keys.
 *
 * <p>Which operators hold two minutes: those whose input is not in event-time order yet: the
 * correlation and the detectors on the platform's events (platform events), and the detectors'
 * share of reviews without an order, which bypass the correlation (correlated events without a
 * story). An ordering operator emits an event only when the watermark has passed it, so the
 * operators behind it hold only what came since their last watermark.
 *
 * <p>Three contenders, on RocksDB (incremental, the job's settings) and on the heap: {@code saved},
 * what every ordering operator does now ({@link SavedBuffer} with {@link KeyedChunkStore}, in
 * {@code FunctionHost} and {@code PatternEngineOperator}): at a checkpoint the events that came
 * since the previous one and still wait are serialised once, one chunk per key group, into keyed
 * state, and deleted when the watermark has passed them all; {@code union}, what they did before:
 * the whole buffer into union operator state at every checkpoint (copied in the checkpoint's
 * synchronous part, serialised in its asynchronous part, which Flink writes byte by byte); {@code
 * none}, the same buffer not checkpointed, so the difference is what checkpointing the buffer
 * costs. Each invocation runs 30 s of event time in steady state (after 130 s with checkpoints to
 * fill the buffer, not timed): three checkpoints and the events between them.
 *
 * <p>Two more ways were measured and dropped. The buffer in keyed state one entry per event (commit
 * 0878a9d, reverted in the next): on RocksDB at 10,000 events/s its small random writes kept the
 * compaction thread busy and stalled them. The chunks in union operator state (commit 3abc6db):
 * serialised once, but written whole at every checkpoint through Flink's byte-by-byte operator
 * state stream.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BufferCheckpointBenchmark {

    static final long OUT_OF_ORDERNESS_MS = 120_000;
    static final long WATERMARK_EVERY_MS = 200;
    static final long CHECKPOINT_EVERY_MS = 10_000;
    static final long MEASURED_MS = 30_000;
    static final int KEYS = 100_000;

    /** Events per second of the live platform. */
    @Param({"1000", "10000"})
    public int rate;

    @Param({"union", "saved", "none"})
    public String store;

    @Param({"rocksdb", "heap"})
    public String backend;

    /**
     * What waits: {@code platform}, the platform's events as they come (what the operators that
     * hold two minutes hold: the correlation, the detectors on the events themselves), or {@code
     * enriched}, correlated events with their order's story (what the detectors behind the
     * correlation hold, for a watermark interval).
     */
    @Param({"platform", "enriched"})
    public String input;

    private List<?> events;
    private String[] keys;
    private KeyedOneInputStreamOperatorTestHarness<String, Tuple3<String, Long, Object>, Void>
            harness;
    private Path checkpoints;
    private long next;
    private long maxTime;
    private long checkpointId;

    /** The entries of the buffer: key, time, event of {@code type}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static TypeInformation<Tuple3<String, Long, Object>> entry(Class<?> type) {
        return new TupleTypeInfo<>(
                Types.STRING, Types.LONG, (TypeInformation) TypeInformation.of(type));
    }

    @Setup(Level.Trial)
    public void events() {
        events = "enriched".equals(input) ? Platform.get().enriched() : Platform.get().events();
        keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "buyer-" + i;
        }
    }

    @Setup(Level.Invocation)
    @SuppressWarnings("unchecked")
    public void open() throws Exception {
        checkpoints = Files.createTempDirectory("brushguard-jmh-cp-");
        AbstractStreamOperator<Void> op =
                switch (store) {
                    case "union" -> new Union(entry(type()));
                    case "saved" -> new Saved(entry(type()));
                    default -> new None();
                };
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        (OneInputStreamOperator<Tuple3<String, Long, Object>, Void>) op,
                        t -> t.f0,
                        Types.STRING);
        harness.setStateBackend(
                "rocksdb".equals(backend)
                        ? new EmbeddedRocksDBStateBackend(true)
                                .configure(
                                        BrushguardJob.rocksDbSettings(new Configuration()),
                                        getClass().getClassLoader())
                        : new HashMapStateBackend());
        harness.setCheckpointStorage(new FileSystemCheckpointStorage(checkpoints.toUri()));
        harness.setup(new KeptOutput<>());
        harness.open();
        next = 0;
        maxTime = 0;
        checkpointId = 0;
        // Steady state: the buffer full, checkpoints all along (as a job that starts).
        feedFor(OUT_OF_ORDERNESS_MS + CHECKPOINT_EVERY_MS, true);
    }

    private Class<?> type() {
        return "enriched".equals(input) ? EnrichedEvent.class : PlatformEvent.class;
    }

    @Benchmark
    public long live(Events count) throws Exception {
        long fed = feedFor(MEASURED_MS, true);
        count.events += fed;
        return fed;
    }

    @TearDown(Level.Invocation)
    public void close() throws Exception {
        harness.close();
        FileUtils.deleteDirectory(checkpoints.toFile());
    }

    /**
     * Feeds {@code ms} of event time: {@code rate} events a second, a watermark every 200 ms, a
     * checkpoint every 10 s if {@code checkpoints}; how many events.
     */
    private long feedFor(long ms, boolean checkpoints) throws Exception {
        long perWatermark = Math.max(1, rate * WATERMARK_EVERY_MS / 1000);
        long perCheckpoint = rate * CHECKPOINT_EVERY_MS / 1000;
        long count = ms * rate / 1000;
        for (long i = 0; i < count; i++) {
            long n = next++;
            // Event n at n / rate seconds, up to 1 s late (partitions interleave).
            long time = n * 1000 / rate - (n * 7919 % 1000);
            maxTime = Math.max(maxTime, time);
            Object e = events.get((int) (n % events.size()));
            String key = keys[(int) (n * 104_729 % KEYS)];
            harness.processElement(new StreamRecord<>(Tuple3.of(key, time, e), time));
            if ((n + 1) % perWatermark == 0) {
                harness.processWatermark(new Watermark(maxTime - OUT_OF_ORDERNESS_MS));
                harness.getOutput().clear();
            }
            if (checkpoints && (n + 1) % perCheckpoint == 0) {
                checkpointId++;
                harness.snapshot(checkpointId, checkpointId);
                harness.notifyOfCompletedCheckpoint(checkpointId);
            }
        }
        return count;
    }

    /** The buffer alone, not checkpointed: what holding the events costs without the checkpoint. */
    static class None extends AbstractStreamOperator<Void>
            implements OneInputStreamOperator<Tuple3<String, Long, Object>, Void> {
        final TimeOrderedBuffer<Tuple3<String, Long, Object>> buffer =
                new TimeOrderedBuffer<>(t -> t.f1);
        private final List<Tuple3<String, Long, Object>> out = new ArrayList<>();

        @Override
        public void processElement(StreamRecord<Tuple3<String, Long, Object>> r) {
            buffer.add(r.getValue());
        }

        @Override
        public void processWatermark(Watermark mark) throws Exception {
            buffer.pollUpTo(mark.getTimestamp(), out);
            out.clear();
            super.processWatermark(mark);
        }
    }

    /** The same buffer, written whole into union operator state at each checkpoint. */
    static final class Union extends None {
        private final TypeInformation<Tuple3<String, Long, Object>> entry;
        private transient ListState<Tuple3<String, Long, Object>> state;

        Union(TypeInformation<Tuple3<String, Long, Object>> entry) {
            this.entry = entry;
        }

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            state =
                    context.getOperatorStateStore()
                            .getUnionListState(new ListStateDescriptor<>("buffer", entry));
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            state.update(buffer.toList());
        }
    }

    /**
     * What the job does now ({@link SavedBuffer}, {@link KeyedChunkStore}): the same buffer; at a
     * checkpoint the events that came since the previous one and still wait are serialised once,
     * one chunk per key group, into keyed state, and deleted once the watermark passes them.
     */
    static final class Saved extends AbstractStreamOperator<Void>
            implements OneInputStreamOperator<Tuple3<String, Long, Object>, Void> {
        private final TypeInformation<Tuple3<String, Long, Object>> entry;
        private transient SavedBuffer<Tuple3<String, Long, Object>> buffer;
        private final List<Tuple3<String, Long, Object>> out = new ArrayList<>();

        Saved(TypeInformation<Tuple3<String, Long, Object>> entry) {
            this.entry = entry;
        }

        @Override
        public void open() throws Exception {
            super.open();
            int groups = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
            buffer =
                    new SavedBuffer<>(
                            t -> t.f1,
                            t -> KeyGroupRangeAssignment.assignToKeyGroup(t.f0, groups),
                            entry.createSerializer(getExecutionConfig().getSerializerConfig()));
            buffer.attach(
                    new KeyedChunkStore<>(
                            getKeyedStateBackend(), "buffer", buffer.chunkSerializer(), groups),
                    KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(groups, 1, 0));
        }

        @Override
        public void processElement(StreamRecord<Tuple3<String, Long, Object>> r) {
            buffer.add(r.getValue());
        }

        @Override
        public void processWatermark(Watermark mark) throws Exception {
            buffer.pollUpTo(mark.getTimestamp(), out);
            out.clear();
            super.processWatermark(mark);
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            buffer.snapshot();
        }
    }
}
