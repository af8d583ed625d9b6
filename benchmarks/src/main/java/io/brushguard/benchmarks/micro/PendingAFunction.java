package io.brushguard.benchmarks.micro;

import io.brushguard.benchmarks.micro.MicroWorkload.Event;
import io.brushguard.benchmarks.micro.MicroWorkload.Match;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Arrays;

/**
 * The hand-written Flink contender: the workload's semantics as a {@link KeyedProcessFunction}
 * keyed by user, with one {@code ValueState<long[]>} per user holding the timestamps of the A's
 * still waiting for a B, oldest first.
 *
 * <p>It relies on each user's events arriving in event-time order, which the workload's monotonous
 * watermarks promise, so it matches on arrival instead of buffering until the watermark. An
 * event-time timer at the oldest pending A's timestamp plus the window drops the A's that can no
 * longer match, so users who never get a B leave no state behind.
 */
public final class PendingAFunction extends KeyedProcessFunction<Long, Event, Match> {

    private transient ValueState<long[]> pending;

    @Override
    public void open(OpenContext ctx) {
        pending =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "pending-a",
                                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<Match> out) throws Exception {
        long[] as = pending.value();
        if (e.type == MicroWorkload.A) {
            if (as == null) {
                ctx.timerService().registerEventTimeTimer(e.timestamp + MicroWorkload.WITHIN_MS);
                pending.update(new long[] {e.timestamp});
            } else {
                long[] kept = expire(as, e.timestamp);
                long[] next = Arrays.copyOf(kept, kept.length + 1);
                next[kept.length] = e.timestamp;
                pending.update(next);
            }
        } else if (as != null) {
            for (long a : as) {
                if (e.timestamp - a < MicroWorkload.WITHIN_MS) {
                    out.collect(new Match(e.user, a, e.timestamp));
                }
            }
            // The timer registered for the oldest A still fires; it finds no state.
            pending.clear();
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Match> out) throws Exception {
        long[] as = pending.value();
        if (as == null) {
            return;
        }
        long[] kept = expire(as, timestamp);
        if (kept.length == 0) {
            pending.clear();
        } else {
            if (kept.length != as.length) {
                pending.update(kept);
            }
            ctx.timerService().registerEventTimeTimer(kept[0] + MicroWorkload.WITHIN_MS);
        }
    }

    /** The A's a B at {@code now} could still match. */
    private static long[] expire(long[] as, long now) {
        int first = 0;
        while (first < as.length && now - as[first] >= MicroWorkload.WITHIN_MS) {
            first++;
        }
        return first == 0 ? as : Arrays.copyOfRange(as, first, as.length);
    }
}
