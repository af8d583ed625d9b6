package io.brushguard.patterns.serde;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flink's serializer contract ({@link SerializerTestBase}), plus: every field of every input schema
 * survives a round trip and a copy, and the layout is pinned to the format version.
 */
class PlatformEventSerializerTest extends SerializerTestBase<PlatformEvent> {

    /** The layout of each format version; a schema change must add a version here. */
    private static final long LAYOUT_V1 = 0xf254b6f7be19a82cL;

    private static final List<Class<? extends SpecificRecordBase>> RECORDS =
            List.of(OrderEvent.class, PaymentEvent.class, LogisticsEvent.class, ReviewEvent.class);

    private final EveryField every = new EveryField(20261122L);

    @Override
    protected TypeSerializer<PlatformEvent> createSerializer() {
        return PlatformEventSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<PlatformEvent> getTypeClass() {
        return PlatformEvent.class;
    }

    @Override
    protected PlatformEvent[] getTestData() {
        EveryField data = new EveryField(11L);
        return new PlatformEvent[] {
            PlatformEvent.of(data.record(OrderEvent.class)),
            PlatformEvent.of(data.record(PaymentEvent.class)),
            PlatformEvent.of(data.record(LogisticsEvent.class)),
            PlatformEvent.of(data.record(ReviewEvent.class)),
            PlatformEvent.of(data.recordWithNulls(OrderEvent.class)),
            PlatformEvent.of(data.recordWithNulls(LogisticsEvent.class)),
            PlatformEvent.of(data.recordWithNulls(ReviewEvent.class)),
            data.object(PlatformEvent.class)
        };
    }

    @Test
    void shouldKeepEveryFieldOfEverySchema() throws IOException {
        for (Class<? extends SpecificRecordBase> type : RECORDS) {
            for (int i = 0; i < 50; i++) {
                PlatformEvent e = withRecord(every.record(type));
                assertThat(RoundTrip.of(PlatformEventSerializer.INSTANCE, e))
                        .as(type.getSimpleName())
                        .isEqualTo(e);
                assertThat(RoundTrip.ofSerializedCopy(PlatformEventSerializer.INSTANCE, e))
                        .isEqualTo(e);
                assertThat(PlatformEventSerializer.INSTANCE.copy(e)).isEqualTo(e);
            }
        }
    }

    @Test
    void shouldKeepAllFourRecordsWhenSeveralAreSet() throws IOException {
        PlatformEvent all = every.object(PlatformEvent.class);

        assertThat(RoundTrip.of(PlatformEventSerializer.INSTANCE, all)).isEqualTo(all);
        assertThat(PlatformEventSerializer.INSTANCE.copy(all)).isEqualTo(all);
    }

    @Test
    void shouldCopyIntoNewRecords() {
        PlatformEvent e = PlatformEvent.of(every.record(OrderEvent.class));

        PlatformEvent copy = PlatformEventSerializer.INSTANCE.copy(e);
        copy.order.setShopId("another shop");

        assertThat(copy.order).isNotSameAs(e.order);
        assertThat(e.order.getShopId()).isNotEqualTo("another shop");
    }

    @Test
    void shouldKeepEmptyEventsAndHalfBuiltRecords() throws IOException {
        PlatformEvent empty = new PlatformEvent();
        PlatformEvent halfBuilt = PlatformEvent.of(new OrderEvent());
        halfBuilt.order.setOrderId("o-1");

        assertThat(RoundTrip.of(PlatformEventSerializer.INSTANCE, empty))
                .usingRecursiveComparison()
                .isEqualTo(empty);
        assertThat(RoundTrip.of(PlatformEventSerializer.INSTANCE, halfBuilt))
                .usingRecursiveComparison()
                .isEqualTo(halfBuilt);
        assertThat(PlatformEventSerializer.INSTANCE.copy(halfBuilt))
                .usingRecursiveComparison()
                .isEqualTo(halfBuilt);
    }

    @Test
    void shouldKeepStringsLongerThan64Kb() throws IOException {
        ReviewEvent r = every.record(ReviewEvent.class);
        r.setTextHash("差评".repeat(40_000));
        PlatformEvent e = PlatformEvent.of(r);

        assertThat(RoundTrip.of(PlatformEventSerializer.INSTANCE, e)).isEqualTo(e);
    }

    @Test
    void shouldPinTheLayoutToTheFormatVersion() {
        assertThat(PlatformEventSerializer.LAYOUT)
                .as(
                        "The Avro schemas or PlatformEvent changed. Serialise the change in"
                                + " PlatformEventSerializer/EventRecords, bump its VERSION, decide"
                                + " about old savepoints (package io.brushguard.patterns.serde),"
                                + " then pin the new layout here: %x",
                        PlatformEventSerializer.LAYOUT)
                .isEqualTo(layoutOf(PlatformEventSerializer.VERSION));
    }

    @Test
    void shouldRefuseToRestoreAnotherLayoutOrVersion() throws IOException {
        TypeSerializerSnapshot<PlatformEvent> running =
                PlatformEventSerializer.INSTANCE.snapshotConfiguration();
        TypeSerializerSnapshot<PlatformEvent> otherLayout =
                read(PlatformEventSerializer.VERSION, PlatformEventSerializer.LAYOUT + 1);
        TypeSerializerSnapshot<PlatformEvent> olderVersion =
                read(PlatformEventSerializer.VERSION - 1, PlatformEventSerializer.LAYOUT);
        TypeSerializerSnapshot<PlatformEvent> same =
                read(PlatformEventSerializer.VERSION, PlatformEventSerializer.LAYOUT);

        assertThat(running.resolveSchemaCompatibility(same).isCompatibleAsIs()).isTrue();
        assertThat(running.resolveSchemaCompatibility(otherLayout).isIncompatible()).isTrue();
        assertThat(running.resolveSchemaCompatibility(olderVersion).isIncompatible()).isTrue();
        assertThatThrownBy(otherLayout::restoreSerializer)
                .hasMessageContaining("layout fingerprint");
        assertThat(same.restoreSerializer()).isEqualTo(PlatformEventSerializer.INSTANCE);
    }

    private static TypeSerializerSnapshot<PlatformEvent> read(int version, long layout)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        out.writeLong(layout);
        PlatformEventSerializer.Snapshot snapshot = new PlatformEventSerializer.Snapshot();
        snapshot.readSnapshot(
                version,
                new DataInputDeserializer(out.getCopyOfBuffer()),
                PlatformEventSerializerTest.class.getClassLoader());
        return snapshot;
    }

    private static long layoutOf(int version) {
        switch (version) {
            case 1:
                return LAYOUT_V1;
            default:
                throw new AssertionError("no layout pinned for version " + version);
        }
    }

    private static PlatformEvent withRecord(SpecificRecordBase r) {
        if (r instanceof OrderEvent) {
            return PlatformEvent.of((OrderEvent) r);
        }
        if (r instanceof PaymentEvent) {
            return PlatformEvent.of((PaymentEvent) r);
        }
        if (r instanceof LogisticsEvent) {
            return PlatformEvent.of((LogisticsEvent) r);
        }
        return PlatformEvent.of((ReviewEvent) r);
    }
}
