package io.brushguard.patterns.common;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.SimpleTimerService;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.sorted.state.BatchExecutionKeyedStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a keyed function inside an operator as Flink's keyed process operator would, with one
 * difference for an {@link EventTimeOrderedFunction} in a streaming job: its input waits in one
 * in-memory buffer of the operator ({@link SavedBuffer}) instead of in the function's keyed state,
 * and is handed to the function when the watermark passes it. The function sees the same thing
 * either way (each key's events in event-time order, all events of one timestamp at once, its own
 * timers at a time after that time's events and before any later event), but an event no longer
 * costs a keyed-state write, a read, a delete and a timer: on RocksDB those are four native calls,
 * each serialising the whole event list of the timestamp.
 *
 * <p>At each checkpoint the events that wait go into keyed state, each once ({@link SavedBuffer},
 * in chunks per key group, so it rescales with the rest of the state). In batch execution, where
 * the input comes sorted by key and the backend holds one key at a time, events go to the function
 * directly and it orders them in its keyed state as it always did.
 *
 * <p>The operator that owns a host creates the timer service (passing the host as its {@link
 * Triggerable}), calls {@link #initializeState}, {@link #open}, {@link #processElement}, {@link
 * #beforeWatermark} before advancing its own time, and {@link #snapshotState}.
 */
public final class FunctionHost<IN, OUT> implements Triggerable<String, VoidNamespace> {

    /** Moves the operator's timer services to a time, firing every timer due by it. */
    @FunctionalInterface
    public interface TimeAdvance {
        void to(long time) throws Exception;
    }

    private final TypeInformation<IN> inputType;
    private final String bufferName;

    /** The buffer's chunks are in keyed state under its name with this after it. */
    public static final String CHUNKS_SUFFIX = "-chunks";

    private KeyedProcessFunction<String, IN, OUT> function;
    private HostContext elementContext;
    private HostTimerContext timerContext;
    private EventTimeOrderedFunction<String, IN, OUT> ordered;
    private KeyContext keys;
    private TimerService timerService;
    private KnownTimers knownTimers;
    private TimestampedCollector<OUT> collector;
    private Output<StreamRecord<OUT>> output;
    private TimeAdvance advance;
    private boolean batch;
    private KeyedStateBackend<?> backend;
    private StateCache cache;
    private SavedBuffer<Tuple3<String, Long, IN>> buffer;
    private KeyGroupRange keyGroups;
    private int maxParallelism;
    private long watermark = Long.MIN_VALUE;

    private long contextTime;
    private boolean contextHasTime;
    private InternalTimer<String, VoidNamespace> timer;
    private TimeDomain timeDomain;

    /**
     * @param inputType the function's input type (for the buffer's checkpoint)
     * @param bufferName the name of the buffer's operator state before chunks (read once from an
     *     older savepoint) and, with {@link #CHUNKS_SUFFIX}, of its chunks; part of the savepoint
     *     format
     */
    public FunctionHost(TypeInformation<IN> inputType, String bufferName) {
        this.inputType = inputType;
        this.bufferName = bufferName;
    }

    /**
     * Makes the buffer; on restore from a savepoint taken before the buffer was kept in chunks,
     * adds the events of this subtask's key groups from the whole-buffer operator state (read
     * once). The chunks are read in {@link #open}.
     */
    public void initializeState(
            StateInitializationContext context, TaskInfo task, SerializerConfig config)
            throws Exception {
        TypeInformation<Tuple3<String, Long, IN>> entryType =
                new TupleTypeInfo<>(Types.STRING, Types.LONG, inputType);
        int groups = task.getMaxNumberOfParallelSubtasks();
        maxParallelism = groups;
        keyGroups = SavedBuffer.keyGroupsOf(task);
        buffer =
                new SavedBuffer<>(
                        t -> t.f1,
                        t -> KeyGroupRangeAssignment.assignToKeyGroup(t.f0, groups),
                        entryType.createSerializer(config));
        buffer.takeOver(
                context.getOperatorStateStore()
                        .getUnionListState(new ListStateDescriptor<>(bufferName, entryType)),
                context.isRestored(),
                keyGroups);
    }

    /**
     * Ready to run on the operator's keyed backend {@code backend}: in batch when it is the batch
     * one (input sorted by key); with the function's value states cached ({@link StateCache},
     * {@code cachedKeys} keys per state) when it keeps state off the heap (RocksDB) and {@code
     * cachedKeys} is above 0. Restores the buffer's chunks ({@link SavedBuffer}, in keyed state).
     */
    public void open(
            KeyContext keys,
            KeyedStateBackend<?> backend,
            int cachedKeys,
            InternalTimerService<VoidNamespace> timers,
            Output<StreamRecord<OUT>> output,
            TimeAdvance advance)
            throws Exception {
        this.batch = backend instanceof BatchExecutionKeyedStateBackend;
        this.backend = backend;
        this.cache =
                batch || backend instanceof HeapKeyedStateBackend || cachedKeys == 0
                        ? null
                        : new StateCache(keys, cachedKeys);
        this.keys = keys;
        this.knownTimers =
                cache == null
                        ? null
                        : new KnownTimers(new SimpleTimerService(timers), REMEMBERED_TIMERS);
        this.timerService = knownTimers == null ? new SimpleTimerService(timers) : knownTimers;
        this.output = output;
        this.collector = new TimestampedCollector<>(output);
        this.advance = advance;
        if (!batch) {
            // The buffer's chunks of this subtask's key groups, if restored.
            buffer.attach(
                    new KeyedChunkStore<>(
                            backend,
                            bufferName + CHUNKS_SUFFIX,
                            buffer.chunkSerializer(),
                            maxParallelism),
                    keyGroups);
        }
    }

    /**
     * Makes {@code next} the function that handles events and timers from now on, opening it on
     * {@code context} (its state is found by name, so it goes on from what an earlier one kept);
     * the previous function, if any, is closed.
     */
    @SuppressWarnings("unchecked")
    public void install(KeyedProcessFunction<String, IN, OUT> next, RuntimeContext context)
            throws Exception {
        next.setRuntimeContext(cache == null ? context : cache.wrap(context));
        next.open(DefaultOpenContext.INSTANCE);
        KeyedProcessFunction<String, IN, OUT> previous = function;
        function = next;
        // One context of each kind per function, reused for every call (they read the host).
        elementContext = new HostContext();
        timerContext = new HostTimerContext();
        ordered =
                next instanceof EventTimeOrderedFunction
                        ? (EventTimeOrderedFunction<String, IN, OUT>) next
                        : null;
        if (ordered != null && !batch) {
            ordered.orderedByHost();
            if (previous == null) {
                takeOverPending();
            }
        }
        if (previous != null) {
            previous.close();
        }
    }

    /**
     * Moves the events the function holds in its own keyed buffer (restored from a savepoint of a
     * job that ran it without a host) into the host's buffer, once, at start.
     */
    private void takeOverPending() throws Exception {
        List<Object> held;
        try (java.util.stream.Stream<?> k =
                backend.getKeys(EventTimeOrderedFunction.PENDING_STATE, VoidNamespace.INSTANCE)) {
            held = new ArrayList<>(k.toList());
        }
        Object current = keys.getCurrentKey();
        for (Object key : held) {
            keys.setCurrentKey(key);
            for (Map.Entry<Long, List<IN>> e : ordered.takePending()) {
                for (IN value : e.getValue()) {
                    buffer.add(Tuple3.of((String) key, e.getKey(), value));
                }
            }
        }
        if (current != null) {
            keys.setCurrentKey(current);
        }
    }

    /** Closes the function. */
    public void close() throws Exception {
        if (function != null) {
            function.close();
        }
    }

    /** The host's gauges on the operator's metric group. */
    public void registerMetrics(org.apache.flink.metrics.MetricGroup group) {
        group.gauge("orderedBufferedEvents", this::buffered);
        group.gauge("orderedSavedChunks", () -> buffer.storedChunks());
        group.gauge("cachedStateValues", this::cachedValues);
    }

    /** How many events wait for the watermark. */
    public int buffered() {
        return buffer.size();
    }

    /**
     * Whether the operator must set the key of each event before {@link #processElement}: not while
     * the function's events wait in the buffer (streaming, {@link EventTimeOrderedFunction}), which
     * holds each with its key and sets it when it hands the event on. Setting a key costs a hash
     * and, on RocksDB, serialising it; an event would otherwise pay for it twice.
     */
    public boolean keyOnArrival() {
        return ordered == null || batch;
    }

    /**
     * An event of {@code key}, which is the current key if {@link #keyOnArrival}; else the current
     * key is set here when the event is handed on now (behind the watermark).
     */
    public void processElement(StreamRecord<IN> record, String key) throws Exception {
        IN value = record.getValue();
        if (ordered != null && !batch) {
            long ts = ordered.eventTime(value);
            if (ts > watermark) {
                buffer.add(Tuple3.of(key, ts, value));
                return;
            }
            // Behind the watermark (only if upstream let a late event through): handled now.
            keys.setCurrentKey(key);
        }
        contextHasTime = record.hasTimestamp();
        contextTime = record.getTimestamp();
        if (contextHasTime) {
            collector.setAbsoluteTimestamp(contextTime);
        } else {
            collector.eraseTimestamp();
        }
        function.processElement(value, elementContext, collector);
    }

    /**
     * Before the operator moves its time to {@code mark}: hands the function every buffered event
     * at or before it, timestamp by timestamp, firing the timers due before each timestamp first.
     */
    public void beforeWatermark(long mark) throws Exception {
        if (ordered != null) {
            if (buffer.isEmpty()) {
                // Still moves the buffer's time: its saved chunks are dropped by it.
                buffer.pollUpTo(mark, List.of());
            } else {
                // In time order; the events of one key and timestamp stay in arrival order.
                ArrayList<Tuple3<String, Long, IN>> ready = new ArrayList<>();
                if (buffer.pollUpTo(mark, ready) > 0) {
                    deliver(ready);
                }
            }
        }
        watermark = Math.max(watermark, mark);
    }

    private void deliver(List<Tuple3<String, Long, IN>> ready) throws Exception {
        int n = ready.size();
        int i = 0;
        while (i < n) {
            long ts = ready.get(i).f1;
            // The timers due before this timestamp first, as if the watermark had moved there.
            advance.to(ts - 1);
            int j = i + 1;
            while (j < n && ready.get(j).f1 == ts) {
                j++;
            }
            if (j - i == 1) {
                Tuple3<String, Long, IN> only = ready.get(i);
                deliver(only.f0, ts, Collections.singletonList(only.f2));
            } else {
                Map<String, List<IN>> byKey = new LinkedHashMap<>();
                for (int k = i; k < j; k++) {
                    Tuple3<String, Long, IN> t = ready.get(k);
                    byKey.computeIfAbsent(t.f0, x -> new ArrayList<>(2)).add(t.f2);
                }
                for (Map.Entry<String, List<IN>> e : byKey.entrySet()) {
                    deliver(e.getKey(), ts, e.getValue());
                }
            }
            i = j;
        }
    }

    private void deliver(String key, long ts, List<IN> events) throws Exception {
        keys.setCurrentKey(key);
        contextHasTime = true;
        contextTime = ts;
        collector.setAbsoluteTimestamp(ts);
        ordered.onEvents(ts, events, elementContext, collector);
    }

    /**
     * Puts the buffer's new chunks into keyed state and writes the cached values to the keyed
     * backend; the operator calls it from its {@code snapshotState}, which runs before the keyed
     * backend's snapshot.
     */
    public void snapshotState() throws Exception {
        buffer.snapshot();
        if (cache != null) {
            cache.flush();
        }
    }

    /**
     * With a state cache and the job parameter {@link StateCache#IDLE_WRITE_BACK_PARAMETER} above 0
     * in {@code config}, has {@code time} call {@link StateCache#writeBackIdle} at that interval on
     * the task's thread; the operator calls it from its {@code open}, after {@link #open}.
     *
     * @throws IllegalArgumentException when the parameter is not a whole number {@code >= 0}
     */
    public void scheduleIdleWriteBack(ProcessingTimeService time, ExecutionConfig config) {
        long interval = StateCache.idleWriteBackMs(config);
        if (cache != null && interval > 0) {
            cache.listForIdleWriteBack();
            time.scheduleWithFixedDelay(now -> cache.writeBackIdle(), interval, interval);
        }
    }

    /** How many keys' values the cache holds (0 without one). */
    public long cachedValues() {
        return cache == null ? 0 : cache.size();
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> t) throws Exception {
        if (knownTimers != null) {
            knownTimers.fired(t.getKey(), t.getTimestamp());
        }
        collector.setAbsoluteTimestamp(t.getTimestamp());
        fire(t, TimeDomain.EVENT_TIME);
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> t) throws Exception {
        collector.eraseTimestamp();
        fire(t, TimeDomain.PROCESSING_TIME);
    }

    private void fire(InternalTimer<String, VoidNamespace> t, TimeDomain domain) throws Exception {
        timer = t;
        timeDomain = domain;
        function.onTimer(t.getTimestamp(), timerContext, collector);
        timer = null;
    }

    /** How many registered event-time timers the host remembers on RocksDB, per subtask. */
    static final int REMEMBERED_TIMERS = 20_000;

    /**
     * The timer service the function sees on RocksDB: remembers the event-time timers registered
     * (most recent first, up to a bound) and does not register one again while it is pending.
     * Detectors register their clean-up timer on a coarse grid with every event, so most
     * registrations repeat one; on RocksDB each is a write. A timer the host has forgotten is
     * registered again, which changes nothing.
     */
    private final class KnownTimers implements TimerService {
        private final TimerService timers;
        private final int bound;
        private final LinkedHashMap<TimerKey, Boolean> known;

        KnownTimers(TimerService timers, int bound) {
            this.timers = timers;
            this.bound = bound;
            this.known =
                    new LinkedHashMap<>(1024, 0.75f, true) {
                        @Override
                        protected boolean removeEldestEntry(Map.Entry<TimerKey, Boolean> e) {
                            return size() > KnownTimers.this.bound;
                        }
                    };
        }

        void fired(Object key, long time) {
            known.remove(new TimerKey(key, time));
        }

        @Override
        public long currentProcessingTime() {
            return timers.currentProcessingTime();
        }

        @Override
        public long currentWatermark() {
            return timers.currentWatermark();
        }

        @Override
        public void registerProcessingTimeTimer(long time) {
            timers.registerProcessingTimeTimer(time);
        }

        @Override
        public void registerEventTimeTimer(long time) {
            if (known.put(new TimerKey(keys.getCurrentKey(), time), Boolean.TRUE) == null) {
                timers.registerEventTimeTimer(time);
            }
        }

        @Override
        public void deleteProcessingTimeTimer(long time) {
            timers.deleteProcessingTimeTimer(time);
        }

        @Override
        public void deleteEventTimeTimer(long time) {
            known.remove(new TimerKey(keys.getCurrentKey(), time));
            timers.deleteEventTimeTimer(time);
        }
    }

    private record TimerKey(Object key, long time) {}

    private final class HostContext extends KeyedProcessFunction<String, IN, OUT>.Context {

        HostContext() {
            function.super();
        }

        @Override
        public Long timestamp() {
            return contextHasTime ? contextTime : null;
        }

        @Override
        public TimerService timerService() {
            return timerService;
        }

        @Override
        public <X> void output(OutputTag<X> tag, X value) {
            output.collect(
                    tag,
                    contextHasTime
                            ? new StreamRecord<>(value, contextTime)
                            : new StreamRecord<>(value));
        }

        @Override
        public String getCurrentKey() {
            return (String) keys.getCurrentKey();
        }
    }

    private final class HostTimerContext
            extends KeyedProcessFunction<String, IN, OUT>.OnTimerContext {

        HostTimerContext() {
            function.super();
        }

        @Override
        public Long timestamp() {
            return timer.getTimestamp();
        }

        @Override
        public TimerService timerService() {
            return timerService;
        }

        @Override
        public <X> void output(OutputTag<X> tag, X value) {
            output.collect(tag, new StreamRecord<>(value, timer.getTimestamp()));
        }

        @Override
        public TimeDomain timeDomain() {
            return timeDomain;
        }

        @Override
        public String getCurrentKey() {
            return timer.getKey();
        }
    }
}
