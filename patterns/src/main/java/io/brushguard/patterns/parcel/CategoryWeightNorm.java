package io.brushguard.patterns.parcel;

import io.brushguard.patterns.common.EventTimeOrderedFunction;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

import java.util.List;

/**
 * Learns, per item category and in event time, what share of parcels weigh under the light limit,
 * and stamps each weighed pickup with that share as it stood before the parcel ({@link
 * OrderContext#categoryLightShare}; -1 until {@code minCategorySamples} parcels were seen). Old
 * parcels fade with the rule's half-life. Keyed by category: a stationery shop's 20 g parcels are
 * normal; a phone shop's are not.
 */
public class CategoryWeightNorm
        extends EventTimeOrderedFunction<String, EnrichedEvent, EnrichedEvent> {

    private final UnderweightParcelRule rule;
    private transient ValueState<CategoryWeights> weights;

    public CategoryWeightNorm(UnderweightParcelRule rule) {
        super(TypeInformation.of(EnrichedEvent.class));
        this.rule = rule;
    }

    /** Weighed pickups of orders whose category is known. */
    public static boolean accepts(EnrichedEvent e) {
        return UnderweightParcelDetector.accepts(e) && e.context.category != null;
    }

    public static String key(EnrichedEvent e) {
        return e.context.category;
    }

    @Override
    protected void openState() {
        weights =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "category-weights",
                                        TypeInformation.of(CategoryWeights.class)));
    }

    @Override
    protected long eventTime(EnrichedEvent value) {
        return value.eventTime();
    }

    @Override
    protected void onEvents(
            long ts, List<EnrichedEvent> events, Context ctx, Collector<EnrichedEvent> out)
            throws Exception {
        CategoryWeights w = weights.value();
        if (w == null) {
            w = new CategoryWeights();
        } else {
            double halfLives = (double) (ts - w.lastAt) / rule.categoryHalfLife().toMillis();
            double keep = Math.pow(0.5, Math.max(0, halfLives));
            w.parcels *= keep;
            w.light *= keep;
        }
        double share = w.parcels >= rule.minCategorySamples() ? w.light / w.parcels : -1;
        for (EnrichedEvent e : events) {
            OrderContext stamped = e.context.copy();
            stamped.categoryLightShare = share;
            out.collect(new EnrichedEvent(e.event, stamped));
        }
        for (EnrichedEvent e : events) {
            w.parcels += 1;
            if (e.event.logistics.getWeightGrams() < rule.maxWeightGrams()) {
                w.light += 1;
            }
        }
        w.lastAt = ts;
        weights.update(w);
    }
}
