package io.brushguard.jobs.control;

import io.brushguard.patterns.engine.Lane;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

import java.util.List;

/**
 * The input selections of live detectors that select by the event alone, whatever their parameters:
 * each event they accept, in one {@link Lane} per key it is taken under, for the detectors behind
 * one {@link LaneHead} in the order of the selections. Stateless, so it stays chained to its input.
 */
public final class SelectLanes<IN> implements FlatMapFunction<IN, Lane<IN>> {

    private static final long serialVersionUID = 1L;

    private final List<LiveFanOut.Selection<IN>> selections;
    private transient LanesOfEvent lanes;

    public SelectLanes(List<LiveFanOut.Selection<IN>> selections) {
        this.selections = List.copyOf(LiveFanOut.checkedSize(selections));
    }

    @Override
    public void flatMap(IN event, Collector<Lane<IN>> out) throws Exception {
        if (lanes == null) {
            lanes = new LanesOfEvent();
        }
        for (int i = 0; i < selections.size(); i++) {
            LiveFanOut.Selection<IN> s = selections.get(i);
            if (s.accepts().filter(event)) {
                lanes.add(s.keyOf(event), i);
            }
        }
        for (int j = 0; j < lanes.size(); j++) {
            out.collect(lanes.lane(j, event));
        }
        lanes.clear();
    }
}
