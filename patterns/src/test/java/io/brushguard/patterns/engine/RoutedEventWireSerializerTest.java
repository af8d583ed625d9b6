package io.brushguard.patterns.engine;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.OrderEvent;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;
import io.brushguard.patterns.serde.EventProjection;
import io.brushguard.patterns.serde.EveryField;

import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flink's serializer contract for what the network carries from the router to the engine ({@link
 * SerializerTestBase}), plus: what it reads keeps the event as its bytes until asked, and the
 * engine's state writes such an event exactly as it writes one the router made, so savepoints keep
 * their format.
 */
class RoutedEventWireSerializerTest extends SerializerTestBase<RoutedEvent> {

    private final EveryField every = new EveryField(20261125L);

    RoutedEventWireSerializerTest() {
        super(
                new DeeplyEqualsChecker()
                        .withCustomCheck(
                                (a, b) -> a instanceof RoutedEvent && b instanceof RoutedEvent,
                                (a, b, checker) -> same((RoutedEvent) a, (RoutedEvent) b)));
    }

    @Override
    protected TypeSerializer<RoutedEvent> createSerializer() {
        return RoutedEventWireSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<RoutedEvent> getTypeClass() {
        return RoutedEvent.class;
    }

    @Override
    protected RoutedEvent[] getTestData() {
        EveryField data = new EveryField(11L);
        RoutedEvent made = routed(EntityType.BUYER, "buyer-1", data);
        try {
            return new RoutedEvent[] {
                made,
                overTheNetwork(made),
                routed(EntityType.SHOP, "店铺-7", data),
                routed(EntityType.DEVICE, "", data)
            };
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Nothing is ever read into a given instance: a routed event is immutable, so there is none.
     */
    @Override
    @Test
    protected void testInstantiate() {
        assertThat(RoutedEventWireSerializer.INSTANCE.isImmutableType()).isTrue();
        assertThat(RoutedEventWireSerializer.INSTANCE.createInstance()).isNull();
    }

    @Test
    void whatComesOverTheNetworkKeepsTheEventAsItsBytesUntilAsked() throws IOException {
        for (int i = 0; i < 20; i++) {
            RoutedEvent made = routed(EntityType.REVIEWER, "reviewer-" + i, every);
            RoutedEvent came = overTheNetwork(made);

            assertThat(made.bytes()).isNull();
            assertThat(came.bytes()).isNotNull();
            assertThat(came.subject).isEqualTo(made.subject);
            assertThat(came.subjectId()).isEqualTo(made.subjectId());
            assertThat(came.key).isEqualTo(made.key);
            assertThat(came.keyHash).isEqualTo(made.keyHash);
            assertThat(came.ts).isEqualTo(made.ts);
            EnrichedEvent decoded = came.event();
            assertThat(EveryField.sameFields(decoded, made.event())).isTrue();
            assertThat(came.event()).as("decoded once, then kept").isSameAs(decoded);

            came.forgetDecoded();
            assertThat(came.event()).as("decoded again").isNotSameAs(decoded);
            assertThat(EveryField.sameFields(came.event(), made.event())).isTrue();
            made.forgetDecoded();
            assertThat(made.event()).as("the router's own event stays").isNotNull();
            // Sent on again (a rescaled restore re-routes nothing, but the format allows it).
            assertThat(same(overTheNetwork(came), made)).isTrue();
        }
    }

    /**
     * An event decoded with some fields is decoded again when asked for fields it was not decoded
     * with, and kept when asked for fewer; one the router made has every field.
     */
    @Test
    void anEventDecodedWithSomeFieldsIsDecodedAgainForMore() throws IOException {
        RoutedEvent made =
                new RoutedEvent(
                        EntityType.BUYER,
                        "alice",
                        new EnrichedEvent(
                                PlatformEvent.of(every.record(OrderEvent.class)),
                                every.object(OrderContext.class)));
        RoutedEvent came = overTheNetwork(made);
        EventProjection ip =
                EventProjection.builder()
                        .add(RoutedEvent.ORDERING)
                        .field(StreamType.ORDERS, "ip")
                        .build();

        EnrichedEvent ordering = came.event(RoutedEvent.ORDERING);
        assertThat(ordering.event.order.getOrderId())
                .isEqualTo(made.event().event.order.getOrderId());
        assertThat(ordering.event.order.getIp()).isNull();
        assertThat(ordering.context).isNull();
        assertThat(came.event(RoutedEvent.ORDERING)).isSameAs(ordering);

        EnrichedEvent withIp = came.event(ip);
        assertThat(withIp).isNotSameAs(ordering);
        assertThat(withIp.event.order.getIp()).isEqualTo(made.event().event.order.getIp());
        assertThat(came.event(RoutedEvent.ORDERING)).as("covered: kept").isSameAs(withIp);

        assertThat(EveryField.sameFields(came.event(), made.event())).isTrue();
        assertThat(came.event(ip)).as("all fields cover any").isSameAs(came.event());
        assertThat(made.event(ip)).isSameAs(made.event());
    }

    @Test
    void theStateWritesAnEventThatCameAsBytesAsItWritesTheRoutersOwn() throws IOException {
        for (int i = 0; i < 20; i++) {
            RoutedEvent made = routed(EntityType.SHOP, "shop-" + i, every);
            RoutedEvent came = overTheNetwork(made);

            byte[] fromMade = write(RoutedEventSerializer.INSTANCE, made);
            assertThat(write(RoutedEventSerializer.INSTANCE, came)).isEqualTo(fromMade);
            RoutedEvent restored =
                    RoutedEventSerializer.INSTANCE.deserialize(new DataInputDeserializer(fromMade));
            assertThat(same(restored, made)).isTrue();
        }
    }

    private static RoutedEvent routed(EntityType subject, String id, EveryField data) {
        return new RoutedEvent(subject, id, data.object(EnrichedEvent.class));
    }

    /** {@code r} as the engine receives it: written and read by the network's serializer. */
    static RoutedEvent overTheNetwork(RoutedEvent r) throws IOException {
        return RoutedEventWireSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(write(RoutedEventWireSerializer.INSTANCE, r)));
    }

    private static byte[] write(TypeSerializer<RoutedEvent> serializer, RoutedEvent r)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(r, out);
        return out.getCopyOfBuffer();
    }

    private static boolean same(RoutedEvent a, RoutedEvent b) {
        return a.subject == b.subject
                && a.subjectId().equals(b.subjectId())
                && a.key.equals(b.key)
                && a.ts == b.ts
                && EveryField.sameFields(a.event(), b.event());
    }
}
