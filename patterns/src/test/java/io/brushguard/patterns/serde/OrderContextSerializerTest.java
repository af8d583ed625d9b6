package io.brushguard.patterns.serde;

import io.brushguard.patterns.correlation.OrderContext;

import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flink's serializer contract ({@link SerializerTestBase}), plus: every field of {@link
 * OrderContext}, found by reflection, survives a round trip, a copy and {@link
 * OrderContext#copy()}, and the layout is pinned to the format version.
 */
class OrderContextSerializerTest extends SerializerTestBase<OrderContext> {

    /** The layout of each format version; a change to the class must add a version here. */
    private static final long LAYOUT_V1 = 0xaeaa55c96183c18eL;

    private final EveryField every = new EveryField(20261122L);

    OrderContextSerializerTest() {
        super(
                new DeeplyEqualsChecker()
                        .withCustomCheck(
                                (a, b) -> a instanceof OrderContext && b instanceof OrderContext,
                                (a, b, checker) -> EveryField.sameFields(a, b)));
    }

    @Override
    protected TypeSerializer<OrderContext> createSerializer() {
        return OrderContextSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<OrderContext> getTypeClass() {
        return OrderContext.class;
    }

    @Override
    protected OrderContext[] getTestData() {
        EveryField data = new EveryField(11L);
        return new OrderContext[] {
            data.object(OrderContext.class),
            data.object(OrderContext.class),
            new OrderContext(),
            new OrderContext("o-1")
        };
    }

    @Test
    void shouldKeepEveryField() throws IOException {
        for (int i = 0; i < 50; i++) {
            OrderContext c = every.object(OrderContext.class);

            assertSameInEveryField(c, RoundTrip.of(OrderContextSerializer.INSTANCE, c));
            assertSameInEveryField(
                    c, RoundTrip.ofSerializedCopy(OrderContextSerializer.INSTANCE, c));
            assertSameInEveryField(c, OrderContextSerializer.INSTANCE.copy(c));
            assertSameInEveryField(c, c.copy());
        }
    }

    @Test
    void shouldKeepUnsetFields() throws IOException {
        OrderContext c = new OrderContext("o-1");

        assertThat(RoundTrip.of(OrderContextSerializer.INSTANCE, c))
                .usingRecursiveComparison()
                .isEqualTo(c);
    }

    @Test
    void shouldPinTheLayoutToTheFormatVersion() {
        assertThat(OrderContextSerializer.LAYOUT)
                .as(
                        "OrderContext's fields changed. Serialise the change in"
                                + " OrderContextSerializer, bump its VERSION, decide about old"
                                + " savepoints (package io.brushguard.patterns.serde), then pin the"
                                + " new layout here: %x",
                        OrderContextSerializer.LAYOUT)
                .isEqualTo(layoutOf(OrderContextSerializer.VERSION));
    }

    private static void assertSameInEveryField(OrderContext expected, OrderContext actual) {
        for (Field f : EveryField.instanceFields(OrderContext.class)) {
            try {
                assertThat(f.get(actual)).as(f.getName()).isEqualTo(f.get(expected));
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static long layoutOf(int version) {
        switch (version) {
            case 1:
                return LAYOUT_V1;
            default:
                throw new AssertionError("no layout pinned for version " + version);
        }
    }
}
