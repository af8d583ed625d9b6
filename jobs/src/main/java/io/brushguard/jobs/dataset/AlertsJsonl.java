package io.brushguard.jobs.dataset;

import io.brushguard.avro.RiskAlert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The alerts file a backtest writes next to a data set, {@code alerts.jsonl}: one {@link RiskAlert}
 * per line in the {@link AvroJson} format (spec/events.md, "Alerts written by a backtest").
 */
public final class AlertsJsonl {

    /** The file name within a data set or backtest output directory. */
    public static final String FILE_NAME = "alerts.jsonl";

    private AlertsJsonl() {}

    /** Writes (creates or truncates) an alerts file. */
    public static void write(Path file, Iterable<RiskAlert> alerts) throws IOException {
        try (JsonlWriter out = open(file)) {
            for (RiskAlert alert : alerts) {
                out.write(alert);
            }
        }
    }

    /** Opens (creates or truncates) an alerts file for writing alerts as they are produced. */
    public static JsonlWriter open(Path file) throws IOException {
        return JsonlWriter.open(file);
    }

    /** Reads an alerts file; bad lines are added to {@code malformed} and skipped. */
    public static List<RiskAlert> read(Path file, List<MalformedLine> malformed)
            throws IOException {
        List<RiskAlert> alerts = new ArrayList<>();
        JsonlLines.read(
                file, line -> alerts.add(AvroJson.fromJson(line, RiskAlert.class)), malformed);
        return alerts;
    }

    /**
     * Reads an alerts file that must be entirely valid.
     *
     * @throws InvalidEventException naming the first bad line, e.g. {@code alerts.jsonl:3: ...}
     */
    public static List<RiskAlert> read(Path file) throws IOException {
        List<MalformedLine> malformed = new ArrayList<>();
        List<RiskAlert> alerts = read(file, malformed);
        if (!malformed.isEmpty()) {
            throw new InvalidEventException(
                    malformed.get(0).toString()
                            + (malformed.size() > 1
                                    ? " (and " + (malformed.size() - 1) + " more bad lines)"
                                    : ""));
        }
        return alerts;
    }
}
