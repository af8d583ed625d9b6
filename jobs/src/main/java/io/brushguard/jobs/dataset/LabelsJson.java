package io.brushguard.jobs.dataset;

import io.brushguard.patterns.quality.Episode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The ground-truth file {@code labels.jsonl} (spec/events.md, "Optional ground truth"): one {@link
 * Episode} per line as {@code {"episode_id": "...", "kind": "BRUSHING", "entity_type": "SHOP",
 * "entity_id": "...", "order_ids": ["..."], "related_ids": ["..."], "start": 0, "end": 0}}.
 *
 * <p>Reading requires episode_id, kind, entity_type, entity_id, start and end; {@code order_ids}
 * and {@code related_ids} may be missing or null (an episode of reviews not tied to orders has no
 * orders). Unknown fields are ignored, as for events.
 */
public final class LabelsJson {

    /** The file name within a data set. */
    public static final String FILE_NAME = "labels.jsonl";

    private static final JsonFactory JSON = new JsonFactory();

    private LabelsJson() {}

    /** The episode as one line of JSON. */
    public static String toJson(Episode episode) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("episode_id", episode.episodeId());
            g.writeStringField("kind", episode.kind());
            g.writeStringField("entity_type", episode.entityType());
            g.writeStringField("entity_id", episode.entityId());
            writeArray(g, "order_ids", episode.orderIds());
            writeArray(g, "related_ids", episode.relatedIds());
            g.writeNumberField("start", episode.start());
            g.writeNumberField("end", episode.end());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Parses one line.
     *
     * @throws InvalidEventException if the line is not a valid episode
     */
    public static Episode fromJson(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEventException("not a JSON object");
            }
            String episodeId = null;
            String kind = null;
            String entityType = null;
            String entityId = null;
            List<String> orderIds = List.of();
            List<String> relatedIds = List.of();
            Long start = null;
            Long end = null;
            while (p.nextToken() != JsonToken.END_OBJECT) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "episode_id" -> episodeId = string(p, t, name);
                    case "kind" -> kind = string(p, t, name);
                    case "entity_type" -> entityType = string(p, t, name);
                    case "entity_id" -> entityId = string(p, t, name);
                    case "order_ids" -> orderIds = strings(p, t, name);
                    case "related_ids" -> relatedIds = strings(p, t, name);
                    case "start" -> start = epochMillis(p, t, name);
                    case "end" -> end = epochMillis(p, t, name);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new InvalidEventException("unexpected content after the JSON object");
            }
            require(episodeId, "episode_id");
            require(kind, "kind");
            require(entityType, "entity_type");
            require(entityId, "entity_id");
            require(start, "start");
            require(end, "end");
            if (end < start) {
                throw InvalidEventException.badValue("end " + end + " is before start " + start)
                        .within("end");
            }
            return new Episode(
                    episodeId, kind, entityType, entityId, orderIds, relatedIds, start, end);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidEventException("malformed JSON: " + e.getMessage());
        }
    }

    /** Writes (creates or truncates) a labels file. */
    public static void write(Path file, Collection<Episode> episodes) throws IOException {
        try (JsonlWriter out = JsonlWriter.open(file)) {
            for (Episode episode : episodes) {
                out.writeLine(toJson(episode));
            }
        }
    }

    /** Reads a labels file; bad lines are added to {@code malformed} and skipped. */
    public static List<Episode> read(Path file, List<MalformedLine> malformed) throws IOException {
        List<Episode> episodes = new ArrayList<>();
        JsonlLines.read(file, line -> episodes.add(fromJson(line)), malformed);
        return episodes;
    }

    private static void writeArray(JsonGenerator g, String name, List<String> values)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void require(Object value, String name) {
        if (value == null) {
            throw InvalidEventException.missingField(name);
        }
    }

    private static String string(JsonParser p, JsonToken t, String name) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw InvalidEventException.badValue("expected string, got " + describe(p, t))
                    .within(name);
        }
        return p.getText();
    }

    private static long epochMillis(JsonParser p, JsonToken t, String name) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT
                || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw InvalidEventException.badValue(
                            "expected epoch milliseconds, got " + describe(p, t))
                    .within(name);
        }
        return p.getLongValue();
    }

    private static List<String> strings(JsonParser p, JsonToken t, String name) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (t != JsonToken.START_ARRAY) {
            throw InvalidEventException.badValue("expected array, got " + describe(p, t))
                    .within(name);
        }
        List<String> values = new ArrayList<>();
        for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
            if (v != JsonToken.VALUE_STRING) {
                throw InvalidEventException.badValue("expected string, got " + describe(p, v))
                        .within("[" + values.size() + "]")
                        .within(name);
            }
            values.add(p.getText());
        }
        return values;
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> "\"" + p.getText() + "\"";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> p.getText();
        };
    }
}
