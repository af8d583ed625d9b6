package io.brushguard.jobs.generator;

import io.brushguard.jobs.dataset.DatasetWriter;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;
import io.brushguard.patterns.quality.Episode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A generated data set: the events of all four streams and the ground truth.
 *
 * @param events all events, sorted by event time (ties keep generation order, which is causal)
 * @param labels one episode per injected fraud scenario
 */
public record GeneratedData(List<PlatformEvent> events, List<Episode> labels) {

    public GeneratedData {
        events = List.copyOf(events);
        labels = List.copyOf(labels);
    }

    /** Writes this data set to a directory with {@link DatasetWriter}, labels included. */
    public Map<StreamType, Long> writeTo(Path dir, DatasetWriter.Format format) throws IOException {
        return DatasetWriter.write(dir, events, labels, format);
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

    /** A one-line summary for logs, e.g. {@code 251034 events {ORDERS=...}, 18 episodes {...}}. */
    public String summary() {
        return events.size()
                + " events "
                + countByStream()
                + ", "
                + labels.size()
                + " episodes "
                + countByKind();
    }
}
