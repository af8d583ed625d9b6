package io.brushguard.benchmarks.jmh;

import io.brushguard.patterns.common.TimeOrderedBuffer;

import org.apache.flink.api.java.tuple.Tuple3;

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

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What holding an event until the watermark passes it costs, as the number of events waiting grows:
 * the buffer in front of every detector and of the engine ({@code FunctionHost}, {@code
 * PatternEngineOperator}). A live platform holds at least the allowed out-of-orderness (2 minutes
 * by default) of each operator's input: 120,000 events at 1,000 events/s, 1,200,000 at 10,000.
 *
 * <p>Each call adds {@value #BATCH} events (2 minutes of event time spread over {@code waiting}
 * events, each up to 1 s late, as partitions interleave) and then lets a watermark take as many, so
 * that {@code waiting} events stay buffered; entries are the host's ({@code Tuple3} of key, time,
 * event). Two buffers: {@code slices}, the {@link TimeOrderedBuffer} the operators use; {@code
 * scan}, what they did before it: at each watermark, every waiting event checked and the ready ones
 * sorted.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BufferBenchmark {

    static final int BATCH = 1024;

    private static final long WINDOW_MS = 120_000;

    private static final String[] KEYS = new String[4_096];

    static {
        for (int i = 0; i < KEYS.length; i++) {
            KEYS[i] = "k" + i;
        }
    }

    @Param({"1000", "100000", "1000000"})
    public int waiting;

    @Param({"slices", "scan"})
    public String buffer;

    private Buffer held;
    private long seq;
    private final List<Tuple3<String, Long, Object>> out = new ArrayList<>(BATCH * 2);

    /** The two buffers behind one interface. */
    interface Buffer {
        void add(Tuple3<String, Long, Object> e);

        void pollUpTo(long mark, List<Tuple3<String, Long, Object>> out);
    }

    static final class Slices implements Buffer {
        private final TimeOrderedBuffer<Tuple3<String, Long, Object>> b =
                new TimeOrderedBuffer<>(t -> t.f1);

        @Override
        public void add(Tuple3<String, Long, Object> e) {
            b.add(e);
        }

        @Override
        public void pollUpTo(long mark, List<Tuple3<String, Long, Object>> out) {
            b.pollUpTo(mark, out);
        }
    }

    /** The buffer before {@link TimeOrderedBuffer}: a list scanned at every watermark. */
    static final class Scan implements Buffer {
        private static final Comparator<Tuple3<String, Long, Object>> BY_TIME =
                Comparator.comparingLong(t -> t.f1);
        private ArrayList<Tuple3<String, Long, Object>> b = new ArrayList<>();

        @Override
        public void add(Tuple3<String, Long, Object> e) {
            b.add(e);
        }

        @Override
        public void pollUpTo(long mark, List<Tuple3<String, Long, Object>> out) {
            ArrayList<Tuple3<String, Long, Object>> ready = new ArrayList<>();
            ArrayList<Tuple3<String, Long, Object>> rest = new ArrayList<>();
            for (Tuple3<String, Long, Object> t : b) {
                (t.f1 <= mark ? ready : rest).add(t);
            }
            if (!ready.isEmpty()) {
                b = rest;
                ready.sort(BY_TIME);
                out.addAll(ready);
            }
        }
    }

    @Setup(Level.Trial)
    public void fill() {
        held = "scan".equals(buffer) ? new Scan() : new Slices();
        seq = 0;
        for (int i = 0; i < waiting; i++) {
            held.add(next());
        }
    }

    private Tuple3<String, Long, Object> next() {
        long n = seq++;
        long time = n * WINDOW_MS / waiting - (n * 7_919 % 1_000);
        return Tuple3.of(KEYS[(int) (n % KEYS.length)], time, null);
    }

    /** The watermark after event {@code n}: every event more than the window before it is ready. */
    private long markAfter(long n) {
        return (n - waiting) * WINDOW_MS / waiting;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int addAndTake() {
        for (int i = 0; i < BATCH; i++) {
            held.add(next());
        }
        out.clear();
        held.pollUpTo(markAfter(seq), out);
        return out.size();
    }
}
