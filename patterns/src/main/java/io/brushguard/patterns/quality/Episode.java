package io.brushguard.patterns.quality;

import java.util.List;
import java.util.Objects;

/**
 * One labelled fraud episode: a line of {@code labels.jsonl} (spec/events.md, "Optional ground
 * truth").
 *
 * @param episodeId unique id of the episode
 * @param kind BRUSHING, EMPTY_PARCEL or MALICIOUS_REVIEW
 * @param entityType SHOP, BUYER, REVIEWER, CARRIER, COURIER, DEVICE or PAYER
 * @param entityId the subject of the episode
 * @param orderIds orders that make up the episode
 * @param relatedIds other subjects involved (ring buyers, reviewers, payers, devices, courier)
 * @param start event-time start, epoch ms
 * @param end event-time end, epoch ms
 */
public record Episode(
        String episodeId,
        String kind,
        String entityType,
        String entityId,
        List<String> orderIds,
        List<String> relatedIds,
        long start,
        long end) {

    public Episode {
        Objects.requireNonNull(episodeId, "episode_id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(entityId, "entity_id");
        orderIds = orderIds == null ? List.of() : List.copyOf(orderIds);
        relatedIds = relatedIds == null ? List.of() : List.copyOf(relatedIds);
    }
}
