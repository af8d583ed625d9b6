package io.brushguard.patterns.common;

import java.io.Serializable;

/**
 * A detector whose per-event condition depends on the event alone (not on its state), so that it
 * can be checked before the keyed shuffle: events that cannot count are dropped there, and never
 * serialised, shuffled or buffered in keyed state. For window detectors where most traffic is
 * honest, this is most of their input.
 */
public interface PreFilter<IN> extends Serializable {

    /** Whether this event can count for the detector; false only when it never can. */
    boolean mayCount(IN event);
}
