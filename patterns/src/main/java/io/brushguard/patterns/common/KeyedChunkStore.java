package io.brushguard.patterns.common;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;

import java.util.HashMap;
import java.util.Map;

/**
 * A {@link SavedBuffer}'s chunks in the operator's keyed state, so that they rescale by key group
 * with the rest of it and, on RocksDB, an incremental checkpoint carries each chunk once: a map
 * state {@code name} (chunk number → chunk) and a value state {@code name-mark}, each key group's
 * under one key of that group that this store finds for it (a key of its own: no function's state
 * shares the names). Leaves the backend on whatever key it last used.
 */
public final class KeyedChunkStore<T> implements SavedBuffer.ChunkStore<T> {

    private final KeyedStateBackend<Object> backend;
    private final MapState<Long, SavedBuffer.Chunk<T>> chunks;
    private final ValueState<Long> marks;
    private final String name;
    private final int maxParallelism;
    private final Map<Integer, String> keys = new HashMap<>();
    private long tried;

    /**
     * @param backend the operator's keyed backend (its keys are strings)
     * @param name the map state's name; part of the savepoint format
     * @param serializer the buffer's chunk serializer
     * @param maxParallelism the job's number of key groups
     */
    @SuppressWarnings("unchecked")
    public KeyedChunkStore(
            KeyedStateBackend<?> backend,
            String name,
            SavedBuffer.ChunkSerializer<T> serializer,
            int maxParallelism)
            throws Exception {
        this.backend = (KeyedStateBackend<Object>) backend;
        this.name = name;
        this.maxParallelism = maxParallelism;
        this.chunks =
                backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new MapStateDescriptor<>(name, LongSerializer.INSTANCE, serializer));
        this.marks =
                backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new ValueStateDescriptor<>(name + "-mark", LongSerializer.INSTANCE));
    }

    /** The key this store keeps key group {@code group}'s chunks under. */
    String keyOf(int group) {
        String key = keys.get(group);
        while (key == null) {
            String candidate = "\u0000" + name + "#" + tried++;
            int g = KeyGroupRangeAssignment.assignToKeyGroup(candidate, maxParallelism);
            keys.putIfAbsent(g, candidate);
            key = keys.get(group);
        }
        return key;
    }

    private void at(int group) {
        backend.setCurrentKey(keyOf(group));
    }

    @Override
    public Map<Long, SavedBuffer.Chunk<T>> chunks(int group) throws Exception {
        at(group);
        Map<Long, SavedBuffer.Chunk<T>> all = new HashMap<>();
        for (Map.Entry<Long, SavedBuffer.Chunk<T>> e : chunks.entries()) {
            all.put(e.getKey(), e.getValue());
        }
        return all;
    }

    @Override
    public long mark(int group) throws Exception {
        at(group);
        Long mark = marks.value();
        return mark == null ? Long.MIN_VALUE : mark;
    }

    @Override
    public void put(int group, long number, SavedBuffer.Chunk<T> chunk) throws Exception {
        at(group);
        chunks.put(number, chunk);
    }

    @Override
    public void remove(int group, long number) throws Exception {
        at(group);
        chunks.remove(number);
    }

    @Override
    public void setMark(int group, long mark) throws Exception {
        at(group);
        marks.update(mark);
    }

    @Override
    public void clearMark(int group) throws Exception {
        at(group);
        marks.clear();
    }
}
