package io.brushguard.jobs.control;

import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.engine.CatalogUpdate;
import io.brushguard.patterns.engine.ControlledOperator;

import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.SimpleTimerService;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A built-in rule's detector whose parameters change while the job runs: the keyed operator runs
 * the detector (a {@code KeyedProcessFunction}) as Flink's own keyed process operator would, and
 * when a new version of the rule is deployed, makes a new detector from it and runs that from the
 * next event on. The detector's keyed state and timers stay: state is found by name, so the new
 * detector goes on from what the old one kept, judged by the new parameters (docs/patterns.md,
 * "State across changes").
 */
public class LiveDetectorOperator<IN, OUT> extends ControlledOperator<IN, OUT>
        implements Triggerable<String, VoidNamespace> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(LiveDetectorOperator.class);

    private final String ruleId;
    private final Object startRule;
    private final DetectorFactory<IN, OUT> factory;
    private final LiveCatalog catalog;

    private transient Object rule;
    private transient Object wanted;
    private transient KeyedProcessFunction<String, IN, OUT> detector;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient TimerService timerService;
    private transient TimestampedCollector<OUT> collector;
    private transient StreamRecord<IN> element;
    private transient InternalTimer<String, VoidNamespace> timer;
    private transient TimeDomain timeDomain;

    public LiveDetectorOperator(
            String ruleId,
            Object startRule,
            DetectorFactory<IN, OUT> factory,
            LiveCatalog catalog) {
        this.ruleId = ruleId;
        this.startRule = startRule;
        this.factory = factory;
        this.catalog = catalog;
    }

    @Override
    protected void onCatalog(CatalogUpdate update) {
        wanted = catalog.builtInRule(update, ruleId, startRule);
        if (detector != null && !wanted.equals(rule)) {
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
        timers = getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this);
        timerService = new SimpleTimerService(timers);
        collector = new TimestampedCollector<>(output);
        install(wanted == null ? startRule : wanted);
    }

    private void install(Object r) throws Exception {
        KeyedProcessFunction<String, IN, OUT> next = factory.create(r);
        next.setRuntimeContext(getRuntimeContext());
        next.open(DefaultOpenContext.INSTANCE);
        KeyedProcessFunction<String, IN, OUT> previous = detector;
        detector = next;
        rule = r;
        if (previous != null) {
            previous.close();
        }
    }

    @Override
    public void close() throws Exception {
        if (detector != null) {
            detector.close();
        }
        super.close();
    }

    @Override
    protected void onElement(StreamRecord<IN> record) throws Exception {
        collector.setTimestamp(record);
        element = record;
        detector.processElement(record.getValue(), new ElementContext(detector), collector);
        element = null;
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> t) throws Exception {
        collector.setAbsoluteTimestamp(t.getTimestamp());
        fire(t, TimeDomain.EVENT_TIME);
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> t) throws Exception {
        collector.eraseTimestamp();
        fire(t, TimeDomain.PROCESSING_TIME);
    }

    private void fire(InternalTimer<String, VoidNamespace> t, TimeDomain domain) throws Exception {
        timer = t;
        timeDomain = domain;
        detector.onTimer(t.getTimestamp(), new TimerContext(detector), collector);
        timer = null;
    }

    @SuppressWarnings("unchecked")
    private String currentKey() {
        return (String) getCurrentKey();
    }

    private final class ElementContext extends KeyedProcessFunction<String, IN, OUT>.Context {

        ElementContext(KeyedProcessFunction<String, IN, OUT> fn) {
            fn.super();
        }

        @Override
        public Long timestamp() {
            return element.hasTimestamp() ? element.getTimestamp() : null;
        }

        @Override
        public TimerService timerService() {
            return timerService;
        }

        @Override
        public <X> void output(OutputTag<X> tag, X value) {
            output.collect(tag, new StreamRecord<>(value, element.getTimestamp()));
        }

        @Override
        public String getCurrentKey() {
            return currentKey();
        }
    }

    private final class TimerContext extends KeyedProcessFunction<String, IN, OUT>.OnTimerContext {

        TimerContext(KeyedProcessFunction<String, IN, OUT> fn) {
            fn.super();
        }

        @Override
        public Long timestamp() {
            return timer.getTimestamp();
        }

        @Override
        public TimerService timerService() {
            return timerService;
        }

        @Override
        public <X> void output(OutputTag<X> tag, X value) {
            output.collect(tag, new StreamRecord<>(value, timer.getTimestamp()));
        }

        @Override
        public TimeDomain timeDomain() {
            return timeDomain;
        }

        @Override
        public String getCurrentKey() {
            return timer.getKey();
        }
    }
}
