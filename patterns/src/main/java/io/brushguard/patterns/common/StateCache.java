package io.brushguard.patterns.common;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.operators.KeyContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A write-back cache in front of a keyed function's value and map states on RocksDB: the values of
 * the most recently used keys stay on the heap as objects between checkpoints, written to the
 * backend at each checkpoint ({@link #flush}), when a key leaves the cache, and between checkpoints
 * once the key has been left alone for a while ({@link #writeBackIdle}). On RocksDB a detector's
 * window (a list of references) is otherwise read, deserialised, serialised and written on every
 * event of its key; with the cache, once per checkpoint interval. A map state's entries of a key
 * are read at the key's first access and then kept as a map, its changes written back entry by
 * entry.
 *
 * <p>What the function sees is what it sees on the heap backend: {@code value()} returns the same
 * object until it is replaced, so a change made to it is kept (every detector is written and tested
 * against that). States with a time-to-live are not cached: their expiry is the backend's.
 *
 * <p>The function gets the cache through its runtime context ({@link #wrap}): {@code
 * getState(ValueStateDescriptor)} returns the cached state, every other call goes to the operator's
 * own context. A state asked for again by name (a new detector version) is the same cached state.
 */
public final class StateCache {

    /** How many keys' values each state keeps on the heap by default, per subtask. */
    public static final int DEFAULT_KEYS = 20_000;

    /**
     * The job parameter ({@link ExecutionConfig#getGlobalJobParameters()}) that sets, for every
     * cached operator of the job (the built-in detectors, the correlation, the gate and the pattern
     * engine), how many keys each cached state keeps per subtask. The job's option of the same name
     * sets it; without it each operator keeps its own default.
     */
    public static final String KEYS_PARAMETER = "brushguard.state-cache.keys";

    /**
     * How many keys to cache: {@code explicit} when not null (set on the operator), else the job
     * parameter {@link #KEYS_PARAMETER}, else {@code fallback}.
     *
     * @throws IllegalArgumentException when the job parameter is not a whole number {@code >= 0}
     */
    public static int keys(Integer explicit, ExecutionConfig config, int fallback) {
        if (explicit != null) {
            return explicit;
        }
        String value = config.getGlobalJobParameters().toMap().get(KEYS_PARAMETER);
        if (value == null) {
            return fallback;
        }
        try {
            int keys = Integer.parseInt(value.trim());
            if (keys >= 0) {
                return keys;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                KEYS_PARAMETER + " must be a whole number >= 0, got '" + value + "'");
    }

    /**
     * The job parameter that sets, for the built-in detectors and the correlation, the interval of
     * the write-back of idle keys between checkpoints ({@link #writeBackIdle}), in milliseconds of
     * processing time; absent: {@link #DEFAULT_IDLE_WRITE_BACK_MS}; 0: off.
     */
    public static final String IDLE_WRITE_BACK_PARAMETER =
            "brushguard.state-cache.idle-write-back-ms";

    /**
     * The idle write-back's interval without {@link #IDLE_WRITE_BACK_PARAMETER}: long enough that a
     * key comes back to a busy key's cache entry before it is written (every 500 ms cost the
     * compressed replay's all-rules RocksDB row 17 to 40 %, every 2,000 ms a median 7 %, within the
     * runs' spread), and short enough that the checkpoint finds less to write and the latency tail
     * is shorter (benchmarks/HISTORY.md, "What changed since 356a7e2").
     */
    public static final long DEFAULT_IDLE_WRITE_BACK_MS = 2_000;

    /**
     * The interval of {@link #IDLE_WRITE_BACK_PARAMETER} in {@code config}, {@link
     * #DEFAULT_IDLE_WRITE_BACK_MS} when it is not set, 0 for off.
     *
     * @throws IllegalArgumentException when it is not a whole number {@code >= 0}
     */
    public static long idleWriteBackMs(ExecutionConfig config) {
        String value = config.getGlobalJobParameters().toMap().get(IDLE_WRITE_BACK_PARAMETER);
        return value == null
                ? DEFAULT_IDLE_WRITE_BACK_MS
                : idleWriteBackMs(value, IDLE_WRITE_BACK_PARAMETER);
    }

    /**
     * {@code value}, an idle write-back interval, as milliseconds.
     *
     * @param setting what set it, named in the error
     * @throws IllegalArgumentException when it is not a whole number {@code >= 0}
     */
    public static long idleWriteBackMs(String value, String setting) {
        try {
            long ms = Long.parseLong(value.trim());
            if (ms >= 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                setting + " must be a whole number >= 0, got '" + value + "'");
    }

    private final KeyContext keys;
    private final int capacity;
    private final Map<String, Slots<?>> byName = new HashMap<>();
    private final List<Slots<?>> states = new ArrayList<>();
    // Counts the idle write-backs (#writeBackIdle); a slot notes it at each access.
    private int tick;
    // Whether accessed slots are listed for the idle write-back (#listForIdleWriteBack): without
    // it (the default) nothing is kept per access, checkpoints or not.
    private boolean listing;

    /**
     * @param keys the operator, to switch keys when a value is written back
     * @param capacity keys kept per state (at least 1)
     */
    public StateCache(KeyContext keys, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be >= 1, got " + capacity);
        }
        this.keys = keys;
        this.capacity = capacity;
    }

    /** {@code context}, with its value and map states (but those with a time-to-live) cached. */
    public RuntimeContext wrap(RuntimeContext context) {
        return (RuntimeContext)
                Proxy.newProxyInstance(
                        RuntimeContext.class.getClassLoader(),
                        new Class<?>[] {RuntimeContext.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("getState")
                                    && args != null
                                    && args.length == 1
                                    && args[0] instanceof ValueStateDescriptor<?> d
                                    && !d.getTtlConfig().isEnabled()) {
                                return cached(context, d);
                            }
                            if (method.getName().equals("getMapState")
                                    && args != null
                                    && args.length == 1
                                    && args[0] instanceof MapStateDescriptor<?, ?> d
                                    && !d.getTtlConfig().isEnabled()) {
                                return cachedMap(context, d);
                            }
                            try {
                                return method.invoke(context, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
    }

    private <T> ValueState<T> cached(RuntimeContext context, ValueStateDescriptor<T> d) {
        return byName(d.getName(), () -> new CachedValue<>(context.getState(d)));
    }

    private <K, V> MapState<K, V> cachedMap(RuntimeContext context, MapStateDescriptor<K, V> d) {
        return byName(d.getName(), () -> new CachedMap<>(context.getMapState(d)));
    }

    /** The cached state of this name, made by {@code make} the first time. */
    @SuppressWarnings("unchecked")
    private <C extends Slots<?>> C byName(String name, java.util.function.Supplier<C> make) {
        Slots<?> c = byName.get(name);
        if (c == null) {
            c = make.get();
            byName.put(name, c);
            states.add(c);
        }
        return (C) c;
    }

    /** Writes every changed value to the backend; before the keyed backend's snapshot. */
    public void flush() throws Exception {
        Object current = keys.getCurrentKey();
        for (Slots<?> c : states) {
            c.flush();
        }
        if (current != null) {
            keys.setCurrentKey(current);
        }
    }

    /**
     * Writes back the changed values of the keys not accessed since the call before, between two
     * checkpoints, so that the checkpoint's {@link #flush}, which stops the task, finds fewer to
     * write: a key left alone for a while is likely to stay so until the checkpoint. The values
     * stay cached. The operator calls it every {@link #IDLE_WRITE_BACK_PARAMETER} milliseconds.
     */
    public void writeBackIdle() throws Exception {
        tick++;
        Object current = keys.getCurrentKey();
        boolean moved = false;
        for (Slots<?> c : states) {
            moved |= c.writeBackIdle(tick - 1);
        }
        if (moved && current != null) {
            keys.setCurrentKey(current);
        }
    }

    /**
     * From now on notes the keys accessed, for {@link #writeBackIdle}; the operator calls it when
     * it schedules the write-back, before any event.
     */
    public void listForIdleWriteBack() {
        listing = true;
    }

    /** How many keys' values are on the heap, over all states. */
    public long size() {
        long n = 0;
        for (Slots<?> c : states) {
            n += c.slots.size();
        }
        return n;
    }

    /**
     * One cached state: per key a slot {@code S} (most recently used last), loaded from the backend
     * at the key's first access, written back when dirty at {@link #flush}, on eviction and when
     * idle ({@link #writeBackIdle(int)}).
     */
    private abstract class Slots<S extends Touched> {
        final LinkedHashMap<Object, S> slots = new LinkedHashMap<>(1024, 0.75f, true);
        // The slot last looked up: a function reads and writes one key's state several times in
        // a row, and each lookup in a large map is a cache miss or two.
        private Object lastKey;
        private S lastSlot;
        // The slots accessed since an idle write-back last looked at them (Touched.listed), with
        // their keys: what the next one looks at, rather than every cached key.
        private final ArrayList<Object> accessedKeys = new ArrayList<>();
        private final ArrayList<S> accessed = new ArrayList<>();

        /** The current key's slot, read from the backend. */
        abstract S load() throws IOException;

        abstract boolean dirty(S slot);

        /** Writes the slot's changes for the current key and marks it clean. */
        abstract void write(S slot) throws IOException;

        /** Whether a clean slot holds anything worth keeping after a flush. */
        abstract boolean holdsData(S slot);

        final S slot() throws IOException {
            Object key = keys.getCurrentKey();
            if (key == lastKey) {
                lastSlot.touched = tick;
                return lastSlot;
            }
            S s = slots.get(key);
            if (s == null) {
                s = load();
                slots.put(key, s);
                if (slots.size() > capacity) {
                    evictEldest(key);
                }
            }
            s.touched = tick;
            if (listing && !s.listed) {
                s.listed = true;
                accessedKeys.add(key);
                accessed.add(s);
            }
            lastKey = key;
            lastSlot = s;
            return s;
        }

        /** {@link #slot} for callers that cannot throw (a state's {@code clear()}). */
        final S slotUnchecked() {
            try {
                return slot();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read a cached state", e);
            }
        }

        private void evictEldest(Object current) throws IOException {
            Iterator<Map.Entry<Object, S>> it = slots.entrySet().iterator();
            while (slots.size() > capacity && it.hasNext()) {
                Map.Entry<Object, S> eldest = it.next();
                if (eldest.getKey().equals(current)) {
                    continue;
                }
                it.remove();
                if (eldest.getValue() == lastSlot) {
                    lastKey = null;
                    lastSlot = null;
                }
                if (dirty(eldest.getValue())) {
                    keys.setCurrentKey(eldest.getKey());
                    write(eldest.getValue());
                    keys.setCurrentKey(current);
                }
            }
        }

        /**
         * Writes back the dirty slots accessed since the call before but not after {@code recent},
         * and forgets them until they are accessed again; the slots accessed since {@code recent}
         * wait for the next call. Returns whether the current key was changed.
         */
        final boolean writeBackIdle(int recent) throws IOException {
            // The next access of any key goes through the map, and lists its slot again.
            lastKey = null;
            lastSlot = null;
            boolean moved = false;
            int kept = 0;
            for (int i = 0; i < accessed.size(); i++) {
                S s = accessed.get(i);
                Object key = accessedKeys.get(i);
                if (s.touched >= recent) {
                    accessed.set(kept, s);
                    accessedKeys.set(kept, key);
                    kept++;
                    continue;
                }
                s.listed = false;
                // An evicted slot was written when it left, and is clean.
                if (dirty(s)) {
                    keys.setCurrentKey(key);
                    moved = true;
                    write(s);
                }
                if (!holdsData(s)) {
                    // Unless the key left and came back as another slot; no access reordering.
                    slots.remove(key, s);
                }
            }
            accessed.subList(kept, accessed.size()).clear();
            accessedKeys.subList(kept, accessedKeys.size()).clear();
            return moved;
        }

        final void flush() throws IOException {
            lastKey = null;
            lastSlot = null;
            for (S s : accessed) {
                s.listed = false;
            }
            accessed.clear();
            accessedKeys.clear();
            Iterator<Map.Entry<Object, S>> it = slots.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Object, S> e = it.next();
                S s = e.getValue();
                if (dirty(s)) {
                    keys.setCurrentKey(e.getKey());
                    write(s);
                }
                if (!holdsData(s)) {
                    // Nothing to keep: the backend knows the key has none.
                    it.remove();
                }
            }
        }
    }

    /** What every slot notes: the tick ({@link StateCache#writeBackIdle}) of its last access. */
    private abstract static class Touched {
        int touched;
        // In its state's list of slots accessed since the last idle write-back.
        boolean listed;
    }

    /**
     * A key's value; {@code stored}: the backend holds one. A value that came and went in the cache
     * is not deleted in the backend (a delete on RocksDB is a write, then a tombstone to read
     * past).
     */
    private static final class Value<T> extends Touched {
        T value;
        boolean dirty;
        boolean stored;

        Value(T value) {
            this.value = value;
            this.stored = value != null;
        }
    }

    private final class CachedValue<T> extends Slots<Value<T>> implements ValueState<T> {
        private final ValueState<T> backend;

        CachedValue(ValueState<T> backend) {
            this.backend = backend;
        }

        @Override
        Value<T> load() throws IOException {
            return new Value<>(backend.value());
        }

        @Override
        boolean dirty(Value<T> slot) {
            return slot.dirty;
        }

        @Override
        void write(Value<T> s) throws IOException {
            if (s.value == null) {
                if (s.stored) {
                    backend.clear();
                }
                s.stored = false;
            } else {
                backend.update(s.value);
                s.stored = true;
            }
            s.dirty = false;
        }

        @Override
        boolean holdsData(Value<T> slot) {
            return slot.value != null;
        }

        @Override
        public T value() throws IOException {
            return slot().value;
        }

        @Override
        public void update(T value) throws IOException {
            Value<T> s = slot();
            s.value = value;
            s.dirty = true;
        }

        @Override
        public void clear() {
            Value<T> s = slotUnchecked();
            s.value = null;
            s.dirty = true;
        }
    }

    /**
     * A key's entries of a map state as far as they were read, and what changed since they were
     * last written. Until {@code complete}, {@code map} holds only the entries read one by one (and
     * {@code absent} the keys found missing): a point lookup is a RocksDB get, which bloom filters
     * answer cheaply for a key never written, while reading the whole map is an iterator seek. The
     * whole map is read only when asked for (iteration, emptiness); a clear needs no read at all.
     */
    private static final class Entries<K, V> extends Touched {
        final HashMap<K, V> map = new HashMap<>();
        final HashSet<K> written = new HashSet<>();
        final HashSet<K> removed = new HashSet<>();
        final HashSet<K> absent = new HashSet<>();
        boolean cleared;
        boolean complete;

        /** Whether {@code map.get(k)} is what the backend, with the changes made here, holds. */
        boolean known(K k) {
            return complete || map.containsKey(k) || removed.contains(k) || absent.contains(k);
        }

        void put(K k, V v) {
            map.put(k, v);
            written.add(k);
            removed.remove(k);
            absent.remove(k);
        }

        void remove(K k) {
            map.remove(k);
            written.remove(k);
            removed.add(k);
        }
    }

    private final class CachedMap<K, V> extends Slots<Entries<K, V>> implements MapState<K, V> {
        private final MapState<K, V> backend;

        CachedMap(MapState<K, V> backend) {
            this.backend = backend;
        }

        @Override
        Entries<K, V> load() {
            // Nothing read yet: entries are read when asked for (see Entries).
            return new Entries<>();
        }

        /** The current key's slot with every stored entry read (changes made here win). */
        private Entries<K, V> complete() throws Exception {
            Entries<K, V> s = slot();
            if (!s.complete) {
                if (!s.cleared) {
                    Iterable<Map.Entry<K, V>> stored = backend.entries();
                    if (stored != null) {
                        for (Map.Entry<K, V> e : stored) {
                            if (!s.map.containsKey(e.getKey()) && !s.removed.contains(e.getKey())) {
                                s.map.put(e.getKey(), e.getValue());
                            }
                        }
                    }
                }
                s.complete = true;
                s.absent.clear();
            }
            return s;
        }

        @Override
        boolean dirty(Entries<K, V> s) {
            return s.cleared || !s.written.isEmpty() || !s.removed.isEmpty();
        }

        @Override
        void write(Entries<K, V> s) throws IOException {
            try {
                if (s.cleared) {
                    backend.clear();
                    for (Map.Entry<K, V> e : s.map.entrySet()) {
                        backend.put(e.getKey(), e.getValue());
                    }
                } else {
                    for (K k : s.removed) {
                        backend.remove(k);
                    }
                    for (K k : s.written) {
                        backend.put(k, s.map.get(k));
                    }
                }
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("cannot write a map state", e);
            }
            s.cleared = false;
            s.written.clear();
            s.removed.clear();
        }

        @Override
        boolean holdsData(Entries<K, V> s) {
            return !s.map.isEmpty();
        }

        @Override
        public V get(K key) throws Exception {
            Entries<K, V> s = slot();
            if (s.known(key)) {
                return s.map.get(key);
            }
            V v = backend.get(key);
            if (v == null) {
                // No entry, or one whose value is null: either way get answers null.
                s.absent.add(key);
            } else {
                s.map.put(key, v);
            }
            return v;
        }

        @Override
        public void put(K key, V value) throws Exception {
            slot().put(key, value);
        }

        @Override
        public void putAll(Map<K, V> map) throws Exception {
            Entries<K, V> s = slot();
            for (Map.Entry<K, V> e : map.entrySet()) {
                s.put(e.getKey(), e.getValue());
            }
        }

        @Override
        public void remove(K key) throws Exception {
            slot().remove(key);
        }

        @Override
        public boolean contains(K key) throws Exception {
            Entries<K, V> s = slot();
            if (s.complete || s.map.containsKey(key) || s.removed.contains(key)) {
                return s.map.containsKey(key);
            }
            return backend.contains(key);
        }

        @Override
        public Iterable<Map.Entry<K, V>> entries() throws Exception {
            Entries<K, V> s = complete();
            return () -> tracked(s);
        }

        @Override
        public Iterable<K> keys() throws Exception {
            Entries<K, V> s = complete();
            return () -> mapped(tracked(s), Map.Entry::getKey);
        }

        @Override
        public Iterable<V> values() throws Exception {
            Entries<K, V> s = complete();
            return () -> mapped(tracked(s), Map.Entry::getValue);
        }

        @Override
        public Iterator<Map.Entry<K, V>> iterator() throws Exception {
            return tracked(complete());
        }

        /** The slot's entries; a removal or a new value through them is a change to write. */
        private Iterator<Map.Entry<K, V>> tracked(Entries<K, V> s) {
            Iterator<Map.Entry<K, V>> it = s.map.entrySet().iterator();
            return new Iterator<>() {
                private Map.Entry<K, V> current;

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Map.Entry<K, V> next() {
                    Map.Entry<K, V> e = it.next();
                    current = e;
                    return new Map.Entry<>() {
                        @Override
                        public K getKey() {
                            return e.getKey();
                        }

                        @Override
                        public V getValue() {
                            return e.getValue();
                        }

                        @Override
                        public V setValue(V value) {
                            V old = e.setValue(value);
                            s.written.add(e.getKey());
                            s.removed.remove(e.getKey());
                            return old;
                        }
                    };
                }

                @Override
                public void remove() {
                    it.remove();
                    s.written.remove(current.getKey());
                    s.removed.add(current.getKey());
                }
            };
        }

        @Override
        public boolean isEmpty() throws Exception {
            return complete().map.isEmpty();
        }

        @Override
        public void clear() {
            Entries<K, V> s = slotUnchecked();
            s.map.clear();
            s.written.clear();
            s.removed.clear();
            s.absent.clear();
            s.cleared = true;
            s.complete = true;
        }
    }

    /** {@code it}'s elements through {@code f}, removals passed on. */
    private static <A, B> Iterator<B> mapped(Iterator<A> it, java.util.function.Function<A, B> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public B next() {
                return f.apply(it.next());
            }

            @Override
            public void remove() {
                it.remove();
            }
        };
    }
}
