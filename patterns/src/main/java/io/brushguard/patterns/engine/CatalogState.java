package io.brushguard.patterns.engine;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;

import java.util.List;

/**
 * The latest {@link CatalogUpdate} an operator has, in union operator state: every subtask holds
 * the same one, so a restore at any parallelism takes the newest of what it finds.
 */
public final class CatalogState {

    private final ListState<CatalogUpdate> state;
    private CatalogUpdate current = CatalogUpdate.EMPTY;

    private CatalogState(ListState<CatalogUpdate> state) {
        this.state = state;
    }

    /** The catalog kept under {@code name} (the restored one, or {@link CatalogUpdate#EMPTY}). */
    public static CatalogState restore(OperatorStateStore store, String name) throws Exception {
        CatalogState c =
                new CatalogState(
                        store.getUnionListState(
                                new ListStateDescriptor<>(
                                        name, CatalogUpdate.Serializer.INSTANCE)));
        for (CatalogUpdate u : c.state.get()) {
            c.offer(u);
        }
        return c;
    }

    public CatalogUpdate current() {
        return current;
    }

    /** Takes {@code update} if it is newer than the current one; whether it did. */
    public boolean offer(CatalogUpdate update) {
        if (update.revision() <= current.revision()) {
            return false;
        }
        current = update;
        return true;
    }

    /** Writes the current catalog for the checkpoint. */
    public void snapshot() throws Exception {
        state.update(List.of(current));
    }
}
