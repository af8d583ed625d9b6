package io.brushguard.jobs.generator;

import io.brushguard.jobs.dataset.DatasetWriter;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;
import io.brushguard.patterns.quality.Episode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A generated data set: the events of all four streams, the ground truth, and the hard negatives.
 *
 * @param events all events, sorted by event time (ties keep generation order, which is causal)
 * @param labels one episode per injected fraud scenario (base episodes and camouflaged variants)
 * @param hardNegatives honest scenarios that look like fraud, on which no alert should fire
 */
public record GeneratedData(
        List<PlatformEvent> events, List<Episode> labels, List<HardNegative> hardNegatives) {

    /**
     * Honest activity that resembles fraud (a line of {@code hard-negatives.jsonl}). An alert
     * <em>touches</em> it when the alert's subject is {@code entityId} or the alert shares an order
     * with it; a good detector touches none.
     *
     * @param id unique id, e.g. {@code hn-flash-sale-01}
     * @param resembles the alert kind it looks like (BRUSHING, EMPTY_PARCEL, MALICIOUS_REVIEW)
     * @param entityType type of the subject a mistaken alert would most likely name (SHOP, PAYER)
     * @param entityId that subject
     * @param orderIds the orders of the scenario
     * @param description what happens, for a person
     */
    public record HardNegative(
            String id,
            String resembles,
            String entityType,
            String entityId,
            List<String> orderIds,
            String description) {

        public HardNegative {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(entityId, "entityId");
            orderIds = orderIds == null ? List.of() : List.copyOf(orderIds);
        }

        /** Whether an alert with this subject and these orders touches this hard negative. */
        public boolean touchedBy(String subjectId, Collection<String> alertOrderIds) {
            if (entityId.equals(subjectId)) {
                return true;
            }
            for (String id : alertOrderIds) {
                if (orderIds.contains(id)) {
                    return true;
                }
            }
            return false;
        }
    }

    public GeneratedData {
        events = List.copyOf(events);
        labels = List.copyOf(labels);
        hardNegatives = List.copyOf(hardNegatives);
    }

    /** A data set without hard negatives. */
    public GeneratedData(List<PlatformEvent> events, List<Episode> labels) {
        this(events, labels, List.of());
    }

    /**
     * Writes this data set to a directory with {@link DatasetWriter}, labels included, and the hard
     * negatives as {@value HardNegativesJson#FILE_NAME} (deleted if there are none).
     */
    public Map<StreamType, Long> writeTo(Path dir, DatasetWriter.Format format) throws IOException {
        Map<StreamType, Long> counts = DatasetWriter.write(dir, events, labels, format);
        Path file = dir.resolve(HardNegativesJson.FILE_NAME);
        if (hardNegatives.isEmpty()) {
            Files.deleteIfExists(file);
        } else {
            HardNegativesJson.write(file, hardNegatives);
        }
        return counts;
    }

    /** Number of events per stream. */
    public Map<StreamType, Long> countByStream() {
        Map<StreamType, Long> counts = new EnumMap<>(StreamType.class);
        for (StreamType s : StreamType.values()) {
            counts.put(s, 0L);
        }
        for (PlatformEvent e : events) {
            counts.merge(e.stream(), 1L, Long::sum);
        }
        return counts;
    }

    /** Number of episodes per kind. */
    public Map<String, Long> countByKind() {
        Map<String, Long> counts = new TreeMap<>();
        for (Episode e : labels) {
            counts.merge(e.kind(), 1L, Long::sum);
        }
        return counts;
    }

    /** Number of hard negatives per kind they resemble. */
    public Map<String, Long> countHardNegativesByKind() {
        Map<String, Long> counts = new TreeMap<>();
        for (HardNegative h : hardNegatives) {
            counts.merge(h.resembles(), 1L, Long::sum);
        }
        return counts;
    }

    /**
     * A one-line summary for logs, e.g. {@code 251034 events {ORDERS=...}, 30 episodes {...}, 5
     * hard negatives}.
     */
    public String summary() {
        return events.size()
                + " events "
                + countByStream()
                + ", "
                + labels.size()
                + " episodes "
                + countByKind()
                + ", "
                + hardNegatives.size()
                + " hard negatives";
    }
}
