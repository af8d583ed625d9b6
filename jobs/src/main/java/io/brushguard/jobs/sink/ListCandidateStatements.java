package io.brushguard.jobs.sink;

import io.brushguard.avro.EntityType;
import io.brushguard.jobs.regulator.PseudonymKeySource;
import io.brushguard.jobs.regulator.Pseudonymizer;
import io.brushguard.patterns.credit.ListCandidate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Blacklist and red-list candidates into {@code list_candidate}. A new candidate is PENDING; an
 * existing one is only widened (reasons and alert ids added, first seen moved back, last seen moved
 * forward), so any replay or reprocessing converges on the same row, and its review columns are
 * never written: a person's decision stands. Regulators see the subject as {@code entity_ref},
 * pseudonymised for people.
 */
public final class ListCandidateStatements implements PostgresSink.Statements<ListCandidate> {

    private static final long serialVersionUID = 1L;

    static final String UPSERT =
            "INSERT INTO list_candidate (candidate_id, list, entity_type, entity_id, entity_ref,"
                    + " reason_codes, alert_ids, alert_refs, first_seen, last_seen)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (candidate_id) DO UPDATE SET"
                    + " reason_codes = ARRAY(SELECT DISTINCT r FROM unnest("
                    + "list_candidate.reason_codes || EXCLUDED.reason_codes) r ORDER BY r),"
                    + " alert_ids = ARRAY(SELECT DISTINCT a FROM unnest("
                    + "list_candidate.alert_ids || EXCLUDED.alert_ids) a ORDER BY a),"
                    + " alert_refs = ARRAY(SELECT DISTINCT a FROM unnest("
                    + "list_candidate.alert_refs || EXCLUDED.alert_refs) a ORDER BY a),"
                    + " first_seen = LEAST(list_candidate.first_seen, EXCLUDED.first_seen),"
                    + " last_seen = GREATEST(list_candidate.last_seen, EXCLUDED.last_seen)";

    private final PseudonymKeySource keySource;
    private transient Pseudonymizer pseudonymizer;

    public ListCandidateStatements(PseudonymKeySource keySource) {
        this.keySource = keySource;
    }

    @Override
    public void open() {
        pseudonymizer = keySource.load();
    }

    @Override
    public void write(Connection db, List<ListCandidate> batch) throws SQLException {
        try (PreparedStatement upsert = db.prepareStatement(UPSERT)) {
            for (ListCandidate c : batch) {
                upsert.setString(1, c.candidateId());
                upsert.setString(2, c.list);
                upsert.setString(3, c.entityType);
                upsert.setString(4, c.entityId);
                upsert.setString(
                        5, pseudonymizer.entityRef(EntityType.valueOf(c.entityType), c.entityId));
                upsert.setArray(6, db.createArrayOf("text", c.reasonCodes.toArray()));
                upsert.setArray(7, db.createArrayOf("text", c.alertIds.toArray()));
                List<String> refs = new ArrayList<>();
                c.alertIds.forEach(id -> refs.add(pseudonymizer.alertRef(id)));
                upsert.setArray(8, db.createArrayOf("text", refs.toArray()));
                upsert.setTimestamp(9, new Timestamp(c.firstSeen));
                upsert.setTimestamp(10, new Timestamp(c.lastSeen));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    @Override
    public String describe() {
        return "candidates to list_candidate";
    }
}
