package io.brushguard.patterns.engine;

import io.brushguard.avro.EntityType;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.definition.PatternDefinitions;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.review;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's router on the running job: its one input carries the events and the definition
 * changes, it routes by the latest change it took, and a restart routes as before it.
 */
class EngineRouterTest {

    private static final LiveCatalog CATALOG = new LiveCatalog(PatternDefinitions.shipped());

    private static OneInputStreamOperatorTestHarness<Lane<EnrichedEvent>, RoutedEvent> open(
            OperatorSubtaskState restore) throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new EngineRouter.WithControl(CATALOG));
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    private static void rating(
            OneInputStreamOperatorTestHarness<Lane<EnrichedEvent>, RoutedEvent> h,
            String id,
            int rating)
            throws Exception {
        EnrichedEvent e =
                new EnrichedEvent(review("r-" + id, "shop-1", "u-" + id, rating, null, T0), null);
        h.processElement(Lane.of("", 0L, e), T0);
    }

    private static List<String> routed(
            OneInputStreamOperatorTestHarness<Lane<EnrichedEvent>, RoutedEvent> h) {
        return h.extractOutputValues().stream()
                .map(r -> r.key + " " + r.event().event.review.getReviewId())
                .toList();
    }

    @Test
    void shouldRouteByTheLatestDefinitionChangeInItsInputAndKeepItAcrossARestart()
            throws Exception {
        var h = open(null);
        rating(h, "1", 1);
        assertThat(routed(h)).as("no declarative pattern runs yet").isEmpty();

        h.processElement(Lane.update(LiveEngineTest.update(1, 1, "rating <= 2", 3, true)), 0);
        rating(h, "2", 1);
        assertThat(routed(h)).containsExactly(RoutedEvent.key(EntityType.SHOP, "shop-1") + " r-2");

        // An older change than the one it runs changes nothing.
        h.processElement(Lane.update(CatalogUpdate.EMPTY), 0);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        var restored = open(snapshot);
        rating(restored, "3", 1);
        assertThat(routed(restored)).hasSize(1);

        restored.processElement(
                Lane.update(LiveEngineTest.update(2, 2, "rating <= 2", 3, false)), 0);
        rating(restored, "4", 1);
        assertThat(routed(restored)).as("the pattern is disabled: nothing routed").hasSize(1);
        restored.close();
    }
}
