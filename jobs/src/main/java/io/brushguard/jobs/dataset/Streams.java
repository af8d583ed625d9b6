package io.brushguard.jobs.dataset;

import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.PaymentEvent;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;

import org.apache.avro.specific.SpecificRecord;

/** The Avro record class of each input stream, and wrapping a record into a PlatformEvent. */
final class Streams {

    private Streams() {}

    static Class<? extends SpecificRecord> recordClass(StreamType stream) {
        switch (stream) {
            case ORDERS:
                return OrderEvent.class;
            case PAYMENTS:
                return PaymentEvent.class;
            case LOGISTICS:
                return LogisticsEvent.class;
            case REVIEWS:
                return ReviewEvent.class;
            default:
                throw new IllegalArgumentException("unknown stream " + stream);
        }
    }

    static PlatformEvent wrap(StreamType stream, SpecificRecord record) {
        switch (stream) {
            case ORDERS:
                return PlatformEvent.of((OrderEvent) record);
            case PAYMENTS:
                return PlatformEvent.of((PaymentEvent) record);
            case LOGISTICS:
                return PlatformEvent.of((LogisticsEvent) record);
            case REVIEWS:
                return PlatformEvent.of((ReviewEvent) record);
            default:
                throw new IllegalArgumentException("unknown stream " + stream);
        }
    }
}
