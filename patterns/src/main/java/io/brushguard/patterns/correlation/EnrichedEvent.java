package io.brushguard.patterns.correlation;

import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.serde.EnrichedEventSerializer;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * An input event with the story of its order as known right after it (null for a review not tied to
 * an order). What detectors downstream of the correlation see. Flink serialises it with {@link
 * EnrichedEventSerializer}.
 */
@TypeInfo(EnrichedEventSerializer.Factory.class)
public class EnrichedEvent {

    public PlatformEvent event;
    public OrderContext context;

    public EnrichedEvent() {}

    public EnrichedEvent(PlatformEvent event, OrderContext context) {
        this.event = event;
        this.context = context;
    }

    public long eventTime() {
        return event.eventTime();
    }

    /** The shop concerned: the order's, or the review's own. Null when unknown. */
    public String shopId() {
        if (context != null && context.shopId != null) {
            return context.shopId;
        }
        return event.review != null ? event.review.getShopId() : null;
    }
}
