package io.brushguard.jobs.control;

import io.brushguard.patterns.engine.CatalogUpdate;
import io.brushguard.patterns.engine.EventsWithControl;
import io.brushguard.patterns.engine.Lane;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The head of the live detectors behind one shuffle: takes the lanes, keyed by their key, and the
 * definition changes, broadcast, and passes both on as lanes. The detectors behind it are one-input
 * operators on its output, so Flink chains them all to it: each lane crosses the network once, not
 * once per detector, and each detector takes its changes from the lanes (every subtask's head gets
 * every change). Stateless: it touches no keyed state, so it sets no key.
 */
public class LaneHead<IN> extends EventsWithControl<Lane<IN>, Lane<IN>> {

    private static final long serialVersionUID = 1L;

    @Override
    public void processElement1(StreamRecord<Lane<IN>> element) {
        output.collect(element);
    }

    @Override
    public void processElement2(StreamRecord<CatalogUpdate> element) {
        output.collect(new StreamRecord<>(Lane.update(element.getValue())));
    }

    @Override
    public boolean hasKeyContext1() {
        return false;
    }

    @Override
    public boolean hasKeyContext2() {
        return false;
    }
}
