package io.brushguard.jobs.credit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Rows of the credit store, inserted with plain SQL as the job writes them. Only the columns a test
 * cares about are parameters; the rest are plausible constants.
 */
public final class CreditFixtures {

    private CreditFixtures() {}

    /** A risk alert on a subject, as PostgresAlertSink writes it. */
    public static void alert(
            Connection db, String alertId, String entityType, String entityId, Instant windowEnd)
            throws SQLException {
        update(
                db,
                "INSERT INTO risk_alert (alert_id, kind, direction, rule_id, rule_version, severity,"
                        + " entity_type, entity_id, window_start, window_end, order_ids, evidence,"
                        + " score, detected_at) VALUES (?, 'BRUSHING', 'INFLATE',"
                        + " 'brushing.order-concentration', 1, 'HIGH', ?, ?, ?, ?, ARRAY['o-1'],"
                        + " '{\"summary\": \"12 orders from 3 buyers\"}', 0.9, ?)",
                alertId,
                entityType,
                entityId,
                at(windowEnd.minusSeconds(3600)),
                at(windowEnd),
                at(windowEnd));
    }

    /** A credit event of a BRUSHING alert by rule brushing.order-concentration. */
    public static void creditEvent(
            Connection db,
            String eventId,
            String entityType,
            String entityId,
            String severity,
            double scoreChange,
            Instant occurredAt)
            throws SQLException {
        creditEvent(
                db,
                eventId,
                entityType,
                entityId,
                "BRUSHING",
                "brushing.order-concentration",
                severity,
                scoreChange,
                occurredAt);
    }

    public static void creditEvent(
            Connection db,
            String eventId,
            String entityType,
            String entityId,
            String kind,
            String ruleId,
            String severity,
            double scoreChange,
            Instant occurredAt)
            throws SQLException {
        update(
                db,
                "INSERT INTO credit_event (event_id, entity_type, entity_id, alert_id, kind,"
                        + " direction, rule_id, rule_version, severity, alert_score, score_change,"
                        + " occurred_at, what) VALUES (?, ?, ?, ?, ?, 'INFLATE', ?, 1, ?, 0.9, ?, ?,"
                        + " ?)",
                eventId,
                entityType,
                entityId,
                "alert-of-" + eventId,
                kind,
                ruleId,
                severity,
                scoreChange,
                at(occurredAt),
                kind + " alert " + ruleId + " on " + entityType + " " + entityId);
    }

    /** A pending blacklist or red-list candidate, as the job inserts it. */
    public static void candidate(
            Connection db,
            String candidateId,
            String list,
            String entityType,
            String entityId,
            String entityRef,
            Instant lastSeen)
            throws SQLException {
        update(
                db,
                "INSERT INTO list_candidate (candidate_id, list, entity_type, entity_id,"
                        + " entity_ref, reason_codes, alert_ids, alert_refs, first_seen,"
                        + " last_seen) VALUES"
                        + " (?, ?, ?, ?, ?, ARRAY['BRUSHING_HIGH', 'REPEAT_OFFENDER'],"
                        + " ARRAY['alert-1', 'alert-2'], ARRAY['a-ref1', 'a-ref2'], ?, ?)",
                candidateId,
                list,
                entityType,
                entityId,
                entityRef,
                at(lastSeen.minusSeconds(86400)),
                at(lastSeen));
    }

    /** A pseudonymised alert of the regulator feed. */
    public static void regulatorAlert(
            Connection db,
            String alertId,
            String entityType,
            String entityRef,
            Instant windowEnd,
            String evidenceJson)
            throws SQLException {
        update(
                db,
                "INSERT INTO regulator_alert (alert_id, kind, direction, rule_id, rule_version,"
                        + " severity, entity_type, entity_ref, entity_pseudonymised, window_start,"
                        + " window_end, order_ids, evidence, score, detected_at, pseudonym_key_id)"
                        + " VALUES (?, 'BRUSHING', 'INFLATE', 'brushing.hired-brusher', 2, 'HIGH',"
                        + " ?, ?, ?, ?, ?, ARRAY['o-1', 'o-2'], ?::jsonb, 0.85, ?, 'key-2026')",
                alertId,
                entityType,
                entityRef,
                !entityType.equals("SHOP") && !entityType.equals("CARRIER"),
                at(windowEnd.minusSeconds(3600)),
                at(windowEnd),
                evidenceJson,
                at(windowEnd));
    }

    public static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static int update(Connection db, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            return st.executeUpdate();
        }
    }
}
