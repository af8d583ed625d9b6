package io.brushguard.jobs.dataset;

import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;
import io.brushguard.patterns.quality.Episode;

import java.util.List;
import java.util.Map;

/**
 * A data set as read by {@link DatasetReader}: the events of all four streams merged in event-time
 * order, the ground truth if there is any, and what could not be read.
 *
 * @param events events of all streams present, ordered by event time; events with equal times keep
 *     stream order (orders, payments, logistics, reviews) and then file order
 * @param labels the episodes of {@code labels.jsonl}; empty when there is no such file
 * @param hasLabels whether the data set has a {@code labels.jsonl} (an empty file means "labelled,
 *     no fraud"; no file means "unlabelled")
 * @param streams the streams found and the format each was read in; absent streams are missing
 * @param malformed lines or records that were skipped, with file, line and reason
 */
public record Dataset(
        List<PlatformEvent> events,
        List<Episode> labels,
        boolean hasLabels,
        Map<StreamType, DatasetWriter.Format> streams,
        List<MalformedLine> malformed) {

    public Dataset {
        events = List.copyOf(events);
        labels = List.copyOf(labels);
        streams = Map.copyOf(streams);
        malformed = List.copyOf(malformed);
    }
}
