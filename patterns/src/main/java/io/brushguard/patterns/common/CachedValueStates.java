package io.brushguard.patterns.common;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.operators.KeyContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A write-back cache in front of a keyed function's value states on RocksDB: the values of the most
 * recently used keys stay on the heap as objects between checkpoints, written to the backend at
 * each checkpoint ({@link #flush}) and when a key leaves the cache. On RocksDB a detector's window
 * (a list of references) is otherwise read, deserialised, serialised and written on every event of
 * its key; with the cache, once per checkpoint interval.
 *
 * <p>What the function sees is what it sees on the heap backend: {@code value()} returns the same
 * object until it is replaced, so a change made to it is kept (every detector is written and tested
 * against that). States with a time-to-live are not cached: their expiry is the backend's.
 *
 * <p>The function gets the cache through its runtime context ({@link #wrap}): {@code
 * getState(ValueStateDescriptor)} returns the cached state, every other call goes to the operator's
 * own context. A state asked for again by name (a new detector version) is the same cached state.
 */
public final class CachedValueStates {

    /** How many keys' values each state keeps on the heap by default, per subtask. */
    public static final int DEFAULT_KEYS = 20_000;

    private final KeyContext keys;
    private final int capacity;
    private final Map<String, Cached<?>> byName = new HashMap<>();
    private final List<Cached<?>> states = new ArrayList<>();

    /**
     * @param keys the operator, to switch keys when a value is written back
     * @param capacity keys kept per state (at least 1)
     */
    public CachedValueStates(KeyContext keys, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be >= 1, got " + capacity);
        }
        this.keys = keys;
        this.capacity = capacity;
    }

    /** {@code context}, with its value states (but those with a time-to-live) cached. */
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
                            try {
                                return method.invoke(context, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
    }

    private <T> ValueState<T> cached(RuntimeContext context, ValueStateDescriptor<T> d) {
        @SuppressWarnings("unchecked")
        Cached<T> c = (Cached<T>) byName.get(d.getName());
        if (c == null) {
            c = new Cached<>(context.getState(d));
            byName.put(d.getName(), c);
            states.add(c);
        }
        return c;
    }

    /** Writes every changed value to the backend; before the keyed backend's snapshot. */
    public void flush() throws Exception {
        Object current = keys.getCurrentKey();
        for (Cached<?> c : states) {
            c.flush();
        }
        if (current != null) {
            keys.setCurrentKey(current);
        }
    }

    /** How many keys' values are on the heap, over all states. */
    public long size() {
        long n = 0;
        for (Cached<?> c : states) {
            n += c.slots.size();
        }
        return n;
    }

    private static final class Slot<T> {
        T value;
        boolean dirty;

        Slot(T value) {
            this.value = value;
        }
    }

    private final class Cached<T> implements ValueState<T> {
        private final ValueState<T> backend;
        private final LinkedHashMap<Object, Slot<T>> slots = new LinkedHashMap<>(1024, 0.75f, true);
        // The slot last looked up: a function reads and writes one key's state several times in
        // a row, and each lookup in a large map is a cache miss or two.
        private Object lastKey;
        private Slot<T> lastSlot;

        Cached(ValueState<T> backend) {
            this.backend = backend;
        }

        private Slot<T> slot() throws IOException {
            Object key = keys.getCurrentKey();
            if (key == lastKey) {
                return lastSlot;
            }
            Slot<T> s = slots.get(key);
            if (s == null) {
                s = new Slot<>(backend.value());
                slots.put(key, s);
                if (slots.size() > capacity) {
                    evictEldest(key);
                }
            }
            lastKey = key;
            lastSlot = s;
            return s;
        }

        @Override
        public T value() throws IOException {
            return slot().value;
        }

        @Override
        public void update(T value) throws IOException {
            if (value == null) {
                clear();
                return;
            }
            Slot<T> s = slot();
            s.value = value;
            s.dirty = true;
        }

        @Override
        public void clear() {
            try {
                Slot<T> s = slot();
                s.value = null;
                s.dirty = true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read a cached state's value", e);
            }
        }

        private void evictEldest(Object current) throws IOException {
            Iterator<Map.Entry<Object, Slot<T>>> it = slots.entrySet().iterator();
            while (slots.size() > capacity && it.hasNext()) {
                Map.Entry<Object, Slot<T>> eldest = it.next();
                if (eldest.getKey().equals(current)) {
                    continue;
                }
                it.remove();
                if (eldest.getValue() == lastSlot) {
                    lastKey = null;
                    lastSlot = null;
                }
                if (eldest.getValue().dirty) {
                    keys.setCurrentKey(eldest.getKey());
                    write(eldest.getValue());
                    keys.setCurrentKey(current);
                }
            }
        }

        private void write(Slot<T> s) throws IOException {
            if (s.value == null) {
                backend.clear();
            } else {
                backend.update(s.value);
            }
            s.dirty = false;
        }

        void flush() throws Exception {
            lastKey = null;
            lastSlot = null;
            Iterator<Map.Entry<Object, Slot<T>>> it = slots.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Object, Slot<T>> e = it.next();
                Slot<T> s = e.getValue();
                if (s.dirty) {
                    keys.setCurrentKey(e.getKey());
                    write(s);
                }
                if (s.value == null) {
                    // Nothing to keep: the backend knows the key has none.
                    it.remove();
                }
            }
        }
    }
}
