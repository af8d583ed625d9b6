package io.brushguard.jobs.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * A message of the status topic ({@code pattern-status}): the running job's answer to one {@link
 * PatternChange}, with the definitions it runs after it. JSON, UTF-8, key = the request id.
 *
 * @param outcome {@code APPLIED}, {@code UNCHANGED} (nothing to do: already so), {@code REJECTED}
 *     (with the reason; nothing changed) or {@code REPORT}
 * @param revision the number of the job's definitions after this change
 * @param at when the job answered, epoch milliseconds
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatternStatus(
        @JsonProperty("request_id") String requestId,
        @JsonProperty("action") String action,
        @JsonProperty("id") String id,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("reason") String reason,
        @JsonProperty("revision") long revision,
        @JsonProperty("at") long at,
        @JsonProperty("definitions") List<Rule> definitions)
        implements Serializable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String APPLIED = "APPLIED";
    public static final String UNCHANGED = "UNCHANGED";
    public static final String REJECTED = "REJECTED";
    public static final String REPORT = "REPORT";

    /**
     * One rule as the job runs it.
     *
     * @param type {@code built-in} or {@code declarative}
     * @param origin {@code start} (the job's start definitions) or {@code deployed}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rule(
            @JsonProperty("id") String id,
            @JsonProperty("version") int version,
            @JsonProperty("type") String type,
            @JsonProperty("kind") String kind,
            @JsonProperty("subject") String subject,
            @JsonProperty("enabled") boolean enabled,
            @JsonProperty("shadow") boolean shadow,
            @JsonProperty("origin") String origin,
            @JsonProperty("by") String by,
            @JsonProperty("deployed_at") Long deployedAt)
            implements Serializable {}

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PatternStatus fromJson(byte[] bytes) throws IOException {
        return JSON.readValue(bytes, PatternStatus.class);
    }
}
