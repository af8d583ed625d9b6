package io.brushguard.patterns.serde;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventProjectionTest {

    private static final Map<StreamType, Class<? extends SpecificRecordBase>> RECORDS =
            Map.of(
                    StreamType.ORDERS, OrderEvent.class,
                    StreamType.PAYMENTS, PaymentEvent.class,
                    StreamType.LOGISTICS, LogisticsEvent.class,
                    StreamType.REVIEWS, ReviewEvent.class);

    private final EveryField every = new EveryField(20261125L);

    /**
     * For every field of every record: a projection of that field alone builds it and no other text
     * or time field; numbers and enums are read whatever the projection; the story only when asked
     * for. So each field's name reaches the position its reader reads.
     */
    @Test
    void shouldBuildTheNamedFieldsAndNoOtherTextOrTime() throws IOException {
        for (Map.Entry<StreamType, Class<? extends SpecificRecordBase>> r : RECORDS.entrySet()) {
            SpecificRecordBase record = every.record(r.getValue());
            EnrichedEvent full = new EnrichedEvent(of(record), every.object(OrderContext.class));
            for (Schema.Field named : record.getSchema().getFields()) {
                EventProjection p =
                        EventProjection.builder().field(r.getKey(), named.name()).build();
                EnrichedEvent got = decode(full, p);
                SpecificRecordBase read = record(got.event);
                assertThat(read.getClass()).isEqualTo(record.getClass());
                for (Schema.Field f : record.getSchema().getFields()) {
                    String where = r.getKey() + " projected to " + named.name() + ": " + f.name();
                    if (f == named || !projected(f.schema())) {
                        assertThat(read.get(f.pos())).as(where).isEqualTo(record.get(f.pos()));
                    } else {
                        assertThat(read.get(f.pos())).as(where).isNull();
                    }
                }
                assertThat(got.context).isNull();
            }
        }
    }

    @Test
    void allShouldDecodeAsTheSerializerDoes() throws IOException {
        for (Class<? extends SpecificRecordBase> type : RECORDS.values()) {
            EnrichedEvent full =
                    new EnrichedEvent(of(every.record(type)), every.object(OrderContext.class));
            assertThat(EveryField.sameFields(decode(full, EventProjection.ALL), full)).isTrue();
            assertThat(
                            EveryField.sameFields(
                                    decode(full, EventProjection.builder().context().build())
                                            .context,
                                    full.context))
                    .isTrue();
        }
    }

    /** Skipped strings of any kind, as long as the scratch array and longer, leave no trace. */
    @Test
    void shouldSkipTextOfAnyKindAndReadWhatFollows() throws IOException {
        for (String text :
                new String[] {"店铺-42-刷单", "café ÿ", "x".repeat(1025), "差".repeat(3000), ""}) {
            OrderEvent o = every.record(OrderEvent.class);
            o.setShopId(text);
            o.setBuyerId(text + "-buyer");
            o.setCategory(text);
            o.setIp("10.0.0.1");
            o.setStatus(OrderStatus.PAID);
            EnrichedEvent full = new EnrichedEvent(PlatformEvent.of(o), null);
            EventProjection ip = EventProjection.builder().field(StreamType.ORDERS, "ip").build();
            OrderEvent read = decode(full, ip).event.order;
            assertThat(read.getIp()).isEqualTo("10.0.0.1");
            assertThat(read.getShopId()).isNull();
            assertThat(read.getStatus()).isEqualTo(OrderStatus.PAID);
            assertThat(read.getAmount()).isEqualTo(o.getAmount());
        }
    }

    @Test
    void coversShouldMeanEveryFieldAndTheStory() {
        EventProjection ids =
                EventProjection.builder()
                        .field(StreamType.ORDERS, "order_id")
                        .field(StreamType.REVIEWS, "review_id")
                        .build();
        EventProjection more =
                EventProjection.builder().add(ids).field(StreamType.ORDERS, "ip").build();
        EventProjection story = EventProjection.builder().add(ids).context().build();
        assertThat(more.covers(ids)).isTrue();
        assertThat(ids.covers(more)).isFalse();
        assertThat(story.covers(ids)).isTrue();
        assertThat(more.covers(story)).isFalse();
        assertThat(EventProjection.ALL.covers(more)).isTrue();
        assertThat(EventProjection.ALL.covers(story)).isTrue();
        assertThat(ids.covers(EventProjection.ALL)).isFalse();
        assertThat(EventProjection.builder().add(more).add(story).build())
                .isEqualTo(
                        EventProjection.builder()
                                .add(story)
                                .field(StreamType.ORDERS, "ip")
                                .build());
        assertThat(more.toString()).contains("orders=order_id,ip").contains("story=false");
    }

    @Test
    void shouldRejectAFieldTheRecordDoesNotHave() {
        assertThatThrownBy(() -> EventProjection.builder().field(StreamType.PAYMENTS, "rating"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no field rating on payments events");
    }

    private static EnrichedEvent decode(EnrichedEvent e, EventProjection p) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        EnrichedEventSerializer.INSTANCE.serialize(e, out);
        return EnrichedEventSerializer.deserialize(
                new DataInputDeserializer(out.getCopyOfBuffer()), p);
    }

    /** Whether a field of this schema is left null when not projected: text and time. */
    private static boolean projected(Schema s) {
        if (s.getType() == Schema.Type.UNION) {
            for (Schema branch : s.getTypes()) {
                if (branch.getType() != Schema.Type.NULL) {
                    return projected(branch);
                }
            }
        }
        return s.getType() == Schema.Type.STRING || s.getLogicalType() != null;
    }

    private static PlatformEvent of(SpecificRecordBase r) {
        if (r instanceof OrderEvent o) {
            return PlatformEvent.of(o);
        }
        if (r instanceof PaymentEvent p) {
            return PlatformEvent.of(p);
        }
        if (r instanceof LogisticsEvent l) {
            return PlatformEvent.of(l);
        }
        return PlatformEvent.of((ReviewEvent) r);
    }

    private static SpecificRecordBase record(PlatformEvent e) {
        return e.order != null
                ? e.order
                : e.payment != null ? e.payment : e.logistics != null ? e.logistics : e.review;
    }
}
