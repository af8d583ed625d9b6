package io.brushguard.jobs.control;

import io.brushguard.patterns.common.FunctionHost;
import io.brushguard.patterns.common.StateCache;
import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.engine.CatalogState;
import io.brushguard.patterns.engine.CatalogUpdate;
import io.brushguard.patterns.engine.ControlledOperator;
import io.brushguard.patterns.engine.Lane;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
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
 *
 * <p>Its input is the lanes of a {@link LaneHead}, chained: it takes the events of the lanes for
 * its own {@code detector} bit (and sets the key for those only), and the definition changes of
 * all. The buffer and the detector's state are typed on the event, so they are the same as when the
 * detector had an input of its own.
 */
public class LiveDetectorOperator<IN, OUT> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<Lane<IN>, OUT> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(LiveDetectorOperator.class);

    /**
     * The name of the buffer's state (its chunks in keyed state under this name and {@link
     * FunctionHost#CHUNKS_SUFFIX}; the whole buffer in operator state under this name in savepoints
     * before them); part of the savepoint format.
     */
    public static final String BUFFER_STATE = "live-ordered-input";

    private final String ruleId;
    private final int detector;
    private final Object startRule;
    private final DetectorFactory<IN, OUT> factory;
    private final LiveCatalog catalog;
    private final TypeInformation<IN> inputType;

    private transient CatalogState catalogState;
    private transient Object rule;
    private transient Object wanted;
    private transient FunctionHost<IN, OUT> host;
    private transient boolean opened;
    private transient StreamRecord<IN> event;

    /**
     * @param detector its bit in the lanes ({@link Lane#isFor}); 0 when it is alone behind its head
     * @param inputType the events' type
     */
    public LiveDetectorOperator(
            String ruleId,
            int detector,
            Object startRule,
            DetectorFactory<IN, OUT> factory,
            LiveCatalog catalog,
            TypeInformation<IN> inputType) {
        if (detector < 0 || detector >= Long.SIZE) {
            throw new IllegalArgumentException("a lane has 64 detector bits, got " + detector);
        }
        this.ruleId = ruleId;
        this.detector = detector;
        this.startRule = startRule;
        this.factory = factory;
        this.catalog = catalog;
        this.inputType = inputType;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        host = new FunctionHost<>(inputType, BUFFER_STATE);
        host.initializeState(
                context,
                getRuntimeContext().getTaskInfo(),
                getExecutionConfig().getSerializerConfig());
        // After the host: the catalog restored here may already name a deployed version.
        catalogState =
                CatalogState.restore(
                        context.getOperatorStateStore(), ControlledOperator.CATALOG_STATE);
        onCatalog(catalogState.current());
    }

    private void onCatalog(CatalogUpdate update) {
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
        event = new StreamRecord<>(null);
        // The name Flink's keyed process operator gives its timers, so a savepoint of either runs.
        host.open(
                this,
                getKeyedStateBackend(),
                StateCache.keys(null, getExecutionConfig(), StateCache.DEFAULT_KEYS),
                getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, host),
                output,
                time -> timeServiceManager.advanceWatermark(new Watermark(time)));
        install(wanted == null ? startRule : wanted);
        host.scheduleIdleWriteBack(getProcessingTimeService(), getExecutionConfig());
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

    /**
     * Sets the key only for this detector's events, the other lanes touch none of its state; and
     * only if the host needs it on arrival ({@link FunctionHost#keyOnArrival}).
     */
    @Override
    public void setKeyContextElement(StreamRecord<Lane<IN>> record) throws Exception {
        if (record.getValue().isFor(detector) && host.keyOnArrival()) {
            setKeyContextElement1(record);
        }
    }

    @Override
    public void processElement(StreamRecord<Lane<IN>> record) throws Exception {
        Lane<IN> lane = record.getValue();
        if (lane.update != null) {
            if (catalogState.offer(lane.update)) {
                onCatalog(catalogState.current());
            }
            return;
        }
        if (!lane.isFor(detector)) {
            return;
        }
        if (record.hasTimestamp()) {
            event.replace(lane.event, record.getTimestamp());
        } else {
            event.replace(lane.event);
            event.eraseTimestamp();
        }
        // The lane's key is this detector's key for the event (set already if the host needs it).
        host.processElement(event, lane.key);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        host.beforeWatermark(mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        catalogState.snapshot();
        host.snapshotState();
    }
}
