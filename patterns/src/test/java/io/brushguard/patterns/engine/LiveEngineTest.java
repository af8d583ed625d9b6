package io.brushguard.patterns.engine;

import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.definition.PatternDefinitions;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.minutes;
import static io.brushguard.patterns.Fixtures.review;
import static org.assertj.core.api.Assertions.assertThat;

/** The engine under live changes: deploy, a compatible update, an incompatible one, disable. */
class LiveEngineTest {

    private static final LiveCatalog CATALOG = new LiveCatalog(PatternDefinitions.shipped());

    static String yaml(int version, String where, int min, boolean enabled) {
        return String.join(
                "\n",
                "id: live.low-ratings",
                "version: " + version,
                "kind: MALICIOUS_REVIEW",
                "direction: DEFLATE",
                "subject: SHOP",
                "severity: HIGH",
                "enabled: " + enabled,
                "window: 1h",
                "count:",
                "  stream: reviews",
                "  where: [" + where + "]",
                "  distinct: reviewer_id",
                "  min: " + min);
    }

    static CatalogUpdate update(long revision, int version, String where, int min, boolean on) {
        return new CatalogUpdate(
                revision,
                List.of(
                        new DeployedDefinition(
                                "live.low-ratings",
                                version,
                                yaml(version, where, min, on),
                                false,
                                false,
                                on,
                                false,
                                "test",
                                0)));
    }

    private KeyedTwoInputStreamOperatorTestHarness<String, RoutedEvent, CatalogUpdate, RiskAlert>
            harness;
    private CatalogUpdate current = CatalogUpdate.EMPTY;

    private void open(OperatorSubtaskState restoreFrom) throws Exception {
        harness =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new PatternEngineOperator.WithControl(List.of(), CATALOG),
                        RoutedEvent.keySelector(),
                        null,
                        Types.STRING);
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
    }

    private void deploy(CatalogUpdate u) throws Exception {
        current = u;
        harness.processElement2(u, 0);
    }

    private void feed(long watermark, PlatformEvent... events) throws Exception {
        EngineRouter router = new EngineRouter(CATALOG.resolve(current));
        for (PlatformEvent p : events) {
            List<RoutedEvent> routed = new ArrayList<>();
            router.route(new EnrichedEvent(p, null), routed::add);
            for (RoutedEvent r : routed) {
                harness.processElement1(RoutedEventWireSerializerTest.overTheNetwork(r), r.ts);
            }
        }
        harness.processWatermark1(
                new org.apache.flink.streaming.api.watermark.Watermark(watermark));
    }

    private List<String> alerts() {
        return harness.extractOutputValues().stream()
                .map(a -> a.getRuleId() + " v" + a.getRuleVersion() + " " + a.getOrderIds())
                .toList();
    }

    private static PlatformEvent low(String id, String reviewer, int rating, long at) {
        return review("r-" + id, "shop-1", reviewer, rating, "o-" + id, at);
    }

    @Test
    void changesApplyWithoutRestartAndKeepOrDropStateByShape() throws Exception {
        open(null);
        feed(T0, low("0", "a", 1, T0 - 1));
        assertThat(alerts()).as("nothing runs before a deploy").isEmpty();

        deploy(update(1, 1, "rating <= 2", 3, true));
        feed(
                T0 + minutes(3),
                low("1", "a", 1, T0 + 1),
                low("2", "b", 1, T0 + 2),
                low("3", "c", 2, T0 + 3));
        assertThat(alerts()).containsExactly("live.low-ratings v1 [o-1, o-2, o-3]");

        // Version 2 lowers the threshold; same conditions, so d's review counted under v1 stays.
        feed(T0 + minutes(10), low("4", "d", 1, T0 + minutes(5)));
        deploy(update(2, 2, "rating <= 2", 2, true));
        feed(T0 + minutes(20), low("5", "e", 1, T0 + minutes(15)));
        assertThat(alerts()).endsWith("live.low-ratings v2 [o-4, o-5]");

        // Version 3 changes a condition: what v2 counted means something else now, so it goes.
        feed(T0 + minutes(25), low("6", "f", 1, T0 + minutes(21)));
        deploy(update(3, 3, "rating == 1", 2, true));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        // A failover keeps the deployed version 3 (and the kept state under its shape).
        open(snapshot);
        feed(T0 + minutes(35), low("7", "g", 1, T0 + minutes(30)));
        assertThat(alerts()).as("f's review was counted under v2's shape").isEmpty();
        feed(T0 + minutes(45), low("8", "h", 1, T0 + minutes(40)));
        assertThat(alerts()).containsExactly("live.low-ratings v3 [o-7, o-8]");

        // Disabled: nothing more, and the key's state goes when it is next touched.
        deploy(update(4, 3, "rating == 1", 2, false));
        feed(
                T0 + minutes(55),
                low("9", "i", 1, T0 + minutes(50)),
                low("10", "j", 1, T0 + minutes(51)));
        assertThat(alerts()).hasSize(1);
    }
}
