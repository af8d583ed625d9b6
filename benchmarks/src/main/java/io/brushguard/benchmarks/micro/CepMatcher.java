package io.brushguard.benchmarks.micro;

import io.brushguard.benchmarks.micro.MicroWorkload.Event;
import io.brushguard.benchmarks.micro.MicroWorkload.Match;

import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The stock Flink CEP contender: the workload's pattern, as issue 6 states it, in event time. */
public final class CepMatcher {

    private CepMatcher() {}

    /** Every A followed by the first B within 10 s, default skip strategy (no skip). */
    public static Pattern<Event, Event> pattern() {
        return Pattern.<Event>begin("a")
                .where(SimpleCondition.of(e -> e.type == MicroWorkload.A))
                .followedBy("b")
                .where(SimpleCondition.of(e -> e.type == MicroWorkload.B))
                .within(Duration.ofMillis(MicroWorkload.WITHIN_MS));
    }

    public static DataStream<Match> matches(KeyedStream<Event, Long> byUser) {
        return CEP.pattern(byUser, pattern())
                .inEventTime()
                .process(new ToMatch())
                .name("cep: A followed by B within 10 s")
                .uid("micro-cep");
    }

    private static final class ToMatch extends PatternProcessFunction<Event, Match> {
        @Override
        public void processMatch(
                Map<String, List<Event>> match, Context ctx, Collector<Match> out) {
            Event a = match.get("a").get(0);
            Event b = match.get("b").get(0);
            out.collect(new Match(a.user, a.timestamp, b.timestamp));
        }
    }
}
