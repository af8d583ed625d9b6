package io.brushguard.patterns.engine;

import io.brushguard.avro.EntityType;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.serde.SerializerTypeInfo;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;

import java.util.Comparator;

/**
 * An event on its way to the engine, for one subject type: the engine's key is the subject type and
 * id together ({@link #key}), so one keyed operator serves every subject.
 */
public final class RoutedEvent {

    /**
     * The order the engine processes one key's events in: event time, then content, never arrival.
     */
    public static final Comparator<RoutedEvent> PROCESSING_ORDER =
            Comparator.comparingLong((RoutedEvent r) -> r.ts)
                    .thenComparing(r -> r.event.event.stream())
                    .thenComparing(r -> nullToEmpty(r.event.event.orderId()))
                    .thenComparingInt(r -> detail(r.event.event))
                    .thenComparing(r -> ownId(r.event.event))
                    .thenComparing(r -> r.key);

    /** The subject types by ordinal ({@code values()} copies its array on every call). */
    static final EntityType[] SUBJECTS = EntityType.values();

    public final EntityType subject;
    public final String subjectId;
    public final EnrichedEvent event;
    public final String key;
    public final long ts;

    /**
     * {@code key.hashCode()}, kept beside the time: the engine groups a watermark's events by it.
     */
    final int keyHash;

    public RoutedEvent(EntityType subject, String subjectId, EnrichedEvent event) {
        this.subject = subject;
        this.subjectId = subjectId;
        this.event = event;
        this.key = key(subject, subjectId);
        this.ts = event.eventTime();
        this.keyHash = key.hashCode();
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

    public static TypeInformation<RoutedEvent> typeInfo() {
        return new SerializerTypeInfo<>(RoutedEvent.class, RoutedEventSerializer.INSTANCE);
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
