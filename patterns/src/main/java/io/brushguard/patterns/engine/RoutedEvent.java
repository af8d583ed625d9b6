package io.brushguard.patterns.engine;

import io.brushguard.avro.EntityType;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.serde.EnrichedEventSerializer;
import io.brushguard.patterns.serde.SerializerTypeInfo;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;

/**
 * An event on its way to the engine, for one subject type: the engine's key is the subject type and
 * id together ({@link #key}), so one keyed operator serves every subject.
 *
 * <p>The router makes it from the event itself. What the engine receives over the network keeps the
 * event as its serialised bytes ({@link RoutedEventWireSerializer}) until {@link #event} is first
 * asked for: an event waits in the engine's buffer until the watermark passes it, and as one array
 * it takes a little over half the heap of the event's objects (about 350 bytes against 610 for an
 * order event) and far less of the garbage collector's work, and it is read in one pass when the
 * engine applies it. Its only change after it is made is that cache of its decoded event, which
 * never changes what it holds; it stays in the task that read it.
 */
public final class RoutedEvent {

    /** Decodes the events that came as bytes; one per thread, since events decode where applied. */
    private static final ThreadLocal<DataInputDeserializer> DECODER =
            ThreadLocal.withInitial(DataInputDeserializer::new);

    /**
     * The order the engine processes one key's events in: event time, then content, never arrival.
     */
    public static final Comparator<RoutedEvent> PROCESSING_ORDER =
            Comparator.comparingLong((RoutedEvent r) -> r.ts)
                    .thenComparing(r -> r.event().event.stream())
                    .thenComparing(r -> nullToEmpty(r.event().event.orderId()))
                    .thenComparingInt(r -> detail(r.event().event))
                    .thenComparing(r -> ownId(r.event().event))
                    .thenComparing(r -> r.key);

    /** The subject types by ordinal ({@code values()} copies its array on every call). */
    static final EntityType[] SUBJECTS = EntityType.values();

    public final EntityType subject;
    public final String subjectId;
    public final String key;
    public final long ts;

    /** The event; null while only {@link #bytes} hold it. */
    private EnrichedEvent event;

    /** The event as {@link EnrichedEventSerializer} wrote it, or null if made from the event. */
    private final byte[] bytes;

    /**
     * {@code key.hashCode()}, kept beside the time: the engine groups a watermark's events by it.
     */
    final int keyHash;

    public RoutedEvent(EntityType subject, String subjectId, EnrichedEvent event) {
        this.subject = subject;
        this.subjectId = subjectId;
        this.event = event;
        this.bytes = null;
        this.key = key(subject, subjectId);
        this.ts = event.eventTime();
        this.keyHash = key.hashCode();
    }

    /**
     * An event as it comes over the network: its time, then its bytes as {@link
     * EnrichedEventSerializer} wrote them ({@code length} of them, read from {@code in} here and
     * decoded when first asked for). The key and the bytes are made here, after this object, so
     * that the three lie next to each other in memory, in the order the engine reads them: a
     * watermark's events are applied in key order, not in the order they came, and each is cold by
     * then.
     */
    RoutedEvent(EntityType subject, String subjectId, long ts, DataInputView in, int length)
            throws IOException {
        this.subject = subject;
        this.subjectId = subjectId;
        this.key = key(subject, subjectId);
        this.keyHash = key.hashCode();
        this.ts = ts;
        this.bytes = new byte[length];
        in.readFully(bytes);
    }

    /** The event with its story, decoded from its bytes at the first call if it came as bytes. */
    public EnrichedEvent event() {
        EnrichedEvent e = event;
        if (e == null) {
            DataInputDeserializer in = DECODER.get();
            in.setBuffer(bytes);
            try {
                e = EnrichedEventSerializer.INSTANCE.deserialize(in);
            } catch (IOException ex) {
                // The bytes were written by the same serializer in this job: a bug, not bad input.
                throw new UncheckedIOException("a routed event's bytes do not decode", ex);
            }
            event = e;
        }
        return e;
    }

    /**
     * Drops the decoded event of one that came as bytes (a later {@link #event} decodes it again):
     * once applied, an event's objects need not outlive the drain that applied it.
     */
    void forgetDecoded() {
        if (bytes != null) {
            event = null;
        }
    }

    /** The event's bytes as {@link EnrichedEventSerializer} wrote them, or null if none. */
    byte[] bytes() {
        return bytes;
    }

    /** The engine's key of a subject. */
    public static String key(EntityType subject, String subjectId) {
        return (char) ('A' + subject.ordinal()) + subjectId;
    }

    /** The subject type of an engine key. */
    static EntityType subjectOf(String key) {
        return SUBJECTS[key.charAt(0) - 'A'];
    }

    public static KeySelector<RoutedEvent, String> keySelector() {
        return r -> r.key;
    }

    /**
     * What the network carries from the router to the engine: {@link RoutedEventWireSerializer}.
     */
    public static TypeInformation<RoutedEvent> typeInfo() {
        return new SerializerTypeInfo<>(RoutedEvent.class, RoutedEventWireSerializer.INSTANCE);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The record's own id: payment, waybill or review (an order's is its order id). */
    private static String ownId(PlatformEvent e) {
        if (e.payment != null) {
            return nullToEmpty(e.payment.getPaymentId());
        }
        if (e.logistics != null) {
            return nullToEmpty(e.logistics.getWaybillId())
                    + "/"
                    + nullToEmpty(e.logistics.getLocation());
        }
        if (e.review != null) {
            return nullToEmpty(e.review.getReviewId());
        }
        return "";
    }

    /** Tells apart events of one order at one instant: the status, scan or rating. */
    private static int detail(PlatformEvent e) {
        if (e.order != null) {
            return e.order.getStatus().ordinal();
        }
        if (e.payment != null) {
            return e.payment.getStatus().ordinal();
        }
        if (e.logistics != null) {
            return e.logistics.getScan().ordinal();
        }
        return e.review.getRating();
    }
}
