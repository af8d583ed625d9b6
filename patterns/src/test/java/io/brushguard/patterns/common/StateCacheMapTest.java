package io.brushguard.patterns.common;

import io.brushguard.patterns.Fixtures;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A map state behind the state cache on RocksDB answers as a map state on the heap does, whatever
 * mix of point reads, writes, removals, clears and iterations, across write-backs (checkpoints and
 * the idle keys' between them) and evictions: the cache reads entries one by one until the whole
 * map is asked for.
 */
class StateCacheMapTest {

    /** Applies "key#op#mapKey#value" to the key's map and says what it read. */
    static final class MapUser extends KeyedProcessFunction<String, String, String> {
        private transient MapState<String, Integer> map;

        @Override
        public void open(OpenContext ctx) {
            map =
                    getRuntimeContext()
                            .getMapState(new MapStateDescriptor<>("m", Types.STRING, Types.INT));
        }

        @Override
        public void processElement(String in, Context ctx, Collector<String> out) throws Exception {
            String[] p = in.split("#");
            String op = p[1];
            String k = p[2];
            String said =
                    switch (op) {
                        case "put" -> {
                            map.put(k, Integer.parseInt(p[3]));
                            yield "";
                        }
                        case "get" -> String.valueOf(map.get(k));
                        case "contains" -> String.valueOf(map.contains(k));
                        case "remove" -> {
                            map.remove(k);
                            yield "";
                        }
                        case "clear" -> {
                            map.clear();
                            yield "";
                        }
                        case "empty" -> String.valueOf(map.isEmpty());
                        case "removeOdd" -> {
                            var it = map.iterator();
                            while (it.hasNext()) {
                                if (it.next().getValue() % 2 == 1) {
                                    it.remove();
                                }
                            }
                            yield "";
                        }
                        default -> {
                            Map<String, Integer> all = new TreeMap<>();
                            for (Map.Entry<String, Integer> e : map.entries()) {
                                all.put(e.getKey(), e.getValue());
                            }
                            yield all.toString();
                        }
                    };
            out.collect(in + " -> " + said);
        }
    }

    private static List<String> run(boolean rocksDb, String cachedKeys, List<String> ops)
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new OrderedProcessOperator<>(new MapUser(), Types.STRING),
                        (String v) -> v.substring(0, v.indexOf('#')),
                        Types.STRING);
        if (rocksDb) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        Fixtures.stateCacheKeys(h.getExecutionConfig(), cachedKeys);
        Map<String, String> parameters =
                new java.util.HashMap<>(h.getExecutionConfig().getGlobalJobParameters().toMap());
        parameters.put(StateCache.IDLE_WRITE_BACK_PARAMETER, "500");
        h.getExecutionConfig()
                .setGlobalJobParameters(
                        org.apache.flink.configuration.Configuration.fromMap(parameters));
        try {
            h.open();
            long checkpoint = 0;
            for (int i = 0; i < ops.size(); i++) {
                h.processElement(new StreamRecord<>(ops.get(i), i));
                // Idle keys' changes are written back between checkpoints too (an interval every
                // 7 events): keys come back to maps written back behind them.
                h.setProcessingTime((i + 1) * 500 / 7);
                if (i % 37 == 36) {
                    // Writes the cache back, as a checkpoint does.
                    h.snapshot(++checkpoint, i);
                }
            }
            return h.extractOutputValues();
        } finally {
            h.close();
        }
    }

    private static List<String> randomOps(long seed, int n) {
        Random r = new Random(seed);
        String[] kinds = {
            "put",
            "put",
            "put",
            "get",
            "get",
            "get",
            "contains",
            "remove",
            "clear",
            "empty",
            "all",
            "removeOdd"
        };
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ops.add(
                    "user"
                            + r.nextInt(5)
                            + "#"
                            + kinds[r.nextInt(kinds.length)]
                            + "#k"
                            + r.nextInt(4)
                            + "#"
                            + r.nextInt(10));
        }
        return ops;
    }

    @Test
    void answersAsTheHeapDoesThroughWriteBacksAndEvictions() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            List<String> ops = randomOps(seed, 1_500);
            List<String> heap = run(false, null, ops);
            // 2 cached keys of 5: most accesses evict another key's map.
            assertThat(run(true, "2", ops)).isEqualTo(heap);
            assertThat(run(true, null, ops)).isEqualTo(heap);
        }
    }

    @Test
    void aPointReadAfterAWriteBackAndAnEvictionSeesTheStoredEntry() throws Exception {
        List<String> ops =
                List.of(
                        "a#put#k1#1",
                        "a#put#k2#2",
                        "b#put#k1#3",
                        "c#put#k1#4",
                        "a#get#k2#0",
                        "a#contains#k1#0",
                        "a#get#k3#0",
                        "a#put#k3#5",
                        "a#all#k0#0",
                        "a#clear#k0#0",
                        "a#get#k1#0",
                        "a#empty#k0#0");
        assertThat(run(true, "1", ops))
                .isEqualTo(run(false, null, ops))
                .contains(
                        "a#get#k2#0 -> 2",
                        "a#contains#k1#0 -> true",
                        "a#get#k3#0 -> null",
                        "a#all#k0#0 -> {k1=1, k2=2, k3=5}",
                        "a#get#k1#0 -> null",
                        "a#empty#k0#0 -> true");
    }
}
