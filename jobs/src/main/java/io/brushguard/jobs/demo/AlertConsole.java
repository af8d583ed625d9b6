package io.brushguard.jobs.demo;

import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.TimelineEntry;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Renders a risk alert for a person reading a terminal. */
public final class AlertConsole {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private AlertConsole() {}

    public static String render(RiskAlert a) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        "ALERT %-16s %-7s %-6s %s %s  score %.2f  [%s v%d] id %s%n",
                        a.getKind(),
                        a.getDirection(),
                        a.getSeverity(),
                        a.getEntityType(),
                        a.getEntityId(),
                        a.getScore(),
                        a.getRuleId(),
                        a.getRuleVersion(),
                        a.getAlertId()));
        sb.append("      ").append(a.getEvidence().getSummary()).append('\n');
        List<String> orders = a.getOrderIds();
        sb.append(
                String.format(
                        "      event time %s .. %s UTC, %d order(s)%s%n",
                        TIME.format(a.getWindowStart()),
                        TIME.format(a.getWindowEnd()),
                        orders.size(),
                        orders.isEmpty()
                                ? ""
                                : ": "
                                        + String.join(
                                                ", ", orders.subList(0, Math.min(4, orders.size())))
                                        + (orders.size() > 4 ? ", ..." : "")));
        List<TimelineEntry> timeline = a.getEvidence().getTimeline();
        int shown = Math.min(3, timeline.size());
        for (int i = 0; i < shown; i++) {
            TimelineEntry e = timeline.get(i);
            sb.append(String.format("        %s  %s%n", TIME.format(e.getAt()), e.getWhat()));
        }
        if (timeline.size() > shown) {
            sb.append(
                    String.format(
                            "        ... %d more in the evidence timeline%n",
                            timeline.size() - shown));
        }
        return sb.toString();
    }

    static String time(long epochMs) {
        return TIME.format(Instant.ofEpochMilli(epochMs));
    }
}
