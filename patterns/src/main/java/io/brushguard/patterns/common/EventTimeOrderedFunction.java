package io.brushguard.patterns.common;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A keyed function that hands its subclass the events of each key in event-time order, all events
 * of one timestamp at once, as the watermark passes them.
 *
 * <p>Why: detectors reason about sequences ("signed before any transit scan", "the third order
 * within an hour"), and the input is only ordered up to the bounded out-of-orderness. Buffering
 * until the watermark makes every decision depend on the events alone, never on arrival order, so a
 * replay, a restart or a batch backtest makes the same decisions and the same deterministic alert
 * ids. Events of one timestamp are delivered together so that ties cannot split a decision either.
 *
 * <p>In batch execution Flink sorts a keyed input by key and timestamp and fires event-time timers
 * at the end of each key, in timestamp order, so the same code gives the same result there.
 *
 * <p>Subclasses may register their own event-time timers (for absence or clean-up); {@link
 * #onTimerAfterEvents} is called for every timer after the events of that timestamp were handled.
 */
public abstract class EventTimeOrderedFunction<K, IN, OUT>
        extends KeyedProcessFunction<K, IN, OUT> {

    private final TypeInformation<IN> inputType;
    private transient MapState<Long, List<IN>> pending;
    private transient boolean orderedByHost;

    protected EventTimeOrderedFunction(TypeInformation<IN> inputType) {
        this.inputType = inputType;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext)
            throws Exception {
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        PENDING_STATE, Types.LONG, new ListTypeInfo<>(inputType)));
        openState();
    }

    /** Create the subclass's state handles; called from {@link #open}. */
    protected abstract void openState() throws Exception;

    /** The event time of an input element, epoch ms. */
    protected abstract long eventTime(IN value);

    /** Handle all events of this key with this exact timestamp, in arrival order. */
    protected abstract void onEvents(
            long timestamp, List<IN> events, Context ctx, Collector<OUT> out) throws Exception;

    /** Called for every event-time timer of this key, after pending events at it were handled. */
    protected void onTimerAfterEvents(long timestamp, OnTimerContext ctx, Collector<OUT> out)
            throws Exception {}

    @Override
    public final void processElement(IN value, Context ctx, Collector<OUT> out) throws Exception {
        long ts = eventTime(value);
        if (ts <= ctx.timerService().currentWatermark()) {
            // Upstream routing sends late events to a side output, so this is only reached when
            // this operator is driven directly (tests); handle it rather than lose it.
            onEvents(ts, List.of(value), ctx, out);
            return;
        }
        List<IN> atTs = pending.get(ts);
        if (atTs == null) {
            atTs = new ArrayList<>(1);
            ctx.timerService().registerEventTimeTimer(ts);
        }
        atTs.add(value);
        pending.put(ts, atTs);
    }

    @Override
    public final void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out)
            throws Exception {
        if (!orderedByHost) {
            List<IN> atTs = pending.get(timestamp);
            if (atTs != null) {
                pending.remove(timestamp);
                onEvents(timestamp, atTs, ctx, out);
            }
        }
        onTimerAfterEvents(timestamp, ctx, out);
    }

    /**
     * From now on a {@link FunctionHost} orders the input: this function's own buffer stays empty
     * and is not read on timers.
     */
    void orderedByHost() {
        orderedByHost = true;
    }

    /** The name of the keyed state this function buffers its input in (without a host). */
    static final String PENDING_STATE = "pending-by-time";

    /**
     * The current key's events this function buffered itself (state of a job that ran without a
     * host, from a savepoint), removed from its state: the host takes them over.
     */
    List<Map.Entry<Long, List<IN>>> takePending() throws Exception {
        List<Map.Entry<Long, List<IN>>> held = new ArrayList<>();
        for (Map.Entry<Long, List<IN>> e : pending.entries()) {
            held.add(Map.entry(e.getKey(), e.getValue()));
        }
        pending.clear();
        return held;
    }
}
