package io.brushguard.jobs.demo;

import io.brushguard.patterns.model.StreamType;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaybackTest {

    private static final Map<StreamType, String> TOPICS = Map.of(StreamType.ORDERS, "orders");

    private static MockProducer<byte[], byte[]> producer() {
        return new MockProducer<>(
                false, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A playback through {@code producer} that has sent two orders. */
    private static Playback twoOrdersSent(MockProducer<byte[], byte[]> producer) {
        Playback playback = new Playback(producer, TOPICS, 0, 1);
        playback.send(created("o1", "b1", "s1", T0));
        playback.send(created("o2", "b2", "s1", T0 + 1));
        return playback;
    }

    @Test
    void shouldFailTheFlushWhenARecordCouldNotBeWritten() {
        MockProducer<byte[], byte[]> producer = producer();
        Playback playback = twoOrdersSent(producer);
        producer.errorNext(new TimeoutException("expired before it was written"));

        assertThatThrownBy(playback::flush)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("1 of the records sent could not be written to Kafka")
                .hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void shouldFlushWhenEveryRecordIsWritten() {
        MockProducer<byte[], byte[]> producer = producer();
        Playback playback = twoOrdersSent(producer);

        playback.flush();

        assertThat(producer.history()).hasSize(2);
        assertThat(playback.sent()).isEqualTo(2);
    }
}
