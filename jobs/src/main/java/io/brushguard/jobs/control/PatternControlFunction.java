package io.brushguard.jobs.control;

import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.engine.CatalogState;
import io.brushguard.patterns.engine.CatalogUpdate;

import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a running job's definitions change (parallelism 1): each {@link PatternChange} of
 * the control topic is checked against what the job runs ({@link ControlDecisions}); an accepted
 * one makes a new {@link CatalogUpdate}, broadcast to every operator that runs definitions, and
 * every change gets an answer on {@link #STATUS}. The catalog is checkpointed, so a failover or a
 * restart from a savepoint runs what ran before.
 */
public class PatternControlFunction extends ProcessFunction<PatternChange, CatalogUpdate>
        implements CheckpointedFunction {

    private static final Logger LOG = LoggerFactory.getLogger(PatternControlFunction.class);

    /** The answers, for the status topic. */
    public static final OutputTag<PatternStatus> STATUS = new OutputTag<>("pattern-status") {};

    private final LiveCatalog catalog;
    private transient CatalogState catalogState;

    public PatternControlFunction(LiveCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void processElement(PatternChange change, Context ctx, Collector<CatalogUpdate> out) {
        ControlDecisions.Decision d =
                ControlDecisions.decide(
                        change,
                        catalogState.current(),
                        catalog,
                        ctx.timerService().currentProcessingTime());
        PatternStatus s = d.status();
        if (d.next() != null && catalogState.offer(d.next())) {
            out.collect(d.next());
        }
        if (PatternStatus.REJECTED.equals(s.outcome())) {
            LOG.warn("pattern change rejected: {} {}: {}", s.action(), s.id(), s.reason());
        } else if (!PatternStatus.REPORT.equals(s.outcome())) {
            LOG.info(
                    "pattern change {}: {} {} (revision {})",
                    s.outcome(),
                    s.action(),
                    s.id(),
                    s.revision());
        }
        ctx.output(STATUS, s);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        catalogState.snapshot();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        catalogState = CatalogState.restore(context.getOperatorStateStore(), "pattern-catalog");
    }
}
