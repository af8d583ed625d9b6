package io.brushguard.patterns.engine;

import io.brushguard.avro.OrderStatus;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;

import org.junit.jupiter.api.Test;

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
