package io.brushguard.patterns.engine;

import io.brushguard.avro.EntityType;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;
import io.brushguard.patterns.serde.EnrichedEventSerializer;
import io.brushguard.patterns.serde.EventProjection;
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
                    .thenComparing(r -> r.ordering().stream())
                    .thenComparing(r -> nullToEmpty(r.ordering().orderId()))
                    .thenComparingInt(r -> detail(r.ordering()))
                    .thenComparing(r -> ownId(r.ordering()))
                    .thenComparing(r -> r.key);

    /**
     * The fields every decode in the engine builds: what {@link #PROCESSING_ORDER} reads (ids, the
     * event time, the location), and the order id and time that a match records.
     */
    static final EventProjection ORDERING =
            EventProjection.builder()
                    .field(StreamType.ORDERS, "order_id")
                    .field(StreamType.ORDERS, "event_time")
                    .field(StreamType.PAYMENTS, "payment_id")
                    .field(StreamType.PAYMENTS, "order_id")
                    .field(StreamType.PAYMENTS, "event_time")
                    .field(StreamType.LOGISTICS, "waybill_id")
                    .field(StreamType.LOGISTICS, "order_id")
                    .field(StreamType.LOGISTICS, "event_time")
                    .field(StreamType.LOGISTICS, "location")
                    .field(StreamType.REVIEWS, "review_id")
                    .field(StreamType.REVIEWS, "order_id")
                    .field(StreamType.REVIEWS, "event_time")
                    .build();

    /** The subject types by ordinal ({@code values()} copies its array on every call). */
    static final EntityType[] SUBJECTS = EntityType.values();

    public final EntityType subject;

    /** The subject type's letter, then the subject's id: see {@link #key(EntityType, String)}. */
    public final String key;

    public final long ts;

    /** The event; null while only {@link #bytes} hold it. */
    private EnrichedEvent event;

    /** The fields {@link #event} was decoded with, when it came from {@link #bytes}. */
    private EventProjection decodedWith;

    /** The event as {@link EnrichedEventSerializer} wrote it, or null if made from the event. */
    private final byte[] bytes;

    /**
     * {@code key.hashCode()}, kept beside the time: the engine groups a watermark's events by it.
     */
    final int keyHash;

    public RoutedEvent(EntityType subject, String subjectId, EnrichedEvent event) {
        this.subject = subject;
        this.event = event;
        this.bytes = null;
        this.key = key(subject, subjectId);
        this.ts = event.eventTime();
        this.keyHash = key.hashCode();
    }

    /**
     * An event as it comes over the network ({@link RoutedEventWireSerializer}): its key, its time,
     * then its bytes as {@link EnrichedEventSerializer} wrote them, behind their length (kept, and
     * decoded when first asked for). The key and the bytes are read here, after this object is
     * made, so that the three lie next to each other in memory, in the order the engine reads them:
     * a watermark's events are applied in key order, not in the order they came, and each is cold
     * by then.
     */
    RoutedEvent(DataInputView in) throws IOException {
        this.key = in.readUTF();
        this.subject = subjectOf(key);
        this.keyHash = key.hashCode();
        this.ts = in.readLong();
        this.bytes = new byte[in.readInt()];
        in.readFully(bytes);
    }

    /**
     * Reads a byte of each cache line of the event's bytes, and returns their sum: called for the
     * events of one key in a row, their reads from memory overlap instead of each waiting in turn
     * when the event is decoded, among the work of applying the one before.
     */
    int touch() {
        byte[] b = bytes;
        if (b == null) {
            return 0;
        }
        int sum = 0;
        for (int i = 0; i < b.length; i += 64) {
            sum += b[i];
        }
        return sum;
    }

    /** The subject's id: the key without its subject type's letter. */
    public String subjectId() {
        return key.substring(1);
    }

    /** The event with its story, decoded from its bytes at the first call if it came as bytes. */
    public EnrichedEvent event() {
        return event(EventProjection.ALL);
    }

    /**
     * The event with at least the fields of {@code p} (see {@link EventProjection}; the others may
     * be null), decoded from its bytes if it came as bytes and has not been decoded with them yet.
     * An event made from its objects has every field.
     */
    EnrichedEvent event(EventProjection p) {
        EnrichedEvent e = event;
        if (e == null || (bytes != null && decodedWith != p && !decodedWith.covers(p))) {
            DataInputDeserializer in = DECODER.get();
            in.setBuffer(bytes);
            try {
                e = EnrichedEventSerializer.deserialize(in, p);
            } catch (IOException ex) {
                // The bytes were written by the same serializer in this job: a bug, not bad input.
                throw new UncheckedIOException("a routed event's bytes do not decode", ex);
            }
            event = e;
            decodedWith = p;
        }
        return e;
    }

    /** The event with what {@link #PROCESSING_ORDER} reads. */
    private PlatformEvent ordering() {
        return event(ORDERING).event;
    }

    /**
     * Drops the decoded event of one that came as bytes (a later {@link #event} decodes it again):
     * once applied, an event's objects need not outlive the drain that applied it.
     */
    void forgetDecoded() {
        if (bytes != null) {
            event = null;
            decodedWith = null;
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
