package io.brushguard.patterns.correlation;

import io.brushguard.patterns.common.EventTimeOrderedFunction;
import io.brushguard.patterns.common.Timers;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.List;

/**
 * Cross-stream correlation, keyed by order id: joins an order's steps, payments, waybill scans and
 * review in event time, and emits every event enriched with its order's story so far.
 *
 * <p>State is one {@link OrderContext} per order, dropped when the order has been quiet for {@code
 * retention} in event time (an order whose story is complete stops receiving events, so the same
 * rule covers both complete and stale orders). Reviews come days after delivery, so the retention
 * must exceed the longest gap between two events of one order.
 */
public class OrderTimelineFunction
        extends EventTimeOrderedFunction<String, PlatformEvent, EnrichedEvent> {

    private static final long CLEANUP_GRANULARITY_MS = Duration.ofHours(1).toMillis();

    private final long retentionMs;
    private transient ValueState<OrderContext> context;

    public OrderTimelineFunction(Duration retention) {
        super(TypeInformation.of(PlatformEvent.class));
        this.retentionMs = retention.toMillis();
    }

    /** Events that belong to an order; reviews without an order id bypass the correlation. */
    public static boolean accepts(PlatformEvent e) {
        return e.orderId() != null;
    }

    @Override
    protected void openState() {
        context =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "order-context", TypeInformation.of(OrderContext.class)));
    }

    @Override
    protected long eventTime(PlatformEvent value) {
        return value.eventTime();
    }

    @Override
    protected void onEvents(
            long ts, List<PlatformEvent> events, Context ctx, Collector<EnrichedEvent> out)
            throws Exception {
        OrderContext c = context.value();
        boolean fresh = c == null;
        if (fresh) {
            c = new OrderContext(ctx.getCurrentKey());
        }
        // Within one timestamp, order steps first, then payments, scans and reviews, so a scan
        // stamped with its order's creation time still sees the shop.
        for (int pass = 0; pass < 4; pass++) {
            for (PlatformEvent e : events) {
                if (pass == rank(e)) {
                    apply(c, e, ts);
                    out.collect(new EnrichedEvent(e, c.copy()));
                }
            }
        }
        context.update(c);
        if (fresh) {
            // One clean-up timer per order at a time: it moves on when it fires (below).
            ctx.timerService().registerEventTimeTimer(cleanupAfter(ts));
        }
    }

    private long cleanupAfter(long lastEventAt) {
        return Timers.coalesce(lastEventAt + retentionMs + 1, CLEANUP_GRANULARITY_MS);
    }

    private static int rank(PlatformEvent e) {
        switch (e.stream()) {
            case ORDERS:
                return 0;
            case PAYMENTS:
                return 1;
            case LOGISTICS:
                return 2;
            default:
                return 3;
        }
    }

    private static void apply(OrderContext c, PlatformEvent e, long ts) {
        switch (e.stream()) {
            case ORDERS:
                c.apply(e.order, ts);
                break;
            case PAYMENTS:
                c.apply(e.payment, ts);
                break;
            case LOGISTICS:
                c.apply(e.logistics, ts);
                break;
            default:
                c.apply(e.review, ts);
                break;
        }
    }

    @Override
    protected void onTimerAfterEvents(long ts, OnTimerContext ctx, Collector<EnrichedEvent> out)
            throws Exception {
        if (!Timers.isCleanupTime(ts, CLEANUP_GRANULARITY_MS)) {
            return;
        }
        OrderContext c = context.value();
        if (c == null) {
            return;
        }
        if (c.lastEventAt + retentionMs < ts) {
            context.clear();
        } else {
            ctx.timerService().registerEventTimeTimer(cleanupAfter(c.lastEventAt));
        }
    }
}
