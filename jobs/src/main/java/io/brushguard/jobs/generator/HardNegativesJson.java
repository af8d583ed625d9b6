package io.brushguard.jobs.generator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The file {@code hard-negatives.jsonl} next to {@code labels.jsonl} in a generated data set: one
 * {@link GeneratedData.HardNegative} per line, as {@code {"id": "hn-flash-sale-01", "resembles":
 * "BRUSHING", "entity_type": "SHOP", "entity_id": "...", "order_ids": ["..."], "description":
 * "..."}}. Not part of the event contract; readers of data sets ignore it.
 */
public final class HardNegativesJson {

    /** The file name within a data set. */
    public static final String FILE_NAME = "hard-negatives.jsonl";

    private static final JsonFactory JSON = new JsonFactory();

    private HardNegativesJson() {}

    /** Writes (creates or truncates) the file. */
    public static void write(Path file, Collection<GeneratedData.HardNegative> hardNegatives)
            throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (GeneratedData.HardNegative h : hardNegatives) {
                out.write(toJson(h));
                out.write('\n');
            }
        }
    }

    /** Reads the file; blank lines are skipped. */
    public static List<GeneratedData.HardNegative> read(Path file) throws IOException {
        List<GeneratedData.HardNegative> result = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                result.add(fromJson(line));
            }
        }
        return result;
    }

    static String toJson(GeneratedData.HardNegative h) throws IOException {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", h.id());
            g.writeStringField("resembles", h.resembles());
            g.writeStringField("entity_type", h.entityType());
            g.writeStringField("entity_id", h.entityId());
            g.writeArrayFieldStart("order_ids");
            for (String id : h.orderIds()) {
                g.writeString(id);
            }
            g.writeEndArray();
            g.writeStringField("description", h.description());
            g.writeEndObject();
        }
        return out.toString();
    }

    static GeneratedData.HardNegative fromJson(String json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object: " + json);
            }
            String id = null;
            String resembles = null;
            String entityType = null;
            String entityId = null;
            String description = null;
            List<String> orderIds = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_OBJECT) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "id" -> id = p.getValueAsString();
                    case "resembles" -> resembles = p.getValueAsString();
                    case "entity_type" -> entityType = p.getValueAsString();
                    case "entity_id" -> entityId = p.getValueAsString();
                    case "description" -> description = p.getValueAsString();
                    case "order_ids" -> {
                        if (t == JsonToken.START_ARRAY) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                orderIds.add(p.getValueAsString());
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return new GeneratedData.HardNegative(
                    id, resembles, entityType, entityId, orderIds, description);
        }
    }
}
