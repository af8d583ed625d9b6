package io.brushguard.jobs.sink;

import io.brushguard.avro.RegulatorAlert;
import io.brushguard.jobs.dataset.AvroJson;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * The regulator feed into {@code regulator_alert}, the table behind the regulators' view: the same
 * pseudonymised records as topic {@code regulator-alerts}, ignoring ids already there.
 */
public final class RegulatorAlertStatements implements PostgresSink.Statements<RegulatorAlert> {

    private static final long serialVersionUID = 1L;

    static final String INSERT =
            "INSERT INTO regulator_alert (alert_id, kind, direction, rule_id, rule_version,"
                    + " severity, entity_type, entity_ref, entity_pseudonymised, window_start,"
                    + " window_end, order_ids, evidence, score, detected_at, pseudonym_key_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)"
                    + " ON CONFLICT (alert_id) DO NOTHING";

    @Override
    public void write(Connection db, List<RegulatorAlert> batch) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(INSERT)) {
            for (RegulatorAlert a : batch) {
                insert.setString(1, a.getAlertId());
                insert.setString(2, a.getKind());
                insert.setString(3, a.getDirection().name());
                insert.setString(4, a.getRuleId());
                insert.setInt(5, a.getRuleVersion());
                insert.setString(6, a.getSeverity().name());
                insert.setString(7, a.getEntityType().name());
                insert.setString(8, a.getEntityRef());
                insert.setBoolean(9, a.getEntityPseudonymised());
                insert.setTimestamp(10, Timestamp.from(a.getWindowStart()));
                insert.setTimestamp(11, Timestamp.from(a.getWindowEnd()));
                insert.setArray(12, db.createArrayOf("text", a.getOrderIds().toArray()));
                insert.setString(13, AvroJson.toJson(a.getEvidence()));
                insert.setDouble(14, a.getScore());
                insert.setTimestamp(15, Timestamp.from(a.getDetectedAt()));
                insert.setString(16, a.getPseudonymKeyId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @Override
    public String describe() {
        return "regulator alerts to regulator_alert";
    }
}
