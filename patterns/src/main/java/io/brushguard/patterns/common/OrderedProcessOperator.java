package io.brushguard.patterns.common;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Flink's keyed process operator for a keyed function, with the input of an {@link
 * EventTimeOrderedFunction} kept in the operator's buffer until the watermark instead of in keyed
 * state ({@link FunctionHost}). Its timers have the name Flink's operator gives them, so a
 * savepoint taken with either runs on the other.
 */
public class OrderedProcessOperator<IN, OUT> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<IN, OUT> {

    private static final long serialVersionUID = 1L;

    /**
     * The name of the buffer's state (its chunks in keyed state under this name and {@link
     * FunctionHost#CHUNKS_SUFFIX}; the whole buffer in operator state under this name in savepoints
     * before them); part of the savepoint format.
     */
    public static final String BUFFER_STATE = "ordered-input";

    private final KeyedProcessFunction<String, IN, OUT> function;
    private final TypeInformation<IN> inputType;
    private Integer cachedKeys;
    private transient FunctionHost<IN, OUT> host;

    public OrderedProcessOperator(
            KeyedProcessFunction<String, IN, OUT> function, TypeInformation<IN> inputType) {
        this.function = function;
        this.inputType = inputType;
    }

    /**
     * Keeps at most {@code keys} keys' values per value state on the heap between checkpoints on
     * RocksDB (default: the job parameter {@link StateCache#KEYS_PARAMETER}, else {@link
     * StateCache#DEFAULT_KEYS}); 0 reads and writes RocksDB on every access.
     */
    public OrderedProcessOperator<IN, OUT> withCachedKeys(int keys) {
        if (keys < 0) {
            throw new IllegalArgumentException("cached keys must be >= 0, got " + keys);
        }
        this.cachedKeys = keys;
        return this;
    }

    /**
     * {@code keyed.process(function).name(name)}, on this operator: the way the job runs every
     * keyed function.
     */
    public static <IN, OUT> SingleOutputStreamOperator<OUT> process(
            KeyedStream<IN, String> keyed,
            KeyedProcessFunction<String, IN, OUT> function,
            TypeInformation<OUT> outputType,
            String name) {
        return keyed.transform(
                name, outputType, new OrderedProcessOperator<>(function, keyed.getType()));
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        host = new FunctionHost<>(inputType, BUFFER_STATE);
        host.initializeState(
                context,
                getRuntimeContext().getTaskInfo(),
                getExecutionConfig().getSerializerConfig());
    }

    @Override
    public void open() throws Exception {
        super.open();
        host.open(
                this,
                getKeyedStateBackend(),
                StateCache.keys(cachedKeys, getExecutionConfig(), StateCache.DEFAULT_KEYS),
                getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, host),
                output,
                time -> timeServiceManager.advanceWatermark(new Watermark(time)));
        host.install(function, getRuntimeContext());
        host.scheduleIdleWriteBack(getProcessingTimeService(), getExecutionConfig());
        host.registerMetrics(getMetricGroup());
    }

    /** Values the state cache holds now, over all states (0 without a cache). */
    public long cachedStateValues() {
        return host.cachedValues();
    }

    /**
     * The key is set here only if the host needs it on arrival ({@link FunctionHost#keyOnArrival}).
     */
    @Override
    @SuppressWarnings("rawtypes")
    public void setKeyContextElement1(StreamRecord record) throws Exception {
        if (host.keyOnArrival()) {
            super.setKeyContextElement1(record);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void processElement(StreamRecord<IN> element) throws Exception {
        String key =
                host.keyOnArrival()
                        ? (String) getCurrentKey()
                        : ((KeySelector<IN, String>) getStateKeySelector1())
                                .getKey(element.getValue());
        host.processElement(element, key);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        host.beforeWatermark(mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        host.snapshotState();
    }

    @Override
    public void close() throws Exception {
        if (host != null) {
            host.close();
        }
        super.close();
    }
}
