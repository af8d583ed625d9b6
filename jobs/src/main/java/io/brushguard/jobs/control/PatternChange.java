package io.brushguard.jobs.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A message of the control topic ({@code pattern-control}): one change to the definitions of the
 * running job, or a request for its report. JSON, UTF-8, key = the rule id (none for a report).
 * Written by {@code brushguard patterns deploy|disable|enable|shadow|remove|list}; anyone may write
 * one, and the job checks it before applying it (docs/patterns.md, "Live rollout").
 *
 * @param requestId an id the answer on the status topic carries back
 * @param action what to do
 * @param id the rule; null for a report
 * @param definition the definition file's text, for a deploy
 * @param file the file's name, for a deploy (its id must match it)
 * @param by who asks, for people
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatternChange(
        @JsonProperty("request_id") String requestId,
        @JsonProperty("action") Action action,
        @JsonProperty("id") String id,
        @JsonProperty("definition") String definition,
        @JsonProperty("file") String file,
        @JsonProperty("by") String by)
        implements Serializable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a change does. */
    public enum Action {
        /** Add a new pattern, or replace any rule (built-in too) by a higher version. */
        DEPLOY,
        /**
         * Stop a rule's alerts (docs/patterns.md, State across changes: what its state becomes).
         */
        DISABLE,
        /** Let a disabled rule alert again. */
        ENABLE,
        /** Put a rule in shadow mode: its alerts go to the shadow topic only. */
        SHADOW,
        /** Take a rule out of shadow mode: its alerts are published again. */
        UNSHADOW,
        /** Remove a declarative pattern. */
        REMOVE,
        /** Change nothing; answer with the definitions the job runs. */
        REPORT;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @throws IOException with the reason when {@code bytes} is not a change
     */
    public static PatternChange fromJson(byte[] bytes) throws IOException {
        PatternChange c = JSON.readValue(bytes, PatternChange.class);
        if (c == null || c.action() == null) {
            throw new IOException(
                    "not a pattern change: no action in "
                            + new String(bytes, StandardCharsets.UTF_8));
        }
        return c;
    }
}
