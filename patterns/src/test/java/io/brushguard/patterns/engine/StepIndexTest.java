package io.brushguard.patterns.engine;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;
import io.brushguard.patterns.serde.EnrichedEventSerializer;
import io.brushguard.patterns.serde.EventProjection;
import io.brushguard.patterns.serde.EveryField;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.order;
import static io.brushguard.patterns.Fixtures.review;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index never leaves out a pattern an event concerns: on random events, the patterns whose
 * steps match are always among the candidates, and those selected by another value are not.
 */
class StepIndexTest {

    /**
     * Every field a definition may name reads, from an event decoded with only that field projected
     * ({@link StepIndex#project}), what it reads from the whole event: each field's reader and its
     * name in the schema agree, and a story field brings the story.
     */
    @Test
    void everyFieldReadsTheSameFromAnEventDecodedWithOnlyIt() throws IOException {
        EveryField every = new EveryField(25L);
        for (Field f : Field.values()) {
            for (StreamType stream :
                    f.stream == null ? StreamType.values() : new StreamType[] {f.stream}) {
                PlatformEvent event =
                        switch (stream) {
                            case ORDERS -> PlatformEvent.of(every.record(OrderEvent.class));
                            case PAYMENTS -> PlatformEvent.of(every.record(PaymentEvent.class));
                            case LOGISTICS -> PlatformEvent.of(every.record(LogisticsEvent.class));
                            case REVIEWS -> PlatformEvent.of(every.record(ReviewEvent.class));
                        };
                EnrichedEvent full = new EnrichedEvent(event, every.object(OrderContext.class));
                EventProjection.Builder b = EventProjection.builder();
                StepIndex.project(b, f);
                DataOutputSerializer out = new DataOutputSerializer(512);
                EnrichedEventSerializer.INSTANCE.serialize(full, out);
                EnrichedEvent decoded =
                        EnrichedEventSerializer.deserialize(
                                new DataInputDeserializer(out.getCopyOfBuffer()), b.build());
                assertThat(f.read(full)).as("%s on %s has a value", f, stream).isNotNull();
                assertThat(f.read(decoded)).as("%s on %s", f, stream).isEqualTo(f.read(full));
            }
        }
    }

    @Test
    void candidatesHoldEveryPatternAnEventConcernsAndSkipOtherValues() {
        List<CompiledPattern> patterns = new ArrayList<>();
        patterns.add(new CompiledPattern(PatternEngineOperatorTest.createdThenPaid(10_000)));
        patterns.add(new CompiledPattern(PatternEngineOperatorTest.lowRatings(3)));
        patterns.add(new CompiledPattern(PatternEngineOperatorTest.paidNotPickedUp()));
        StepIndex index = new StepIndex(patterns);
        Random random = new Random(3);
        OrderStatus[] statuses = OrderStatus.values();
        for (int i = 0; i < 2_000; i++) {
            PlatformEvent p =
                    random.nextBoolean()
                            ? order(
                                    "o" + i,
                                    "b",
                                    "s",
                                    statuses[random.nextInt(statuses.length)],
                                    T0)
                            : review("r" + i, "s", "x", 1 + random.nextInt(5), "o" + i, T0);
            EnrichedEvent e = new EnrichedEvent(p, null);
            List<CompiledPattern> candidates = index.candidates(e);
            for (CompiledPattern c : patterns) {
                if (c.concerns(e)) {
                    assertThat(candidates).as(p + " " + c.ruleId).contains(c);
                }
            }
            if (p.order != null
                    && p.order.getStatus() != OrderStatus.CREATED
                    && p.order.getStatus() != OrderStatus.PAID) {
                assertThat(candidates)
                        .as("no step selects status " + p.order.getStatus())
                        .isEmpty();
            }
        }
    }
}
