package io.brushguard.patterns.engine;

import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * A stateless operator on the events whose behaviour follows the definitions deployed to the
 * running job ({@link EventsWithControl}). The latest update is kept in operator state, so a
 * restart behaves as before it.
 */
public abstract class ControlledOperator<IN, OUT> extends EventsWithControl<IN, OUT> {

    private static final long serialVersionUID = 1L;

    /** The latest catalog's operator state name; part of the savepoint format. */
    public static final String CATALOG_STATE = "control-catalog";

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
        catalog = CatalogState.restore(context.getOperatorStateStore(), CATALOG_STATE);
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
}
