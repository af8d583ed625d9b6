package io.brushguard.jobs.dataset;

import io.brushguard.patterns.quality.Episode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelsJsonTest {

    private static final Episode EPISODE =
            new Episode(
                    "brushing-01",
                    "BRUSHING",
                    "SHOP",
                    "s1",
                    List.of("o1", "o2"),
                    List.of("u1", "dv1"),
                    1_000L,
                    9_000L);

    @Test
    void shouldWriteExactlyTheFieldsOfTheSpec() throws Exception {
        JsonNode json = new ObjectMapper().readTree(LabelsJson.toJson(EPISODE));

        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names)
                .containsExactly(
                        "episode_id",
                        "kind",
                        "entity_type",
                        "entity_id",
                        "order_ids",
                        "related_ids",
                        "start",
                        "end");
        assertThat(json.get("start").asLong()).isEqualTo(1_000L);
        assertThat(json.get("order_ids").get(1).asText()).isEqualTo("o2");
    }

    @Test
    void shouldRoundTripAnEpisode() {
        assertThat(LabelsJson.fromJson(LabelsJson.toJson(EPISODE))).isEqualTo(EPISODE);
    }

    @Test
    void shouldTreatMissingOrNullIdListsAsEmpty() {
        Episode e =
                LabelsJson.fromJson(
                        "{\"episode_id\":\"m1\",\"kind\":\"MALICIOUS_REVIEW\","
                                + "\"entity_type\":\"SHOP\",\"entity_id\":\"s9\","
                                + "\"related_ids\":null,\"start\":5,\"end\":6,\"note\":\"x\"}");

        assertThat(e.orderIds()).isEmpty();
        assertThat(e.relatedIds()).isEmpty();
    }

    @Test
    void shouldRejectAnEpisodeWithoutKindOrWithBadTimes() {
        assertThatThrownBy(
                        () ->
                                LabelsJson.fromJson(
                                        "{\"episode_id\":\"e\",\"entity_type\":\"SHOP\","
                                                + "\"entity_id\":\"s\",\"start\":1,\"end\":2}"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("missing required field 'kind'");
        assertThatThrownBy(
                        () ->
                                LabelsJson.fromJson(
                                        LabelsJson.toJson(EPISODE)
                                                .replace("\"start\":1000", "\"start\":\"noon\"")))
                .hasMessage("field 'start': expected epoch milliseconds, got \"noon\"");
        assertThatThrownBy(
                        () ->
                                LabelsJson.fromJson(
                                        LabelsJson.toJson(EPISODE).replace("[\"o1\",", "[1,")))
                .hasMessage("field 'order_ids[0]': expected string, got 1");
    }
}
