package io.brushguard.jobs.credit;

import io.brushguard.jobs.config.PostgresOptions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one period of the regulator feed to files: the pseudonymised alerts (view {@code
 * regulator_alerts}, by {@code window_end}) as {@code alerts.jsonl} and {@code alerts.csv}, and the
 * candidates (view {@code regulator_candidates}, by {@code last_seen}) as {@code candidates.jsonl}
 * and {@code candidates.csv}. Periods are half-open, [from, to), so consecutive periods never
 * export a row twice.
 *
 * <p>It reads those two views and nothing else: their columns are exactly what leaves, and they
 * hold no raw identifier of a person (see V2__credit_records.sql). Run it as a user holding only
 * brushguard_regulator and the database enforces that as well.
 *
 * <p>Both views are read in one read-only snapshot, streamed row by row.
 */
public final class RegulatorExport {

    /** What an export wrote. */
    public record Summary(Path dir, long alerts, long candidates) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FETCH_SIZE = 500;

    private RegulatorExport() {}

    public static Summary write(
            PostgresOptions.Connection connection, Instant from, Instant to, Path dir)
            throws SQLException, IOException {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the period is empty: " + from + " to " + to);
        }
        try (Connection db = CreditStore.connect(connection)) {
            Files.createDirectories(dir);
            // A cursor (fetch size) needs a transaction; repeatable read reads both views in one
            // snapshot, so rows the job commits meanwhile land in neither file, not just one.
            db.setAutoCommit(false);
            db.setReadOnly(true);
            db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long alerts =
                    view(
                            db,
                            "SELECT * FROM regulator_alerts WHERE window_end >= ? AND"
                                    + " window_end < ? ORDER BY window_end, alert_id",
                            from,
                            to,
                            dir,
                            "alerts");
            long candidates =
                    view(
                            db,
                            "SELECT * FROM regulator_candidates WHERE last_seen >= ? AND"
                                    + " last_seen < ? ORDER BY last_seen, list, entity_type,"
                                    + " entity_ref",
                            from,
                            to,
                            dir,
                            "candidates");
            db.commit();
            return new Summary(dir, alerts, candidates);
        }
    }

    /** Writes the rows of one query as name.jsonl and name.csv; returns how many. */
    private static long view(
            Connection db, String sql, Instant from, Instant to, Path dir, String name)
            throws SQLException, IOException {
        try (PreparedStatement st = db.prepareStatement(sql);
                Writer jsonl =
                        Files.newBufferedWriter(
                                dir.resolve(name + ".jsonl"), StandardCharsets.UTF_8);
                Writer csv =
                        Files.newBufferedWriter(
                                dir.resolve(name + ".csv"), StandardCharsets.UTF_8)) {
            st.setFetchSize(FETCH_SIZE);
            st.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            st.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet rs = st.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> header = new ArrayList<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    header.add(meta.getColumnLabel(c));
                }
                csv.write(Csv.line(header));
                long rows = 0;
                while (rs.next()) {
                    ObjectNode json = JSON.createObjectNode();
                    List<String> cells = new ArrayList<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        JsonNode value = value(rs, c, meta.getColumnTypeName(c));
                        json.set(header.get(c - 1), value);
                        cells.add(cell(value));
                    }
                    jsonl.write(JSON.writeValueAsString(json));
                    jsonl.write('\n');
                    csv.write(Csv.line(cells));
                    rows++;
                }
                return rows;
            }
        }
    }

    /**
     * One column as JSON: times as ISO-8601 UTC instants, text arrays as arrays, jsonb as itself,
     * numbers and booleans as such, anything else as text.
     */
    private static JsonNode value(ResultSet rs, int column, String type)
            throws SQLException, JsonProcessingException {
        if (rs.getObject(column) == null) {
            return JSON.nullNode();
        }
        return switch (type) {
            case "timestamptz", "timestamp" ->
                    JSON.getNodeFactory()
                            .textNode(
                                    rs.getObject(column, OffsetDateTime.class)
                                            .toInstant()
                                            .toString());
            case "_text", "_varchar" -> JSON.valueToTree(rs.getArray(column).getArray());
            case "json", "jsonb" -> JSON.readTree(rs.getString(column));
            case "bool" -> JSON.getNodeFactory().booleanNode(rs.getBoolean(column));
            case "int2", "int4", "int8" -> JSON.getNodeFactory().numberNode(rs.getLong(column));
            case "float4", "float8" -> JSON.getNodeFactory().numberNode(rs.getDouble(column));
            case "numeric" -> JSON.getNodeFactory().numberNode(rs.getBigDecimal(column));
            default -> JSON.getNodeFactory().textNode(rs.getString(column));
        };
    }

    /** The CSV cell of a value: text and numbers as they are, arrays and objects as JSON. */
    private static String cell(JsonNode value) throws JsonProcessingException {
        if (value.isNull()) {
            return null;
        }
        if (value.isContainerNode()) {
            return JSON.writeValueAsString(value);
        }
        return value.isTextual() ? Csv.text(value.asText()) : value.asText();
    }
}
