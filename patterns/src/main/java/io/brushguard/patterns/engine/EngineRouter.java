package io.brushguard.patterns.engine;

import io.brushguard.avro.EntityType;
import io.brushguard.patterns.correlation.EnrichedEvent;

import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * In front of the engine's shuffle: each event goes on once for each subject type that a running
 * pattern keys by and whose steps the event is one of, keyed by that subject. Events no pattern can
 * use are dropped here, never serialised, shuffled or buffered, so honest traffic costs the engine
 * next to nothing.
 */
public final class EngineRouter {

    private final Map<EntityType, StepIndex> bySubject = new EnumMap<>(EntityType.class);

    public EngineRouter(List<PatternSpec> specs) {
        bySubject.putAll(StepIndex.bySubject(specs));
    }

    /** Routes {@code e}: one {@link RoutedEvent} per subject type that has a use for it. */
    public void route(EnrichedEvent e, Consumer<RoutedEvent> out) {
        for (Map.Entry<EntityType, StepIndex> entry : bySubject.entrySet()) {
            for (CompiledPattern c : entry.getValue().candidates(e)) {
                if (c.concerns(e)) {
                    String id = SubjectKeys.of(entry.getKey(), e);
                    if (id != null) {
                        out.accept(new RoutedEvent(entry.getKey(), id, e));
                    }
                    break;
                }
            }
        }
    }

    public boolean isEmpty() {
        return bySubject.isEmpty();
    }

    /** Fixed definitions. */
    public static final class Single extends AbstractStreamOperator<RoutedEvent>
            implements OneInputStreamOperator<EnrichedEvent, RoutedEvent> {

        private static final long serialVersionUID = 1L;

        private final List<PatternSpec> specs;
        private transient EngineRouter router;

        public Single(List<PatternSpec> specs) {
            this.specs = List.copyOf(specs);
        }

        @Override
        public void open() throws Exception {
            super.open();
            router = new EngineRouter(specs);
        }

        @Override
        public void processElement(StreamRecord<EnrichedEvent> element) {
            router.route(
                    element.getValue(),
                    r -> output.collect(new StreamRecord<>(r, element.getTimestamp())));
        }
    }

    /**
     * Definitions deployed while the job runs. Its one input is the lanes of every correlated event
     * and of every definition change, as the built-in detectors' input selection passes them on:
     * chained to it, so the correlated events cross the network once for both. The latest catalog
     * is kept in operator state, so a restart routes as before it.
     */
    public static final class WithControl extends AbstractStreamOperator<RoutedEvent>
            implements OneInputStreamOperator<Lane<EnrichedEvent>, RoutedEvent> {

        private static final long serialVersionUID = 1L;

        private final CatalogResolver resolver;
        private transient CatalogState catalog;
        private transient EngineRouter router;

        public WithControl(CatalogResolver resolver) {
            this.resolver = resolver;
        }

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            catalog =
                    CatalogState.restore(
                            context.getOperatorStateStore(), ControlledOperator.CATALOG_STATE);
            router = new EngineRouter(resolver.resolve(catalog.current()));
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            catalog.snapshot();
        }

        @Override
        public void processElement(StreamRecord<Lane<EnrichedEvent>> element) {
            Lane<EnrichedEvent> lane = element.getValue();
            if (lane.update != null) {
                if (catalog.offer(lane.update)) {
                    router = new EngineRouter(resolver.resolve(catalog.current()));
                }
                return;
            }
            router.route(
                    lane.event, r -> output.collect(new StreamRecord<>(r, element.getTimestamp())));
        }
    }
}
