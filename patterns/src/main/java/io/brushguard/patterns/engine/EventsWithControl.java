package io.brushguard.patterns.engine;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * An operator on the events (first input) and the definitions deployed to the running job (second
 * input, {@link CatalogUpdate}s broadcast to every subtask). Event time is the first input's: the
 * second input's watermarks and idleness are ignored, so a quiet control topic never holds event
 * time back.
 */
public abstract class EventsWithControl<IN, OUT> extends AbstractStreamOperator<OUT>
        implements TwoInputStreamOperator<IN, CatalogUpdate, OUT> {

    private static final long serialVersionUID = 1L;

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
