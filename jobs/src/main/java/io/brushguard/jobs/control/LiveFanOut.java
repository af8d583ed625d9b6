package io.brushguard.jobs.control;

import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.common.PreFilter;
import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.engine.CatalogUpdate;
import io.brushguard.patterns.engine.ControlledOperator;
import io.brushguard.patterns.engine.Lane;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.io.Serializable;
import java.util.List;

/**
 * The input selections of every built-in detector over one stream, in one operator: each event
 * becomes one {@link Lane} per key it is taken under, naming the detectors that accept it and for
 * which it can count under the rule's running version ({@link PreFilter}, rebuilt when a version is
 * deployed, so a loosened threshold lets in what it now needs). The lanes are shuffled once by key
 * to a {@link LaneHead}, with the detectors chained behind it in the order of the selections.
 */
public class LiveFanOut<IN> extends ControlledOperator<IN, Lane<IN>> {

    private static final long serialVersionUID = 1L;

    /** One detector's selection: the events it takes, and the key it takes them under. */
    public record Selection<IN>(
            String ruleId,
            FilterFunction<IN> accepts,
            KeySelector<IN, String> key,
            Object startRule,
            DetectorFactory<IN, ?> factory)
            implements Serializable {

        /** A selection of a detector with outputs of any type. */
        public static <IN, OUT> Selection<IN> of(
                String ruleId,
                FilterFunction<IN> accepts,
                KeySelector<IN, String> key,
                Object startRule,
                DetectorFactory<IN, OUT> factory) {
            return new Selection<>(ruleId, accepts, key, startRule, factory);
        }

        /** The factory, of a detector of alerts (every one but the category norm). */
        @SuppressWarnings("unchecked")
        public DetectorFactory<IN, RiskAlert> alertFactory() {
            return (DetectorFactory<IN, RiskAlert>) factory;
        }

        /** The key an accepted event is taken under; never null. */
        String keyOf(IN event) throws Exception {
            String k = key.getKey(event);
            if (k == null) {
                throw new IllegalStateException(
                        ruleId + " accepted an event it has no key for: " + event);
            }
            return k;
        }
    }

    /** {@code selections}, if a lane has a bit for each. */
    static <T extends List<?>> T checkedSize(T selections) {
        if (selections.size() > Long.SIZE) {
            throw new IllegalArgumentException(
                    "at most "
                            + Long.SIZE
                            + " detectors behind one head, got "
                            + selections.size());
        }
        return selections;
    }

    private final List<Selection<IN>> selections;
    private final LiveCatalog catalog;
    private final OutputTag<Lane<IN>> everyEvent;

    private transient Object[] rules;
    private transient PreFilter<IN>[] pre;
    private transient LanesOfEvent lanes;
    private transient boolean opened;

    public LiveFanOut(List<Selection<IN>> selections, LiveCatalog catalog) {
        this(selections, catalog, null);
    }

    /**
     * @param everyEvent where to pass on every event and every definition change it takes, as lanes
     *     for no detector (for the engine's router, chained to it); null: nowhere
     */
    public LiveFanOut(
            List<Selection<IN>> selections, LiveCatalog catalog, OutputTag<Lane<IN>> everyEvent) {
        this.selections = List.copyOf(checkedSize(selections));
        this.catalog = catalog;
        this.everyEvent = everyEvent;
    }

    /** The side output of every event and definition change, for events of {@code type}. */
    public static <IN> OutputTag<Lane<IN>> everyEvent(TypeInformation<IN> type) {
        return new OutputTag<>("every-event", Lane.typeInfo(type));
    }

    @Override
    public void open() throws Exception {
        super.open();
        opened = true;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void onCatalog(CatalogUpdate update) {
        int n = selections.size();
        if (rules == null) {
            rules = new Object[n];
            pre = new PreFilter[n];
            lanes = new LanesOfEvent();
        }
        for (int i = 0; i < n; i++) {
            Selection<IN> s = selections.get(i);
            Object r = catalog.builtInRule(update, s.ruleId(), s.startRule());
            if (!r.equals(rules[i])) {
                Object detector = s.factory().create(r);
                pre[i] = detector instanceof PreFilter ? (PreFilter<IN>) detector : null;
                rules[i] = r;
            }
        }
        // The restored catalog (before open) is restored downstream too, from its own state.
        if (opened && everyEvent != null) {
            output.collect(everyEvent, new StreamRecord<>(Lane.update(update)));
        }
    }

    @Override
    protected void onElement(StreamRecord<IN> element) throws Exception {
        IN e = element.getValue();
        for (int i = 0; i < pre.length; i++) {
            Selection<IN> s = selections.get(i);
            if (s.accepts().filter(e) && (pre[i] == null || pre[i].mayCount(e))) {
                lanes.add(s.keyOf(e), i);
            }
        }
        for (int j = 0; j < lanes.size(); j++) {
            output.collect(element.replace(lanes.lane(j, e)));
        }
        lanes.clear();
        if (everyEvent != null) {
            output.collect(everyEvent, element.replace(Lane.of("", 0L, e)));
        }
    }
}
