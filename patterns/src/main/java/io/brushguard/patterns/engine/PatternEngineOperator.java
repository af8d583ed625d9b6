package io.brushguard.patterns.engine;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.KeyedChunkStore;
import io.brushguard.patterns.common.SavedBuffer;
import io.brushguard.patterns.common.StateCache;
import io.brushguard.patterns.correlation.EnrichedEvent;

import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.operators.sorted.state.BatchExecutionKeyedStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The general pattern engine: one keyed operator that runs every declarative pattern, for every
 * subject (its key is the subject type and id, {@link RoutedEvent#key}).
 *
 * <p><b>Event-time order without per-event state or timers.</b> Input events wait in one in-memory
 * buffer of the operator ({@link SavedBuffer}), not in keyed state one by one; when the watermark
 * passes them they are applied key by key, each key's events together and sorted ({@link
 * RoutedEvent#PROCESSING_ORDER}), then what the watermark expires of the key's state. So the events
 * of a key that one watermark releases cost one read and one write of its {@link KeyState},
 * whatever the number of patterns, and no timer. A watermark that releases more than {@link
 * #DRAIN_AT_ONCE_UP_TO} events is held back while they are applied, a few per arriving event. Event
 * time timers serve only absences (at their deadline) and the clean-up of keys that fall silent (a
 * quarter window after their state can no longer match; at most every five minutes for keys still
 * in use). At each checkpoint the events that wait go into keyed state, each once ({@link
 * SavedBuffer}, in chunks per key group, so they rescale with the rest).
 *
 * <p><b>Batch.</b> In batch execution the input comes sorted by key; each key's events are
 * gathered, sorted the same way, applied, and the key's time is then run to the end. The alerts are
 * those of a streaming run over the same events.
 *
 * <p>Two variants: {@link Single} runs fixed definitions (backtests, benchmarks); {@link
 * WithControl} takes {@link CatalogUpdate}s on a second, broadcast input and switches definitions
 * without a restart (state of a pattern whose {@link PatternSpec#stateShape()} changed is dropped,
 * key by key, as it is next touched).
 */
public abstract class PatternEngineOperator extends AbstractStreamOperator<RiskAlert>
        implements Triggerable<String, VoidNamespace> {

    private static final long serialVersionUID = 1L;

    /** The name of each key's state; part of the savepoint format. */
    public static final String STATE_NAME = "engine-key-state";

    /**
     * The name of the buffer's chunks ({@link SavedBuffer}, in keyed state); part of the savepoint
     * format.
     */
    public static final String BUFFER_STATE = "engine-buffer-chunks";

    /** The buffer whole, as savepoints before the chunks hold it; read once on restore. */
    public static final String LEGACY_BUFFER_STATE = "engine-buffer";

    private final List<PatternSpec> startSpecs;

    private transient Map<EntityType, StepIndex> bySubject;
    private transient ValueState<KeyState> keyState;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient SavedBuffer<RoutedEvent> buffer;
    private transient KeyGroupRange keyGroups;
    private transient boolean batch;
    private transient String batchKey;
    private transient long watermark;
    private transient Matcher matcher;
    private transient Counter matches;
    private transient Counter late;
    private transient LinkedHashMap<String, Cached> cache;
    private transient int cacheCapacity;
    // Every key the keyed backend may hold a state for (read at open, then kept as states are
    // written and deleted), or null beyond STORED_KEYS_TRACKED: a key that is neither cached nor
    // here has no state, and is not looked up. With millions of keys most events are of a key
    // without state, and on RocksDB each lookup is a native call through the memtable and the
    // files' filters.
    private transient HashSet<String> storedKeys;
    // Without storedKeys: keys known to have no state in the backend, least recently used out
    // first, as many as the cache holds. Apart from the cache, so that keys without state never
    // push a state out of it.
    private transient LinkedHashMap<String, Boolean> absent;
    // The entry read() last found or made for readKey (the same String), for the write that follows
    // it in apply() or onEventTime(): one cache lookup per event, not two. Nothing between the two
    // touches the cache; read() clears it first, write() and the checkpoint's write-back clear it.
    private transient String readKey;
    private transient Cached readEntry;
    // The events the last watermark released (as the buffer gave them) while they are applied
    // (drainSome): their keys' hashes and positions in key order, the events of the hash being
    // applied, and the key being applied with its state.
    private transient ArrayList<RoutedEvent> ready;
    private transient long[] order;
    private transient long[] orderScratch;
    private transient int cursor;
    private transient RoutedEvent[] run;
    private transient int runLength;
    private transient int runAt;
    private transient boolean runMixed;
    // The sum of RoutedEvent.touch() over the runs: kept so the reads are not optimised away.
    private transient int touched;
    private transient long drainUpTo;
    private transient String drainKey;
    private transient String drainSubjectId;
    private transient StepIndex drainIndex;
    private transient KeyState drainState;
    private transient boolean drainExisted;
    // A watermark whose events are still being applied, a few for each event that arrives
    // (perArrival): held back until they all are. Counted by drains, for its time-out.
    private transient boolean pendingDrain;
    private transient Watermark heldMark;
    private transient long perArrival;
    private transient long drains;
    private transient int arrivedSinceWatermark;
    private transient long arrivedSinceCheck;

    /** At most this many stored keys per subtask are tracked (a key costs some 100 bytes). */
    static final int STORED_KEYS_TRACKED = 500_000;

    private int storedKeysTracked = STORED_KEYS_TRACKED;

    /** How many keys' states are kept on the heap between checkpoints (RocksDB only). */
    public static final int CACHED_KEYS = 100_000;

    /**
     * A watermark that releases at most this many events has them applied at once; one that
     * releases more (a burst, a backlog, a replay) has them applied a few for each event that
     * arrives meanwhile, and is held back until they all are. Applying them at once would hold up
     * the input for as long: the task upstream, its output buffers full, would wait, rather than
     * work on the next events alongside.
     */
    static final int DRAIN_AT_ONCE_UP_TO = 10_000;

    /**
     * While a watermark is held back, how often (processing time, ms) the engine checks that events
     * still arrive to carry the rest on; when none did, it applies the rest at once.
     */
    static final long HOLD_MS = 50;

    private int drainAtOnceUpTo = DRAIN_AT_ONCE_UP_TO;

    private Integer cachedKeys;

    /**
     * A key's state as last read or written; {@code state} null: the key has none. {@code stored}:
     * the keyed backend may hold a value for the key. A key that had no state when read and whose
     * state came and went in the cache is never written to the backend, not even as a delete: with
     * millions of keys most keys' states live and die between two checkpoints, and a delete per key
     * on RocksDB is a write, then a tombstone that later reads wade through.
     */
    private static final class Cached {
        KeyState state;
        boolean dirty;
        boolean stored;

        Cached(KeyState state, boolean stored) {
            this.state = state;
            this.stored = stored;
        }
    }

    protected PatternEngineOperator(List<PatternSpec> startSpecs) {
        this.startSpecs = List.copyOf(startSpecs);
    }

    /**
     * Keeps at most {@code keys} keys' states on the heap between checkpoints (default: the job
     * parameter {@link StateCache#KEYS_PARAMETER}, else {@link #CACHED_KEYS}); 0 reads and writes
     * the keyed backend on every event.
     */
    public PatternEngineOperator withCachedKeys(int keys) {
        if (keys < 0) {
            throw new IllegalArgumentException("cached keys must be >= 0, got " + keys);
        }
        this.cachedKeys = keys;
        return this;
    }

    /** Applies at once the events of a watermark that releases at most {@code events} (tests). */
    PatternEngineOperator withDrainAtOnceUpTo(int events) {
        this.drainAtOnceUpTo = events;
        return this;
    }

    /** Tracks at most {@code keys} stored keys (tests: 0 never tracks them). */
    PatternEngineOperator withStoredKeysTracked(int keys) {
        this.storedKeysTracked = keys;
        return this;
    }

    /** Keys whose states the cache holds now (0 without a cache). */
    public int cachedKeyCount() {
        return cache == null ? 0 : cache.size();
    }

    /** The definitions the operator starts with (before any restored or received update). */
    protected List<PatternSpec> startSpecs() {
        return startSpecs;
    }

    /** Runs {@code specs} from now on: the enabled ones, grouped by subject. */
    protected final void run(List<PatternSpec> specs) {
        bySubject = StepIndex.bySubject(specs);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        org.apache.flink.api.common.TaskInfo task = getRuntimeContext().getTaskInfo();
        int groups = task.getMaxNumberOfParallelSubtasks();
        keyGroups = SavedBuffer.keyGroupsOf(task);
        buffer =
                new SavedBuffer<>(
                        r -> r.ts,
                        r -> KeyGroupRangeAssignment.assignToKeyGroup(r.key, groups),
                        RoutedEventSerializer.INSTANCE);
        watermark = Long.MIN_VALUE;
        run(startSpecs);
        buffer.takeOver(
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        LEGACY_BUFFER_STATE, RoutedEventSerializer.INSTANCE)),
                context.isRestored(),
                keyGroups);
    }

    @Override
    public void open() throws Exception {
        super.open();
        keyState =
                getPartitionedState(
                        new ValueStateDescriptor<>(STATE_NAME, KeyStateSerializer.INSTANCE));
        timers = getInternalTimerService("engine-timers", VoidNamespaceSerializer.INSTANCE, this);
        batch = getKeyedStateBackend() instanceof BatchExecutionKeyedStateBackend;
        if (!batch) {
            // The buffer's chunks of this subtask's key groups, if restored.
            buffer.attach(
                    new KeyedChunkStore<>(
                            getKeyedStateBackend(),
                            BUFFER_STATE,
                            buffer.chunkSerializer(),
                            getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks()),
                    keyGroups);
        }
        // Hot keys' states stay in a plain map between checkpoints, written back to the keyed
        // backend at each checkpoint and when evicted. On RocksDB that saves a (de)serialisation
        // and a native call per event; on the heap, the copy-on-write map's bookkeeping. Batch
        // holds one key at a time anyway.
        int keys = StateCache.keys(cachedKeys, getExecutionConfig(), CACHED_KEYS);
        cache = batch || keys == 0 ? null : new LinkedHashMap<>(1024, 0.75f, true);
        cacheCapacity = keys;
        absent =
                cache == null
                        ? null
                        : new LinkedHashMap<>(1024, 0.75f, true) {
                            @Override
                            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                                return size() > cacheCapacity;
                            }
                        };
        storedKeys = cache == null ? null : storedKeysOrNull();
        matcher = new Matcher();
        ready = new ArrayList<>();
        order = new long[0];
        orderScratch = order;
        run = new RoutedEvent[16];
        matches = getMetricGroup().counter("engineMatches");
        late = getMetricGroup().counter("engineLateEvents");
        getMetricGroup().gauge("engineBufferedEvents", () -> buffer.size());
        getMetricGroup().gauge("engineSavedChunks", () -> buffer.storedChunks());
        getMetricGroup()
                .gauge(
                        "engineReleasedEventsPending",
                        () -> pendingDrain ? ready.size() - cursor + runLength - runAt : 0);
        getMetricGroup().gauge("engineCachedKeys", () -> cache == null ? 0 : cache.size());
        getMetricGroup().gauge("engineKnownAbsentKeys", () -> absent == null ? 0 : absent.size());
        getMetricGroup().gauge("engineStoredKeys", this::storedKeyCount);
        getMetricGroup().gauge("engineDroppedStartedMatches", () -> matcher.dropped);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        if (pendingDrain) {
            // Flink calls prepareSnapshotPreBarrier first, which applies them.
            throw new IllegalStateException(
                    "a checkpoint's state was taken while events a watermark released were still"
                            + " being applied; prepareSnapshotPreBarrier must come first");
        }
        super.snapshotState(context);
        buffer.snapshot();
        if (cache != null) {
            // Before the keyed backend takes its snapshot: the checkpoint holds every change.
            // Keys without state leave the cache too.
            readKey = null;
            readEntry = null;
            Iterator<Map.Entry<String, Cached>> it = cache.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Cached> e = it.next();
                if (e.getValue().dirty) {
                    setCurrentKey(e.getKey());
                    writeBack(e.getValue());
                }
                if (e.getValue().state == null) {
                    // Deleted in the backend just now.
                    it.remove();
                    noteAbsent(e.getKey());
                }
            }
        }
    }

    /**
     * The keys the backend holds a state for, or null if more than {@link #STORED_KEYS_TRACKED}.
     */
    private HashSet<String> storedKeysOrNull() {
        if (storedKeysTracked == 0 || getKeyedStateBackend() instanceof HeapKeyedStateBackend) {
            // On the heap a lookup is a hash lookup already.
            return null;
        }
        HashSet<String> keys = new HashSet<>();
        try (Stream<String> stored =
                this.<String>getKeyedStateBackend().getKeys(STATE_NAME, VoidNamespace.INSTANCE)) {
            Iterator<String> it = stored.iterator();
            while (it.hasNext()) {
                keys.add(it.next());
                if (keys.size() > storedKeysTracked) {
                    return null;
                }
            }
        }
        return keys;
    }

    /** Whether the backend is known to hold no state for {@code key} (not cached). */
    private boolean knownAbsent(String key) {
        return storedKeys != null ? !storedKeys.contains(key) : absent.get(key) != null;
    }

    /** Notes that the backend holds no state for {@code key}. */
    private void noteAbsent(String key) {
        if (storedKeys != null) {
            storedKeys.remove(key);
        } else {
            absent.put(key, Boolean.TRUE);
        }
    }

    /** The number of keys whose states the backend holds, or -1 when not tracked. */
    public int storedKeyCount() {
        HashSet<String> keys = storedKeys; // read once: the metrics reporter calls this too
        return keys == null ? -1 : keys.size();
    }

    /** Keys known to have no state, apart from the cache (0 while stored keys are tracked). */
    public int knownAbsentKeyCount() {
        return absent == null ? 0 : absent.size();
    }

    /** The current key's state, or null. */
    private KeyState read(String key) throws Exception {
        if (cache == null) {
            return keyState.value();
        }
        readKey = null;
        readEntry = null;
        Cached c = cache.get(key);
        if (c == null) {
            if (knownAbsent(key)) {
                return null;
            }
            KeyState stored = keyState.value();
            if (stored == null) {
                noteAbsent(key);
                return null;
            }
            // A copy: on the heap backend the value is the backend's own object, which a running
            // snapshot may still be writing; the cache mutates its copy only.
            c = new Cached(stored.copy(), true);
            cache.put(key, c);
            evictBeyondCapacity(key);
        }
        readKey = key;
        readEntry = c;
        return c.state;
    }

    /** Sets the current key's state ({@code null}: none). */
    private void write(String key, KeyState state) throws Exception {
        if (cache == null) {
            if (state == null) {
                keyState.clear();
            } else {
                keyState.update(state);
            }
            return;
        }
        Cached c = key == readKey ? readEntry : cache.get(key);
        readKey = null;
        readEntry = null;
        if (c == null) {
            // Written without a cached read: the backend may hold a value unless known absent.
            boolean stored = !knownAbsent(key);
            if (state == null && !stored) {
                return;
            }
            if (absent != null) {
                absent.remove(key);
            }
            c = new Cached(null, stored);
            cache.put(key, c);
            evictBeyondCapacity(key);
        }
        c.state = state;
        c.dirty = true;
        if (state == null && !c.stored) {
            // Came and went in the cache: nothing to write, and the backend has none.
            cache.remove(key);
            noteAbsent(key);
        }
    }

    /** Writes {@code c} for the current key. */
    private void writeBack(Cached c) throws Exception {
        if (c.state == null) {
            if (c.stored) {
                keyState.clear();
            }
            c.stored = false;
            if (storedKeys != null) {
                storedKeys.remove((String) getCurrentKey());
            }
        } else {
            // A copy, for the same reason: the backend (and its snapshot) keeps its own object.
            keyState.update(c.state.copy());
            c.stored = true;
            if (storedKeys != null) {
                storedKeys.add((String) getCurrentKey());
                if (storedKeys.size() > storedKeysTracked) {
                    // Too many to track: look keys up again, remembering some that have none.
                    storedKeys = null;
                }
            }
        }
        c.dirty = false;
    }

    private void evictBeyondCapacity(String current) throws Exception {
        if (cache.size() <= cacheCapacity) {
            return;
        }
        Iterator<Map.Entry<String, Cached>> it = cache.entrySet().iterator();
        while (cache.size() > cacheCapacity && it.hasNext()) {
            Map.Entry<String, Cached> eldest = it.next();
            if (eldest.getKey().equals(current)) {
                continue;
            }
            it.remove();
            if (eldest.getValue().dirty) {
                setCurrentKey(eldest.getKey());
                writeBack(eldest.getValue());
                setCurrentKey(current);
            }
            if (eldest.getValue().state == null) {
                noteAbsent(eldest.getKey());
            }
        }
    }

    /** An input event: buffered until the watermark passes it (or, in batch, its key ends). */
    protected final void onRecord(StreamRecord<RoutedEvent> record) throws Exception {
        RoutedEvent r = record.getValue();
        if (!batch && r.ts <= watermark) {
            // Behind the watermark already (only if upstream let a late event through): applied
            // now, out of order, and counted.
            finishDrain();
            late.inc();
            apply(r);
            return;
        }
        buffer.add(r);
        if (pendingDrain) {
            arrivedSinceCheck++;
            drainSome(perArrival);
        }
        arrivedSinceWatermark++;
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        // The alerts of the events a held watermark released leave before the barrier, in the
        // checkpoint whose state has them applied.
        finishDrain();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
        // A held watermark goes before the input's status changes (an idle output sends none).
        finishDrain();
        super.processWatermarkStatus(status, index);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void setKeyContextElement1(StreamRecord record) throws Exception {
        if (!batch) {
            // An event only joins the buffer here; apply() sets its key when it is handed on.
            // Setting it now as well would cost a hash and, on RocksDB, serialising the key
            // twice per event.
            return;
        }
        String key = ((RoutedEvent) record.getValue()).key;
        if (batchKey != null && !batchKey.equals(key)) {
            // Still under the previous key: finish it before the backend moves on.
            finishBatchKey();
        }
        batchKey = key;
        super.setKeyContextElement1(record);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (batch) {
            if (mark.getTimestamp() == Long.MAX_VALUE) {
                finishBatchKey();
            }
            super.processWatermark(mark);
            return;
        }
        finishDrain();
        watermark = mark.getTimestamp();
        startDrain(mark);
    }

    /**
     * Takes every buffered event at or before {@code mark} and applies them key by key ({@link
     * #drainSome}), then lets {@code mark} pass: at once when they are few, else a few for each
     * event that arrives meanwhile ({@link #pendingDrain}).
     */
    private void startDrain(Watermark mark) throws Exception {
        long upTo = mark.getTimestamp();
        int arrived = arrivedSinceWatermark;
        arrivedSinceWatermark = 0;
        if (buffer.isEmpty()) {
            // Still moves the buffer's time: its saved chunks are dropped by it.
            buffer.pollUpTo(upTo, List.of());
            super.processWatermark(mark);
            return;
        }
        if (buffer.pollUpTo(upTo, ready) == 0) {
            super.processWatermark(mark);
            return;
        }
        // Each key's events together: by the key's hash (a sort of plain numbers, the event's
        // position below it), then, among the events of one hash, by key; each key's in
        // processing order (nextRun).
        int n = ready.size();
        if (order.length < n) {
            order = new long[Math.max(n, order.length * 2)];
            orderScratch = new long[order.length];
        }
        for (int i = 0; i < n; i++) {
            order[i] = ((long) ready.get(i).keyHash << 32) | i;
        }
        HashOrder.sort(order, n, orderScratch);
        cursor = 0;
        runLength = 0;
        runAt = 0;
        drainUpTo = upTo;
        heldMark = mark;
        if (n <= drainAtOnceUpTo || upTo == Long.MAX_VALUE) {
            drainSome(Long.MAX_VALUE);
            return;
        }
        // Spread over the events that arrive until the next watermark, about as many as arrived
        // since the last one; whatever is left then is applied at once.
        perArrival = Math.max(1, (n + Math.max(arrived, 1) - 1) / Math.max(arrived, 1));
        pendingDrain = true;
        arrivedSinceCheck = 0;
        checkArrivals(++drains);
    }

    /** In {@link #HOLD_MS}: applies the rest of drain {@code round} if no event came meanwhile. */
    private void checkArrivals(long round) {
        getProcessingTimeService()
                .registerTimer(
                        getProcessingTimeService().getCurrentProcessingTime() + HOLD_MS,
                        time -> {
                            if (!pendingDrain || drains != round) {
                                return;
                            }
                            if (arrivedSinceCheck == 0) {
                                // No events came to carry it on: an idle input.
                                finishDrain();
                            } else {
                                arrivedSinceCheck = 0;
                                checkArrivals(round);
                            }
                        });
    }

    /** Applies what is left of the events a watermark released, and lets the watermark pass. */
    protected final void finishDrain() throws Exception {
        if (pendingDrain) {
            drainSome(Long.MAX_VALUE);
        }
    }

    /**
     * Applies up to {@code limit} of the released events, key by key: each key's state is found
     * once for all its events and stays in the CPU's caches meanwhile; after a key's last event,
     * what the watermark expires of its state goes (absences due by then are reported), not when
     * its timer fires at the watermark's end. A watermark may pass hours of event time (a backlog,
     * a replay): keys whose matches started and expired within it then never take room in the
     * cache. When every event is applied, the timers due fire and the watermark goes on.
     */
    private void drainSome(long limit) throws Exception {
        if (drainKey != null && getCurrentKey() != drainKey) {
            // Events arrived since the last call set no key; set it again only if something did
            // (on RocksDB setting a key serialises it, and a slice is often one event).
            setCurrentKey(drainKey);
        }
        long done = 0;
        while (true) {
            if (runAt == runLength) {
                endKey();
                if (cursor == ready.size()) {
                    endDrain();
                    return;
                }
                nextRun();
            }
            if (done == limit) {
                return;
            }
            RoutedEvent r = run[runAt++];
            if (drainKey == null || (runMixed && !r.key.equals(drainKey))) {
                endKey();
                beginKey(r);
            }
            if (drainIndex != null) {
                EnrichedEvent e = r.event(drainIndex.projection());
                matcher.onEvent(
                        drainIndex.patterns(),
                        drainIndex.candidates(e),
                        drainState,
                        e,
                        r.ts,
                        drainSubjectId,
                        this::emit);
                r.forgetDecoded();
            }
            done++;
        }
    }

    /** Rare: keys that share a hash. */
    private static final Comparator<RoutedEvent> KEY_THEN_PROCESSING_ORDER =
            Comparator.comparing((RoutedEvent r) -> r.key)
                    .thenComparing(RoutedEvent.PROCESSING_ORDER);

    /**
     * The released events of the next key hash, into {@code run}: each key's together, in
     * processing order.
     */
    private void nextRun() {
        int from = cursor;
        int hash = (int) (order[from] >> 32);
        int to = from + 1;
        while (to < ready.size() && (int) (order[to] >> 32) == hash) {
            to++;
        }
        if (run.length < to - from) {
            run = new RoutedEvent[Math.max(to - from, run.length * 2)];
        }
        String first = ready.get((int) order[from]).key;
        boolean mixed = false;
        int touched = 0;
        for (int i = from; i < to; i++) {
            RoutedEvent r = ready.get((int) order[i]);
            mixed |= !r.key.equals(first);
            run[i - from] = r;
            touched += r.touch();
        }
        this.touched += touched;
        // Each key's events in processing order (they mostly come in it: little to sort).
        Arrays.sort(
                run,
                0,
                to - from,
                mixed ? KEY_THEN_PROCESSING_ORDER : RoutedEvent.PROCESSING_ORDER);
        runMixed = mixed;
        runLength = to - from;
        runAt = 0;
        cursor = to;
    }

    private void beginKey(RoutedEvent first) throws Exception {
        drainKey = first.key;
        drainSubjectId = first.subjectId();
        drainIndex = bySubject.get(first.subject);
        if (drainIndex == null) {
            return;
        }
        setCurrentKey(drainKey);
        drainState = read(drainKey);
        drainExisted = drainState != null;
        if (!drainExisted) {
            drainState = new KeyState();
        }
    }

    /** The current key's events are all applied: expires what the watermark passed, and writes. */
    private void endKey() throws Exception {
        if (drainKey == null) {
            return;
        }
        if (drainIndex != null) {
            List<CompiledPattern> patterns = drainIndex.patterns();
            // What the key's timers due by the watermark would expire (and report), now.
            if (!drainState.isEmpty()) {
                matcher.onTime(patterns, drainState, drainUpTo, drainSubjectId, this::emit);
            }
            if (drainState.isEmpty()
                    && drainState.timerAt != 0
                    && drainState.timerAt <= drainUpTo) {
                // Its timer fires at the watermark's end and would find nothing to keep.
                drainState.timerAt = 0;
            }
            persist(drainKey, drainState, patterns, drainExisted, false);
        }
        drainKey = null;
        drainSubjectId = null;
        drainIndex = null;
        drainState = null;
    }

    private void endDrain() throws Exception {
        Arrays.fill(run, null);
        runLength = 0;
        runAt = 0;
        ready.clear();
        cursor = 0;
        pendingDrain = false;
        Watermark mark = heldMark;
        heldMark = null;
        super.processWatermark(mark);
    }

    /** Batch: the buffered key's events in order, then the end of its time. */
    private void finishBatchKey() throws Exception {
        if (buffer.isEmpty()) {
            return;
        }
        ArrayList<RoutedEvent> events = new ArrayList<>(buffer.size());
        buffer.pollUpTo(Long.MAX_VALUE, events);
        // The next key's events come from the start of time again (no checkpoint in batch).
        buffer.clear();
        events.sort(RoutedEvent.PROCESSING_ORDER);
        String key = events.get(0).key;
        for (RoutedEvent r : events) {
            apply(r);
        }
        setCurrentKey(key);
        KeyState st = read(key);
        if (st != null) {
            matcher.onTime(
                    patterns(RoutedEvent.subjectOf(key)),
                    st,
                    Long.MAX_VALUE,
                    idOf(key),
                    this::emit);
            write(key, null);
        }
    }

    private void apply(RoutedEvent r) throws Exception {
        StepIndex index = bySubject.get(r.subject);
        if (index == null) {
            return;
        }
        List<CompiledPattern> patterns = index.patterns();
        setCurrentKey(r.key);
        KeyState st = read(r.key);
        boolean existed = st != null;
        if (!existed) {
            st = new KeyState();
        }
        EnrichedEvent e = r.event(index.projection());
        matcher.onEvent(patterns, index.candidates(e), st, e, r.ts, r.subjectId(), this::emit);
        r.forgetDecoded();
        persist(r.key, st, patterns, existed, false);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        String key = timer.getKey();
        KeyState st = read(key);
        if (st == null) {
            return;
        }
        if (timer.getTimestamp() >= st.timerAt) {
            st.timerAt = 0;
        }
        List<CompiledPattern> patterns = patterns(RoutedEvent.subjectOf(key));
        matcher.onTime(patterns, st, timer.getTimestamp(), idOf(key), this::emit);
        // What the clean-up left is still in use: the next one on the busy grid.
        persist(key, st, patterns, true, true);
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

    private void persist(
            String key, KeyState st, List<CompiledPattern> patterns, boolean existed, boolean busy)
            throws Exception {
        if (st.isEmpty() && (batch || st.timerAt == 0)) {
            if (existed) {
                write(key, null);
            }
            return;
        }
        // An empty state with its timer still pending is kept until the timer clears it: a key
        // that empties and fills again (most do) then needs no new timer.
        if (!batch && !st.isEmpty()) {
            long wake = Matcher.nextWake(patterns, st, busy);
            if (wake != 0 && (st.timerAt == 0 || wake < st.timerAt)) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, wake);
                st.timerAt = wake;
            }
        }
        write(key, st);
    }

    private void emit(Match m) {
        matches.inc();
        RiskAlert alert = EngineAlerts.of(m, getProcessingTimeService().getCurrentProcessingTime());
        output.collect(new StreamRecord<>(alert, m.end()));
    }

    private List<CompiledPattern> patterns(EntityType subject) {
        StepIndex index = bySubject.get(subject);
        return index == null ? List.of() : index.patterns();
    }

    private static String idOf(String key) {
        return key.substring(1);
    }

    /** Fixed definitions: backtests, benchmarks, jobs without a control topic. */
    public static final class Single extends PatternEngineOperator
            implements OneInputStreamOperator<RoutedEvent, RiskAlert>, BoundedOneInput {

        private static final long serialVersionUID = 1L;

        public Single(List<PatternSpec> specs) {
            super(specs);
        }

        @Override
        public void processElement(StreamRecord<RoutedEvent> element) throws Exception {
            onRecord(element);
        }

        @Override
        public void endInput() throws Exception {
            processWatermark(Watermark.MAX_WATERMARK);
        }
    }

    /**
     * Definitions that change while the job runs: the second input carries {@link CatalogUpdate}s
     * (broadcast to every subtask), resolved to patterns by {@code resolver}. The latest update is
     * kept in operator state, so a restart runs what ran before it. The second input's watermarks
     * are ignored: event time is the events'.
     */
    public static final class WithControl extends PatternEngineOperator
            implements TwoInputStreamOperator<RoutedEvent, CatalogUpdate, RiskAlert> {

        private static final long serialVersionUID = 1L;

        private final CatalogResolver resolver;
        private transient CatalogState catalog;

        public WithControl(List<PatternSpec> startSpecs, CatalogResolver resolver) {
            super(startSpecs);
            this.resolver = resolver;
        }

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            catalog = CatalogState.restore(context.getOperatorStateStore(), "engine-catalog");
            run(resolver.resolve(catalog.current()));
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            catalog.snapshot();
        }

        @Override
        public void processElement1(StreamRecord<RoutedEvent> element) throws Exception {
            onRecord(element);
        }

        @Override
        public void processElement2(StreamRecord<CatalogUpdate> element) throws Exception {
            // The events a watermark released are applied under the definitions they were
            // released under.
            finishDrain();
            if (catalog.offer(element.getValue())) {
                run(resolver.resolve(catalog.current()));
            }
        }

        @Override
        public void processWatermark1(Watermark mark) throws Exception {
            processWatermark(mark);
        }

        @Override
        public void processWatermark2(Watermark mark) {}

        @Override
        protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
            if (index == 0) {
                finishDrain();
                output.emitWatermarkStatus(status);
            }
        }
    }
}
