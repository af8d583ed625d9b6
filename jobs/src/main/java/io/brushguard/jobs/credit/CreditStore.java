package io.brushguard.jobs.credit;

import io.brushguard.jobs.config.PostgresOptions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The query side of the credit store (docs/credit-records.md): credit records, blacklist and
 * red-list candidates, and a person's review of a candidate. The job writes the store; this class
 * only reads it, apart from the review columns that belong to people.
 *
 * <p>Scores and grades come from the database's {@code credit_score} and {@code credit_grade}, so
 * the policy in {@code credit_policy} is applied in exactly one place. What a caller may see is up
 * to the database user's role: {@link #show} and {@link #candidates} need brushguard_analyst,
 * {@link #review} too.
 *
 * <p>One JDBC connection; not thread-safe. Close it when done.
 */
public final class CreditStore implements AutoCloseable {

    /** How many of a subject's credit events {@link #show} returns, latest first. */
    public static final int LATEST_EVENTS = 20;

    private final Connection db;

    private CreditStore(Connection db) {
        this.db = db;
    }

    /**
     * Connects to the store.
     *
     * @throws IllegalStateException with a one-line message naming the URL and user when the
     *     database cannot be reached or the URL is not a PostgreSQL JDBC URL
     */
    public static CreditStore open(PostgresOptions.Connection connection) {
        return new CreditStore(connect(connection));
    }

    /**
     * Opens a JDBC connection, failing with one line that says where and why: the command line
     * shows this message and nothing else.
     */
    public static Connection connect(PostgresOptions.Connection connection) {
        try {
            return connection.open();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot connect to PostgreSQL at "
                            + connection.url()
                            + " as "
                            + connection.user()
                            + ": "
                            + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " "),
                    e);
        }
    }

    /** The credit record of one subject as of now, with its latest events and candidates. */
    public CreditReport show(String entityType, String entityId) throws SQLException {
        try (PreparedStatement score =
                        db.prepareStatement(
                                "SELECT now() AS as_of, base_score, score, credit_grade(score) AS"
                                        + " grade FROM (SELECT base_score, credit_score(?, ?,"
                                        + " now()) AS score FROM credit_policy) s");
                PreparedStatement record =
                        db.prepareStatement(
                                "SELECT credit_events, reasons FROM credit_record"
                                        + " WHERE entity_type = ? AND entity_id = ?");
                PreparedStatement alerts =
                        db.prepareStatement(
                                "SELECT count(*) FROM risk_alert"
                                        + " WHERE entity_type = ? AND entity_id = ?")) {
            ResultSet s = query(score, entityType, entityId);
            if (!s.next()) {
                throw new IllegalStateException("credit_policy has no row: is the store migrated?");
            }
            ResultSet r = query(record, entityType, entityId);
            boolean hasRecord = r.next();
            ResultSet a = query(alerts, entityType, entityId);
            a.next();
            return new CreditReport(
                    entityType,
                    entityId,
                    Sql.instant(s, "as_of"),
                    s.getBigDecimal("base_score"),
                    s.getBigDecimal("score"),
                    s.getString("grade"),
                    hasRecord ? r.getLong("credit_events") : 0,
                    hasRecord ? Sql.texts(r, "reasons") : List.of(),
                    latestEvents(entityType, entityId),
                    a.getLong(1),
                    candidatesOf(entityType, entityId));
        }
    }

    /**
     * Candidates, latest activity first.
     *
     * @param list only this list (one of {@link Candidate#LISTS}), or all
     * @param status only this review status (one of {@link Candidate#STATUSES}), or all
     */
    public List<Candidate> candidates(Optional<String> list, Optional<String> status)
            throws SQLException {
        list.ifPresent(l -> requireOneOf("list", l, Candidate.LISTS));
        status.ifPresent(s -> requireOneOf("status", s, Candidate.STATUSES));
        String sql =
                "SELECT "
                        + Candidate.COLUMNS
                        + " FROM list_candidate WHERE (?::text IS NULL OR list = ?)"
                        + " AND (?::text IS NULL OR review_status = ?)"
                        + " ORDER BY last_seen DESC, candidate_id";
        try (PreparedStatement st = db.prepareStatement(sql)) {
            String l = list.orElse(null);
            String s = status.orElse(null);
            return readCandidates(query(st, l, l, s, s));
        }
    }

    /**
     * Records a person's decision on a candidate: review_status CONFIRMED or DISMISSED, who, when
     * (the database's now()) and why. A later review replaces an earlier one; the job never changes
     * these columns.
     *
     * @param by who decided; null for the database login (session_user)
     * @param note the reason, or null
     * @throws IllegalArgumentException when there is no candidate with that id
     */
    public Candidate review(String candidateId, Decision decision, String by, String note)
            throws SQLException {
        try (PreparedStatement st =
                db.prepareStatement(
                        "UPDATE list_candidate SET review_status = ?,"
                                + " reviewed_by = coalesce(?, session_user), reviewed_at = now(),"
                                + " review_note = ? WHERE candidate_id = ? RETURNING "
                                + Candidate.COLUMNS)) {
            List<Candidate> updated =
                    readCandidates(query(st, decision.status(), by, note, candidateId));
            if (updated.isEmpty()) {
                throw new IllegalArgumentException(
                        "no candidate with id '" + candidateId + "' (see: candidates list)");
            }
            return updated.get(0);
        }
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }

    private List<CreditReport.Event> latestEvents(String entityType, String entityId)
            throws SQLException {
        try (PreparedStatement st =
                db.prepareStatement(
                        "SELECT occurred_at, kind, severity, rule_id, score_change, alert_id, what"
                                + " FROM credit_event WHERE entity_type = ? AND entity_id = ?"
                                + " ORDER BY occurred_at DESC, event_id LIMIT "
                                + LATEST_EVENTS)) {
            ResultSet rs = query(st, entityType, entityId);
            List<CreditReport.Event> events = new ArrayList<>();
            while (rs.next()) {
                events.add(
                        new CreditReport.Event(
                                Sql.instant(rs, "occurred_at"),
                                rs.getString("kind"),
                                rs.getString("severity"),
                                rs.getString("rule_id"),
                                rs.getBigDecimal("score_change"),
                                rs.getString("alert_id"),
                                rs.getString("what")));
            }
            return events;
        }
    }

    private List<Candidate> candidatesOf(String entityType, String entityId) throws SQLException {
        try (PreparedStatement st =
                db.prepareStatement(
                        "SELECT "
                                + Candidate.COLUMNS
                                + " FROM list_candidate WHERE entity_type = ? AND entity_id = ?"
                                + " ORDER BY list")) {
            return readCandidates(query(st, entityType, entityId));
        }
    }

    private static List<Candidate> readCandidates(ResultSet rs) throws SQLException {
        List<Candidate> candidates = new ArrayList<>();
        while (rs.next()) {
            candidates.add(Candidate.from(rs));
        }
        return candidates;
    }

    /** Runs a statement with text parameters; the result set closes with the statement. */
    private static ResultSet query(PreparedStatement st, String... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            st.setString(i + 1, params[i]);
        }
        return st.executeQuery();
    }

    private static void requireOneOf(String what, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(
                    what
                            + " must be one of "
                            + String.join(", ", allowed)
                            + ", got '"
                            + value
                            + "'");
        }
    }
}
