package io.brushguard.patterns.serde;

import io.brushguard.avro.ReviewEvent;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshotSerializationUtil;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flink's serializer contract ({@link SerializerTestBase}), plus: every field of {@link
 * EnrichedEvent} and of what it holds survives a round trip and a copy, and the snapshot restores
 * only what its parts can read.
 */
class EnrichedEventSerializerTest extends SerializerTestBase<EnrichedEvent> {

    /** The layout of each format version; a change to the class must add a version here. */
    private static final long LAYOUT_V1 = 0x5747083361ba3a4aL;

    private final EveryField every = new EveryField(20261122L);

    EnrichedEventSerializerTest() {
        super(
                new DeeplyEqualsChecker()
                        .withCustomCheck(
                                (a, b) -> a instanceof EnrichedEvent && b instanceof EnrichedEvent,
                                (a, b, checker) -> EveryField.sameFields(a, b)));
    }

    @Override
    protected TypeSerializer<EnrichedEvent> createSerializer() {
        return EnrichedEventSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<EnrichedEvent> getTypeClass() {
        return EnrichedEvent.class;
    }

    @Override
    protected EnrichedEvent[] getTestData() {
        EveryField data = new EveryField(11L);
        return new EnrichedEvent[] {
            data.object(EnrichedEvent.class),
            data.object(EnrichedEvent.class),
            new EnrichedEvent(PlatformEvent.of(data.record(ReviewEvent.class)), null),
            new EnrichedEvent(
                    PlatformEvent.of(data.recordWithNulls(ReviewEvent.class)), new OrderContext())
        };
    }

    @Test
    void shouldKeepEveryField() throws IOException {
        for (int i = 0; i < 50; i++) {
            EnrichedEvent e = every.object(EnrichedEvent.class);

            assertThat(EveryField.sameFields(e, RoundTrip.of(EnrichedEventSerializer.INSTANCE, e)))
                    .isTrue();
            assertThat(EveryField.sameFields(e, EnrichedEventSerializer.INSTANCE.copy(e))).isTrue();
        }
    }

    @Test
    void shouldCopyTheContextToo() {
        EnrichedEvent e = every.object(EnrichedEvent.class);

        EnrichedEvent copy = EnrichedEventSerializer.INSTANCE.copy(e);

        assertThat(copy.context).isNotSameAs(e.context);
        assertThat(copy.event).isNotSameAs(e.event);
    }

    @Test
    void shouldPinTheLayoutToTheFormatVersion() {
        assertThat(EnrichedEventSerializer.LAYOUT)
                .as(
                        "EnrichedEvent's fields changed. Serialise the change in"
                                + " EnrichedEventSerializer, bump its VERSION, decide about old"
                                + " savepoints (package io.brushguard.patterns.serde), then pin the"
                                + " new layout here: %x",
                        EnrichedEventSerializer.LAYOUT)
                .isEqualTo(layoutOf(EnrichedEventSerializer.VERSION));
    }

    @Test
    void shouldRefuseToRestoreAnotherLayout() throws IOException {
        byte[] bytes = write(EnrichedEventSerializer.INSTANCE.snapshotConfiguration());

        assertThat(
                        compatibility(replaceLong(bytes, EnrichedEventSerializer.LAYOUT))
                                .isIncompatible())
                .isTrue();
    }

    @Test
    void shouldRefuseToRestoreWhenAPartChanged() throws IOException {
        byte[] bytes = write(EnrichedEventSerializer.INSTANCE.snapshotConfiguration());

        assertThat(compatibility(bytes).isCompatibleAsIs()).isTrue();
        assertThat(
                        compatibility(replaceLong(bytes, OrderContextSerializer.LAYOUT))
                                .isIncompatible())
                .isTrue();
        assertThat(
                        compatibility(replaceLong(bytes, PlatformEventSerializer.LAYOUT))
                                .isIncompatible())
                .isTrue();
    }

    /** The snapshot with one layout fingerprint in it altered. */
    private static byte[] replaceLong(byte[] snapshot, long layout) throws IOException {
        int at = indexOf(snapshot, longBytes(layout));
        assertThat(at).isNotNegative();
        byte[] changed = snapshot.clone();
        System.arraycopy(longBytes(layout + 1), 0, changed, at, 8);
        return changed;
    }

    private static long layoutOf(int version) {
        switch (version) {
            case 1:
                return LAYOUT_V1;
            default:
                throw new AssertionError("no layout pinned for version " + version);
        }
    }

    private static TypeSerializerSchemaCompatibility<EnrichedEvent> compatibility(byte[] snapshot)
            throws IOException {
        TypeSerializerSnapshot<EnrichedEvent> old =
                TypeSerializerSnapshotSerializationUtil.readSerializerSnapshot(
                        new DataInputDeserializer(snapshot),
                        EnrichedEventSerializerTest.class.getClassLoader());
        return EnrichedEventSerializer.INSTANCE
                .snapshotConfiguration()
                .resolveSchemaCompatibility(old);
    }

    private static byte[] write(TypeSerializerSnapshot<EnrichedEvent> snapshot) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshotSerializationUtil.writeSerializerSnapshot(out, snapshot);
        return out.getCopyOfBuffer();
    }

    private static byte[] longBytes(long v) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(8);
        out.writeLong(v);
        return out.getCopyOfBuffer();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
