package io.brushguard.patterns.common;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With the job parameter {@link StateCache#IDLE_WRITE_BACK_PARAMETER}, between checkpoints, at that
 * interval of processing time, the state cache writes back the changes of the keys nobody touched
 * since the time before, so that the checkpoint, which stops the task while it writes, finds fewer:
 * what RocksDB holds is read here past the cache, straight from the keyed backend.
 */
class StateCacheIdleWriteBackTest {

    private static final long TICK = 500;
    private static final ValueStateDescriptor<String> V =
            new ValueStateDescriptor<>("v", Types.STRING);

    /** "key=value" sets the key's value ("key=" clears it); says the value it found. */
    static final class Setter extends KeyedProcessFunction<String, String, String> {
        private transient ValueState<String> v;

        @Override
        public void open(OpenContext ctx) {
            v = getRuntimeContext().getState(V);
        }

        @Override
        public void processElement(String in, Context ctx, Collector<String> out) throws Exception {
            String value = in.substring(in.indexOf('=') + 1);
            out.collect(in + " found " + v.value());
            if (value.isEmpty()) {
                v.clear();
            } else {
                v.update(value);
            }
        }
    }

    private KeyedOneInputStreamOperatorTestHarness<String, String, String> h;
    private long ts;

    @BeforeEach
    void open() throws Exception {
        open(Long.toString(TICK));
    }

    private void open(String idleWriteBackMs) throws Exception {
        h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new OrderedProcessOperator<>(new Setter(), Types.STRING),
                        (String in) -> in.substring(0, in.indexOf('=')),
                        Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        if (idleWriteBackMs != null) {
            h.getExecutionConfig()
                    .setGlobalJobParameters(
                            Configuration.fromMap(
                                    Map.of(StateCache.IDLE_WRITE_BACK_PARAMETER, idleWriteBackMs)));
        }
        h.setProcessingTime(0);
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private void send(String in) throws Exception {
        h.processElement(new StreamRecord<>(in, ++ts));
    }

    /** The key's value in RocksDB, not through the cache; the current key is left as it was. */
    private String stored(String key) throws Exception {
        KeyedStateBackend<Object> backend = h.getOperator().getKeyedStateBackend();
        Object current = backend.getCurrentKey();
        backend.setCurrentKey(key);
        try {
            return backend.getPartitionedState(
                            VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, V)
                    .value();
        } finally {
            if (current != null) {
                backend.setCurrentKey(current);
            }
        }
    }

    @Test
    void aKeyLeftAloneForAWholeIntervalIsWrittenBackAndStaysCached() throws Exception {
        send("a=1");
        h.setProcessingTime(TICK);
        // Touched in the interval that just ended: it may change again.
        assertThat(stored("a")).isNull();
        h.setProcessingTime(2 * TICK);
        assertThat(stored("a")).isEqualTo("1");
        send("a=2");
        assertThat(h.extractOutputValues()).containsExactly("a=1 found null", "a=2 found 1");
        assertThat(((OrderedProcessOperator<?, ?>) h.getOperator()).cachedStateValues())
                .isEqualTo(1);
        // The change after the write-back is written at the checkpoint as before.
        h.snapshot(1, ts);
        assertThat(stored("a")).isEqualTo("2");
    }

    @Test
    void aKeyTouchedInEveryIntervalWaitsForTheCheckpoint() throws Exception {
        for (int i = 1; i <= 5; i++) {
            send("b=" + i);
            h.setProcessingTime(i * TICK);
            assertThat(stored("b")).isNull();
        }
        h.snapshot(1, ts);
        assertThat(stored("b")).isEqualTo("5");
    }

    @Test
    void aClearedKeyIsDeletedAndLeavesTheCache() throws Exception {
        send("c=1");
        h.snapshot(1, ts);
        assertThat(stored("c")).isEqualTo("1");
        send("c=");
        h.setProcessingTime(2 * TICK);
        assertThat(stored("c")).isNull();
        assertThat(((OrderedProcessOperator<?, ?>) h.getOperator()).cachedStateValues()).isZero();
        send("c=3");
        assertThat(h.extractOutputValues()).last().isEqualTo("c=3 found null");
    }

    @Test
    void offWithZero() throws Exception {
        h.close();
        open("0");
        send("d=1");
        h.setProcessingTime(10 * StateCache.DEFAULT_IDLE_WRITE_BACK_MS);
        assertThat(stored("d")).isNull();
        h.snapshot(1, ts);
        assertThat(stored("d")).isEqualTo("1");
    }

    @Test
    void withoutTheParameterEveryDefaultInterval() throws Exception {
        h.close();
        open(null);
        long every = StateCache.DEFAULT_IDLE_WRITE_BACK_MS;
        send("d=1");
        h.setProcessingTime(every);
        assertThat(stored("d")).isNull();
        h.setProcessingTime(2 * every - 1);
        assertThat(stored("d")).isNull();
        h.setProcessingTime(2 * every);
        assertThat(stored("d")).isEqualTo("1");
    }

    @Test
    void aBadIntervalIsRefusedWithTheParameter() throws Exception {
        h.close();
        assertThatThrownBy(() -> open("-1"))
                .hasMessageContaining(StateCache.IDLE_WRITE_BACK_PARAMETER)
                .hasMessageContaining("'-1'");
        open(null);
    }

    @Test
    void theKeyBeingProcessedStaysCurrent() throws Exception {
        send("x=1");
        send("y=1");
        h.setProcessingTime(TICK);
        send("y=2");
        h.getOperator().setCurrentKey("y");
        // x is written back now (y was touched since the last tick): the key is switched to x
        // for the write and back to y.
        h.setProcessingTime(2 * TICK);
        assertThat(stored("x")).isEqualTo("1");
        assertThat(stored("y")).isNull();
        assertThat(h.getOperator().getCurrentKey()).isEqualTo("y");
    }
}
