package io.brushguard.jobs.control;

import io.brushguard.patterns.common.PreFilter;
import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.engine.CatalogUpdate;
import io.brushguard.patterns.engine.ControlledOperator;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.io.Serializable;
import java.util.List;

/**
 * The input selections of every built-in detector over one stream, in one operator: each event goes
 * to the side output of each detector that accepts it and for which it can count under the rule's
 * running version ({@link PreFilter}, rebuilt when a version is deployed, so a loosened threshold
 * lets in what it now needs). One operator, so the stream crosses to it once, not once per
 * detector.
 */
public class LiveFanOut<IN> extends ControlledOperator<IN, IN> {

    private static final long serialVersionUID = 1L;

    /** One detector's selection. */
    public record Selection<IN>(
            String ruleId,
            FilterFunction<IN> accepts,
            Object startRule,
            DetectorFactory<IN, ?> factory)
            implements Serializable {}

    private final List<Selection<IN>> selections;
    private final TypeInformation<IN> type;
    private final LiveCatalog catalog;

    private transient Object[] rules;
    private transient PreFilter<IN>[] pre;
    private transient OutputTag<IN>[] tags;

    public LiveFanOut(
            List<Selection<IN>> selections, TypeInformation<IN> type, LiveCatalog catalog) {
        this.selections = List.copyOf(selections);
        this.type = type;
        this.catalog = catalog;
    }

    /** The side output of the detector of {@code ruleId}. */
    public static <IN> OutputTag<IN> tag(String ruleId, TypeInformation<IN> type) {
        return new OutputTag<>("input-of-" + ruleId, type);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void onCatalog(CatalogUpdate update) {
        int n = selections.size();
        if (rules == null) {
            rules = new Object[n];
            pre = new PreFilter[n];
            tags = new OutputTag[n];
            for (int i = 0; i < n; i++) {
                tags[i] = tag(selections.get(i).ruleId(), type);
            }
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
    }

    @Override
    protected void onElement(StreamRecord<IN> element) throws Exception {
        IN e = element.getValue();
        for (int i = 0; i < tags.length; i++) {
            if (selections.get(i).accepts().filter(e) && (pre[i] == null || pre[i].mayCount(e))) {
                output.collect(tags[i], element);
            }
        }
    }
}
