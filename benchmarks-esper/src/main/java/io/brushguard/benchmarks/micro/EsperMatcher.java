package io.brushguard.benchmarks.micro;

import io.brushguard.benchmarks.micro.MicroWorkload.Event;
import io.brushguard.benchmarks.micro.MicroWorkload.Match;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPEventService;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The micro workload's pattern in Esper 9 ({@link #EPL}), single-threaded, on event time: the
 * runtime's internal timer is off and {@link #accept} advances Esper's external clock to each
 * event's timestamp before it sends the event, so {@code timer:within} counts event time.
 *
 * <p>Every A starts a pattern sub-expression ({@code every}) that waits for the first later B of
 * its user ({@code ->} takes the first only); Esper indexes the sub-expressions' filters on {@code
 * user}, so a B looks up only its own user's waiting A's. The window's edge needs no adaptation:
 * {@code timer:within(10 sec)} of an A at {@code t} fires when the clock reaches {@code t +
 * 10,000}, and the clock is advanced to a B's timestamp before the B is sent, so a B exactly 10 s
 * after its A comes too late and one 9,999 ms after matches; a B at the same timestamp as an
 * earlier A matches it. {@code EsperMatcherTest} checks this against the oracle.
 */
public final class EsperMatcher implements AutoCloseable {

    /** The statement: every A followed by the first B of its user within 10 s. */
    public static final String EPL =
            "select a.user as user, a.ts as ats, b.ts as bts from pattern [every a=Event(type='A')"
                    + " -> b=Event(type='B' and user=a.user) where timer:within(10 sec)]";

    private static final AtomicInteger RUNTIMES = new AtomicInteger();
    private static final String A = "A";
    private static final String B = "B";

    private final EPRuntime runtime;
    private final EPEventService events;
    private final List<Match> out;
    private long matches;

    /**
     * A runtime with the statement deployed and its clock at {@code start}; it collects the matches
     * into {@code out} if that is not null, else only counts them.
     */
    public EsperMatcher(long start, List<Match> out) {
        this.out = out;
        Configuration conf = new Configuration();
        conf.getRuntime().getThreading().setInternalTimerEnabled(false);
        conf.getCommon()
                .addEventType(
                        "Event",
                        new String[] {"user", "type", "ts"},
                        new Object[] {Long.class, String.class, Long.class});
        EPCompiled compiled;
        try {
            compiled = EPCompilerProvider.getCompiler().compile(EPL, new CompilerArguments(conf));
        } catch (EPCompileException e) {
            throw new IllegalStateException("EPL does not compile: " + EPL, e);
        }
        runtime =
                EPRuntimeProvider.getRuntime(
                        "brushguard-micro-" + RUNTIMES.incrementAndGet(), conf);
        runtime.initialize();
        events = runtime.getEventService();
        events.clockExternal();
        events.advanceTime(start);
        EPStatement statement;
        try {
            statement = runtime.getDeploymentService().deploy(compiled).getStatements()[0];
        } catch (EPDeployException e) {
            throw new IllegalStateException("EPL does not deploy: " + EPL, e);
        }
        statement.addListener((newEvents, oldEvents, s, r) -> matched(newEvents));
    }

    private void matched(EventBean[] matched) {
        matches += matched.length;
        if (out != null) {
            for (EventBean m : matched) {
                out.add(new Match((Long) m.get("user"), (Long) m.get("ats"), (Long) m.get("bts")));
            }
        }
    }

    /** Advances the clock to the event's timestamp, then sends the event. */
    public void accept(long user, byte type, long timestamp) {
        if (timestamp > events.getCurrentTime()) {
            events.advanceTime(timestamp);
        }
        events.sendEventObjectArray(
                new Object[] {user, type == MicroWorkload.A ? A : B, timestamp}, "Event");
    }

    public void accept(Event e) {
        accept(e.user, e.type, e.timestamp);
    }

    /** The matches so far. */
    public long matches() {
        return matches;
    }

    /** The matches of {@code events}, in the order their B's arrive. */
    public static List<Match> matches(List<Event> events) {
        List<Match> out = new ArrayList<>();
        try (EsperMatcher m =
                new EsperMatcher(events.isEmpty() ? 0 : events.get(0).timestamp, out)) {
            events.forEach(m::accept);
        }
        return out;
    }

    @Override
    public void close() {
        runtime.destroy();
    }
}
