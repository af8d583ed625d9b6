package io.brushguard.jobs.source;

import io.brushguard.avro.DeadLetter;
import io.brushguard.jobs.sink.AvroBytes;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class EventRouterTest {

    private final EventDecoder decoder = new EventDecoder(Map.of("orders", StreamType.ORDERS));

    private SourceRecord record(long offset, byte[] value) {
        return decoder.decode("orders", 0, offset, 0L, null, value);
    }

    @Test
    void shouldPassThreeValidEventsAndDeadLetterTheCorruptOneBetweenThem() throws Exception {
        byte[] valid = AvroBytes.encode(EventDecoderTest.anOrder());
        byte[] corrupt = Arrays.copyOf(valid, 7);
        OneInputStreamOperatorTestHarness<SourceRecord, PlatformEvent> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new EventRouter());

        for (SourceRecord r :
                List.of(record(0, valid), record(1, corrupt), record(2, valid), record(3, valid))) {
            h.processElement(r, r.event != null ? r.event.eventTime() : Long.MIN_VALUE);
        }

        assertThat(h.extractOutputValues()).hasSize(3);
        List<DeadLetter> dead = deadLetters(h);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).getOffset()).isEqualTo(1L);
        assertThat(dead.get(0).getTopic()).isEqualTo("orders");
    }

    @Test
    void shouldSendAnEventBehindTheWatermarkToTheDeadLettersAsLate() throws Exception {
        SourceRecord r = record(5, AvroBytes.encode(EventDecoderTest.anOrder()));
        OneInputStreamOperatorTestHarness<SourceRecord, PlatformEvent> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new EventRouter());
        h.processWatermark(r.event.eventTime() + 1);
        h.processElement(r, r.event.eventTime());

        assertThat(h.extractOutputValues()).isEmpty();
        List<DeadLetter> dead = deadLetters(h);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).getReason()).isEqualTo(DeadLetters.LATE);
        assertThat(dead.get(0).getOffset()).isEqualTo(5L);
        assertThat(dead.get(0).getError()).contains("1 ms behind the watermark");
        assertThat(dead.get(0).getValue()).isNotNull();
    }

    private static List<DeadLetter> deadLetters(
            OneInputStreamOperatorTestHarness<SourceRecord, PlatformEvent> h) {
        var side = h.getSideOutput(DeadLetters.TAG);
        return side == null
                ? List.of()
                : side.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }
}
