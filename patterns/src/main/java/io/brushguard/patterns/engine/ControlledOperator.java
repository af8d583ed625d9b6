package io.brushguard.patterns.engine;

import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * A stateless operator on the events (first input) whose behaviour follows the definitions deployed
 * to the running job (second input, {@link CatalogUpdate}s broadcast to every subtask). The latest
 * update is kept in operator state, so a restart behaves as before it. Event time is the first
 * input's: the second input's watermarks and idleness are ignored, so a quiet control topic never
 * holds event time back.
 */
public abstract class ControlledOperator<IN, OUT> extends AbstractStreamOperator<OUT>
        implements TwoInputStreamOperator<IN, CatalogUpdate, OUT> {

    private static final long serialVersionUID = 1L;

    private transient CatalogState catalog;

    /**
     * The catalog changed (also at start, with the restored one or {@link CatalogUpdate#EMPTY}).
     */
    protected abstract void onCatalog(CatalogUpdate update);

    /** An event. */
    protected abstract void onElement(StreamRecord<IN> element) throws Exception;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        catalog = CatalogState.restore(context.getOperatorStateStore(), "control-catalog");
        onCatalog(catalog.current());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        catalog.snapshot();
    }

    @Override
    public final void processElement1(StreamRecord<IN> element) throws Exception {
        onElement(element);
    }

    @Override
    public final void processElement2(StreamRecord<CatalogUpdate> element) {
        if (catalog.offer(element.getValue())) {
            onCatalog(catalog.current());
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
            output.emitWatermarkStatus(status);
        }
    }
}
