package io.brushguard.patterns.parcel;

import io.brushguard.patterns.common.AlertBuilder;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers the parcel detectors share to read scans and to write evidence. */
final class ParcelEvidence {

    private ParcelEvidence() {}

    /**
     * The city (or depot group) of a scan location: the code before the first '-', so that {@code
     * HGH-DC1} and {@code HGH-DC2} are one city and {@code HGH} and {@code SHA} are not.
     */
    static String city(String location) {
        if (location == null) {
            return null;
        }
        int dash = location.indexOf('-');
        return dash < 0 ? location : location.substring(0, dash);
    }

    /** The courier of a scan: the scan's own, else the latest the order's waybill saw. */
    static String courier(EnrichedEvent e) {
        String courier = e.event.logistics.getCourierId();
        if (courier == null && e.context != null) {
            courier = e.context.courierId;
        }
        return courier;
    }

    /**
     * Adds the correlated timeline of the marks' orders to an alert, each order once (the latest
     * story kept of it), so a reader sees the full process of every order involved.
     */
    static void timeline(AlertBuilder alert, Collection<ParcelMark> marks) {
        Map<String, OrderContext> latest = new LinkedHashMap<>();
        for (ParcelMark m : marks) {
            if (m.context != null) {
                OrderContext seen = latest.get(m.orderId);
                if (seen == null || seen.lastEventAt <= m.context.lastEventAt) {
                    latest.put(m.orderId, m.context);
                }
            }
        }
        for (Map.Entry<String, OrderContext> e : latest.entrySet()) {
            for (OrderContext.Step step : e.getValue().timeline()) {
                alert.timeline(
                        step.at(), step.stream(), e.getKey(), step.what(), step.identifiers());
            }
        }
    }

    /** The earliest start of the marks' orders, or {@code fallback} when none is known. */
    static long storyStart(Collection<ParcelMark> marks, long fallback) {
        long start = fallback;
        for (ParcelMark m : marks) {
            start = Math.min(start, m.at);
            if (m.context != null && m.context.startedAt() > 0) {
                start = Math.min(start, m.context.startedAt());
            }
        }
        return start;
    }
}
