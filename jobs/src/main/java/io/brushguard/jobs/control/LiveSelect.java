package io.brushguard.jobs.control;

import io.brushguard.patterns.common.PreFilter;
import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.engine.CatalogUpdate;
import io.brushguard.patterns.engine.ControlledOperator;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The input selection of a built-in rule's detector, in front of its shuffle: the detector's events
 * ({@code accepts}) that can count under the rule's running parameters ({@link PreFilter}, rebuilt
 * when a new version is deployed, so a loosened threshold lets in what it now needs).
 */
public class LiveSelect<IN> extends ControlledOperator<IN, IN> {

    private static final long serialVersionUID = 1L;

    private final String ruleId;
    private final Object startRule;
    private final DetectorFactory<IN, ?> factory;
    private final LiveCatalog catalog;
    private final FilterFunction<IN> accepts;

    private transient Object rule;
    private transient PreFilter<IN> pre;

    public LiveSelect(
            String ruleId,
            Object startRule,
            DetectorFactory<IN, ?> factory,
            LiveCatalog catalog,
            FilterFunction<IN> accepts) {
        this.ruleId = ruleId;
        this.startRule = startRule;
        this.factory = factory;
        this.catalog = catalog;
        this.accepts = accepts;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void onCatalog(CatalogUpdate update) {
        Object r = catalog.builtInRule(update, ruleId, startRule);
        if (!r.equals(rule)) {
            Object detector = factory.create(r);
            pre = detector instanceof PreFilter ? (PreFilter<IN>) detector : null;
            rule = r;
        }
    }

    @Override
    protected void onElement(StreamRecord<IN> element) throws Exception {
        IN e = element.getValue();
        if (accepts.filter(e) && (pre == null || pre.mayCount(e))) {
            output.collect(element);
        }
    }
}
