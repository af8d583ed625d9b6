package io.brushguard.benchmarks.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The events a stateful benchmark fed, reported by JMH as the secondary result {@code events}: in
 * throughput mode, events per second over the measured time. The stateful benchmarks feed a whole
 * stream per invocation, whose length depends on the parameter, so the per-event figure comes from
 * this counter rather than from {@code @OperationsPerInvocation}.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class Events {

    /** Events fed in this iteration. */
    public long events;

    @Setup(Level.Iteration)
    public void reset() {
        events = 0;
    }
}
