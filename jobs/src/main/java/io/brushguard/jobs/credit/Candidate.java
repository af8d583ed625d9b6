package io.brushguard.jobs.credit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * A row of {@code list_candidate}: a subject the job proposes for the blacklist or the red list,
 * and where a person's review of it stands. Review fields are null until someone reviews it.
 */
public record Candidate(
        String candidateId,
        String list,
        String entityType,
        String entityId,
        String entityRef,
        List<String> reasonCodes,
        List<String> alertIds,
        Instant firstSeen,
        Instant lastSeen,
        String reviewStatus,
        String reviewedBy,
        Instant reviewedAt,
        String reviewNote) {

    /** The lists a candidate can be for ({@code list_candidate.list}). */
    public static final List<String> LISTS = List.of("BLACKLIST", "REDLIST");

    /** The review states ({@code list_candidate.review_status}); the job only writes PENDING. */
    public static final List<String> STATUSES = List.of("PENDING", "CONFIRMED", "DISMISSED");

    /** The columns {@link #from} reads, in a form to paste into a SELECT or RETURNING list. */
    static final String COLUMNS =
            "candidate_id, list, entity_type, entity_id, entity_ref, reason_codes, alert_ids,"
                    + " first_seen, last_seen, review_status, reviewed_by, reviewed_at, review_note";

    static Candidate from(ResultSet rs) throws SQLException {
        return new Candidate(
                rs.getString("candidate_id"),
                rs.getString("list"),
                rs.getString("entity_type"),
                rs.getString("entity_id"),
                rs.getString("entity_ref"),
                Sql.texts(rs, "reason_codes"),
                Sql.texts(rs, "alert_ids"),
                Sql.instant(rs, "first_seen"),
                Sql.instant(rs, "last_seen"),
                rs.getString("review_status"),
                rs.getString("reviewed_by"),
                Sql.instant(rs, "reviewed_at"),
                rs.getString("review_note"));
    }
}
