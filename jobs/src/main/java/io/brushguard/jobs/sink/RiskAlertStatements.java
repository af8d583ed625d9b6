package io.brushguard.jobs.sink;

import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.dataset.AvroJson;
import io.brushguard.patterns.credit.CreditFact;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * Every alert into {@code risk_alert}, and the credit event it makes on its subject's record into
 * {@code credit_event}, in one transaction. Both ignore an id already there, so a replay changes
 * nothing; the score change is computed by the store from its {@code credit_policy}, and is zero
 * when the subject is the alert's victim (a shop attacked by malicious reviews).
 */
public final class RiskAlertStatements implements PostgresSink.Statements<RiskAlert> {

    private static final long serialVersionUID = 1L;

    static final String INSERT_ALERT =
            "INSERT INTO risk_alert (alert_id, kind, direction, rule_id, rule_version, severity,"
                    + " entity_type, entity_id, window_start, window_end, order_ids, evidence, score,"
                    + " detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)"
                    + " ON CONFLICT (alert_id) DO NOTHING";

    static final String INSERT_CREDIT_EVENT =
            "INSERT INTO credit_event (event_id, entity_type, entity_id, alert_id, kind, direction,"
                    + " rule_id, rule_version, severity, alert_score, score_change, occurred_at,"
                    + " what) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN 0 ELSE credit_score_change(?, ?) END, ?, ?)"
                    + " ON CONFLICT (event_id) DO NOTHING";

    @Override
    public void write(Connection db, List<RiskAlert> batch) throws SQLException {
        try (PreparedStatement alert = db.prepareStatement(INSERT_ALERT);
                PreparedStatement credit = db.prepareStatement(INSERT_CREDIT_EVENT)) {
            for (RiskAlert a : batch) {
                alert.setString(1, a.getAlertId());
                alert.setString(2, a.getKind());
                alert.setString(3, a.getDirection().name());
                alert.setString(4, a.getRuleId());
                alert.setInt(5, a.getRuleVersion());
                alert.setString(6, a.getSeverity().name());
                alert.setString(7, a.getEntityType().name());
                alert.setString(8, a.getEntityId());
                alert.setTimestamp(9, Timestamp.from(a.getWindowStart()));
                alert.setTimestamp(10, Timestamp.from(a.getWindowEnd()));
                alert.setArray(11, db.createArrayOf("text", a.getOrderIds().toArray()));
                alert.setString(12, AvroJson.toJson(a.getEvidence()));
                alert.setDouble(13, a.getScore());
                alert.setTimestamp(14, Timestamp.from(a.getDetectedAt()));
                alert.addBatch();

                // One credit event per alert, on its subject; its id is the alert's.
                credit.setString(1, a.getAlertId());
                credit.setString(2, a.getEntityType().name());
                credit.setString(3, a.getEntityId());
                credit.setString(4, a.getAlertId());
                credit.setString(5, a.getKind());
                credit.setString(6, a.getDirection().name());
                credit.setString(7, a.getRuleId());
                credit.setInt(8, a.getRuleVersion());
                credit.setString(9, a.getSeverity().name());
                credit.setDouble(10, a.getScore());
                // A shop pushed down by malicious reviews is their victim: the event is on its
                // record, but costs it nothing.
                credit.setBoolean(11, CreditFact.isVictim(a));
                credit.setString(12, a.getSeverity().name());
                credit.setDouble(13, a.getScore());
                credit.setTimestamp(14, Timestamp.from(a.getWindowEnd()));
                credit.setString(15, a.getEvidence().getSummary());
                credit.addBatch();
            }
            alert.executeBatch();
            credit.executeBatch();
        }
    }

    @Override
    public String describe() {
        return "alerts to risk_alert and credit_event";
    }
}
