package io.brushguard.patterns.engine;

import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.review;
import static org.assertj.core.api.Assertions.assertThat;

/** A lane on the wire: an event with its key and detector bits, or a definition change. */
class LaneTest {

    private static final TypeSerializer<Lane<PlatformEvent>> SERIALIZER =
            Lane.typeInfo(TypeInformation.of(PlatformEvent.class))
                    .createSerializer(new SerializerConfigImpl());

    private static Lane<PlatformEvent> roundTrip(Lane<PlatformEvent> lane) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        SERIALIZER.serialize(lane, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        Lane<PlatformEvent> back = SERIALIZER.deserialize(in);
        assertThat(in.available()).isZero();
        return back;
    }

    @Test
    void shouldKeepAnEventItsKeyAndItsDetectorsOnTheWire() throws Exception {
        PlatformEvent e = review("r1", "shop-1", "troll", 1, null, T0);
        Lane<PlatformEvent> back = roundTrip(Lane.of("shop-1", 0b1010L | Long.MIN_VALUE, e));

        assertThat(back.key).isEqualTo("shop-1");
        assertThat(back.detectors).isEqualTo(0b1010L | Long.MIN_VALUE);
        assertThat(back.event.record()).isEqualTo(e.record());
        assertThat(back.update).isNull();
        assertThat(back.isFor(1)).isTrue();
        assertThat(back.isFor(3)).isTrue();
        assertThat(back.isFor(63)).isTrue();
        assertThat(back.isFor(0)).isFalse();
        assertThat(back.isFor(2)).isFalse();
    }

    @Test
    void shouldKeepADefinitionChangeOnTheWire() throws Exception {
        CatalogUpdate update = new CatalogUpdate(7, List.of());
        Lane<PlatformEvent> back = roundTrip(Lane.update(update));

        assertThat(back.update).isEqualTo(update);
        assertThat(back.event).isNull();
        assertThat(back.key).isEmpty();
        assertThat(back.isFor(0)).isFalse();
    }

    @Test
    void shouldShareALaneBetweenTheDetectorsOfAChainAndRestoreItsSerializer() throws Exception {
        Lane<PlatformEvent> lane = Lane.of("k", Lane.ALL, review("r", "s", "u", 5, null, T0));
        assertThat(SERIALIZER.copy(lane)).isSameAs(lane);

        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, SERIALIZER.snapshotConfiguration());
        TypeSerializerSnapshot<Lane<PlatformEvent>> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isEqualTo(SERIALIZER);
        assertThat(
                        SERIALIZER
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(read)
                                .isCompatibleAsIs())
                .isTrue();
    }
}
