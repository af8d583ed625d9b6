package io.brushguard.patterns.brushing;

import java.util.HashMap;
import java.util.Map;

/**
 * One step of an order's story as a detector keeps it for evidence, with the personal identifiers
 * its text names (value to {@link io.brushguard.patterns.common.IdentifierType} name). A Flink
 * POJO.
 */
public class TraceStep {
    public long at;
    public String stream;
    public String what;
    public Map<String, String> identifiers = new HashMap<>();

    public TraceStep() {}

    public TraceStep(long at, String stream, String what) {
        this.at = at;
        this.stream = stream;
        this.what = what;
    }

    public TraceStep(long at, String stream, String what, Map<String, String> identifiers) {
        this(at, stream, what);
        this.identifiers = new HashMap<>(identifiers);
    }
}
