package io.brushguard.patterns.combine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A weak candidate as the gate keeps it: enough to explain a combined alert. A Flink POJO. */
public class Signal {
    public String alertId;
    public String ruleId;
    public int ruleVersion;
    public double score;
    public long windowStart;
    public long windowEnd;
    public String summary;
    public List<String> orderIds = new ArrayList<>();

    /** The personal identifiers the summary names (value to identifier type name). */
    public Map<String, String> identifiers = new HashMap<>();

    public Signal() {}
}
