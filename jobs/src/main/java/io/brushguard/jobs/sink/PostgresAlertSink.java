package io.brushguard.jobs.sink;

import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.config.PostgresOptions;
import io.brushguard.jobs.dataset.AvroJson;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes risk alerts to the {@code risk_alert} table. Alerts are buffered and written in one
 * transaction whenever Flink flushes the writer, which it does before every checkpoint barrier; the
 * insert ignores an alert id that is already there. With deterministic alert ids, a restart from a
 * checkpoint or a replay therefore leaves the table as one clean run would (exactly-once in
 * effect).
 */
public class PostgresAlertSink implements Sink<RiskAlert> {

    private static final long serialVersionUID = 1L;

    static final String INSERT =
            "INSERT INTO risk_alert (alert_id, kind, direction, rule_id, rule_version, severity,"
                    + " entity_type, entity_id, window_start, window_end, order_ids, evidence, score,"
                    + " detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)"
                    + " ON CONFLICT (alert_id) DO NOTHING";

    private final PostgresOptions.Connection connection;

    public PostgresAlertSink(PostgresOptions.Connection connection) {
        this.connection = connection;
    }

    @Override
    public SinkWriter<RiskAlert> createWriter(WriterInitContext context) throws IOException {
        try {
            return new Writer(connection.open());
        } catch (SQLException e) {
            throw new IOException("cannot connect to PostgreSQL at " + connection.url(), e);
        }
    }

    static final class Writer implements SinkWriter<RiskAlert> {
        private final Connection db;
        private final List<RiskAlert> buffer = new ArrayList<>();

        Writer(Connection db) throws SQLException {
            this.db = db;
            db.setAutoCommit(false);
        }

        @Override
        public void write(RiskAlert alert, Context context) {
            buffer.add(alert);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (buffer.isEmpty()) {
                return;
            }
            try (PreparedStatement insert = db.prepareStatement(INSERT)) {
                for (RiskAlert a : buffer) {
                    insert.setString(1, a.getAlertId());
                    insert.setString(2, a.getKind());
                    insert.setString(3, a.getDirection().name());
                    insert.setString(4, a.getRuleId());
                    insert.setInt(5, a.getRuleVersion());
                    insert.setString(6, a.getSeverity().name());
                    insert.setString(7, a.getEntityType().name());
                    insert.setString(8, a.getEntityId());
                    insert.setTimestamp(9, Timestamp.from(a.getWindowStart()));
                    insert.setTimestamp(10, Timestamp.from(a.getWindowEnd()));
                    insert.setArray(11, db.createArrayOf("text", a.getOrderIds().toArray()));
                    insert.setString(12, AvroJson.toJson(a.getEvidence()));
                    insert.setDouble(13, a.getScore());
                    insert.setTimestamp(14, Timestamp.from(a.getDetectedAt()));
                    insert.addBatch();
                }
                insert.executeBatch();
                db.commit();
                buffer.clear();
            } catch (SQLException e) {
                try {
                    db.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw new IOException(
                        "writing " + buffer.size() + " alerts to risk_alert failed", e);
            }
        }

        @Override
        public void close() throws Exception {
            db.close();
        }
    }

    /** Opens a connection once, to fail at start-up with a clear message rather than mid-stream. */
    public static void checkReachable(PostgresOptions.Connection connection) {
        try (Connection db =
                DriverManager.getConnection(
                        connection.url(), connection.user(), connection.password())) {
            db.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot connect to PostgreSQL at "
                            + connection.url()
                            + " as "
                            + connection.user()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
