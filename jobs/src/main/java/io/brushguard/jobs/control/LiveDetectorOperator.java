package io.brushguard.jobs.control;

import io.brushguard.patterns.common.FunctionHost;
import io.brushguard.patterns.common.StateCache;
import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.engine.CatalogUpdate;
import io.brushguard.patterns.engine.ControlledOperator;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A built-in rule's detector whose parameters change while the job runs: the keyed operator runs
 * the detector (a {@code KeyedProcessFunction}) as Flink's own keyed process operator would, and
 * when a new version of the rule is deployed, makes a new detector from it and runs that from the
 * next event on. The detector's keyed state and timers stay: state is found by name, so the new
 * detector goes on from what the old one kept, judged by the new parameters (docs/patterns.md,
 * "State across changes"). Events wait for the watermark in the operator's buffer ({@link
 * FunctionHost}), which a new detector takes over as it is.
 */
public class LiveDetectorOperator<IN, OUT> extends ControlledOperator<IN, OUT> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(LiveDetectorOperator.class);

    /** The buffer's operator state name; part of the savepoint format. */
    public static final String BUFFER_STATE = "live-ordered-input";

    private final String ruleId;
    private final Object startRule;
    private final DetectorFactory<IN, OUT> factory;
    private final LiveCatalog catalog;
    private final TypeInformation<IN> inputType;

    private transient Object rule;
    private transient Object wanted;
    private transient FunctionHost<IN, OUT> host;
    private transient boolean opened;

    public LiveDetectorOperator(
            String ruleId,
            Object startRule,
            DetectorFactory<IN, OUT> factory,
            LiveCatalog catalog,
            TypeInformation<IN> inputType) {
        this.ruleId = ruleId;
        this.startRule = startRule;
        this.factory = factory;
        this.catalog = catalog;
        this.inputType = inputType;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        host = new FunctionHost<>(inputType, BUFFER_STATE);
        host.initializeState(context, getRuntimeContext().getTaskInfo());
        // After the host: the catalog restored here may already name a deployed version.
        super.initializeState(context);
    }

    @Override
    protected void onCatalog(CatalogUpdate update) {
        wanted = catalog.builtInRule(update, ruleId, startRule);
        if (opened && !wanted.equals(rule)) {
            try {
                install(wanted);
                LOG.info("{}: now running the deployed definition {}", ruleId, wanted);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the new detector of " + ruleId, e);
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        // The name Flink's keyed process operator gives its timers, so a savepoint of either runs.
        host.open(
                this,
                getKeyedStateBackend(),
                StateCache.keys(null, getExecutionConfig(), StateCache.DEFAULT_KEYS),
                getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, host),
                output,
                time -> timeServiceManager.advanceWatermark(new Watermark(time)));
        install(wanted == null ? startRule : wanted);
        opened = true;
        host.registerMetrics(getMetricGroup());
    }

    private void install(Object r) throws Exception {
        host.install(factory.create(r), getRuntimeContext());
        rule = r;
    }

    @Override
    public void close() throws Exception {
        if (host != null) {
            host.close();
        }
        super.close();
    }

    @Override
    protected void onElement(StreamRecord<IN> record) throws Exception {
        host.processElement(record);
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
}
