package io.brushguard.jobs.credit;

import io.brushguard.jobs.config.PostgresOptions;
import io.brushguard.jobs.sink.CreditStoreSchema;

import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import static io.brushguard.jobs.credit.CreditFixtures.alert;
import static io.brushguard.jobs.credit.CreditFixtures.at;
import static io.brushguard.jobs.credit.CreditFixtures.candidate;
import static io.brushguard.jobs.credit.CreditFixtures.creditEvent;
import static io.brushguard.jobs.credit.CreditFixtures.regulatorAlert;
import static io.brushguard.jobs.credit.CreditFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Flyway migrations V1–V3 on a real PostgreSQL: append-only log, scoring, grades, roles. */
class CreditStoreSchemaTest {

    private static final Instant AS_OF = Instant.parse("2026-06-01T00:00:00Z");
    private static final String WRITER = "brushguard_writer";
    private static final String ANALYST = "brushguard_analyst";
    private static final String REGULATOR = "brushguard_regulator";

    private static CreditStoreServer server;
    private PostgresOptions.Connection db;

    @BeforeAll
    static void startServer() throws SQLException {
        server = CreditStoreServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void freshDatabase() throws SQLException {
        db = server.freshDatabase();
    }

    // --- the credit event log ---------------------------------------------------------------

    @Test
    void shouldRejectUpdatesDeletesAndTruncationOfCreditEvents() throws SQLException {
        try (Connection c = db.open()) {
            creditEvent(c, "e1", "SHOP", "s1", "HIGH", -13.5, AS_OF);

            assertThatThrownBy(() -> update(c, "UPDATE credit_event SET score_change = 0"))
                    .hasMessageContaining("credit_event is append-only: UPDATE is not allowed");
            assertThatThrownBy(() -> update(c, "DELETE FROM credit_event"))
                    .hasMessageContaining("credit_event is append-only: DELETE is not allowed");
            assertThatThrownBy(() -> update(c, "TRUNCATE credit_event"))
                    .hasMessageContaining("credit_event is append-only: TRUNCATE is not allowed");
            assertThat(count(c, "SELECT count(*) FROM credit_event WHERE score_change = -13.5"))
                    .isEqualTo(1);
        }
    }

    @Test
    void shouldIgnoreAReplayedCreditEventInsteadOfFailing() throws SQLException {
        try (Connection c = as(WRITER)) {
            creditEvent(c, "e1", "SHOP", "s1", "HIGH", -13.5, AS_OF);
            int inserted =
                    update(
                            c,
                            "INSERT INTO credit_event SELECT * FROM credit_event WHERE event_id ="
                                    + " 'e1' ON CONFLICT (event_id) DO NOTHING");
            assertThat(inserted).isZero();
        }
    }

    // --- scores and grades --------------------------------------------------------------------

    @Test
    void shouldHalveAScoreChangeEveryHalfLife() throws SQLException {
        try (Connection c = db.open()) {
            creditEvent(c, "e1", "SHOP", "s1", "HIGH", -15, AS_OF.minus(days(180)));

            assertThat(score(c, "SHOP", "s1", AS_OF)).isEqualByComparingTo("92.50");
            assertThat(score(c, "SHOP", "s1", AS_OF.minus(days(180)))).isEqualByComparingTo("85");
        }
    }

    @Test
    void shouldSumTheDecayedScoreChangesOfTheSubjectUpToTheMoment() throws SQLException {
        try (Connection c = db.open()) {
            creditEvent(c, "e1", "SHOP", "s1", "HIGH", -15, AS_OF.minus(days(180)));
            creditEvent(c, "e2", "SHOP", "s1", "MEDIUM", -6, AS_OF.minus(days(45)));
            creditEvent(c, "e3", "SHOP", "s1", "LOW", -2, AS_OF.minus(days(400)));
            creditEvent(c, "e4", "SHOP", "s1", "HIGH", -15, AS_OF.plus(days(1)));
            creditEvent(c, "e5", "SHOP", "s2", "HIGH", -15, AS_OF.minus(days(1)));
            creditEvent(c, "e6", "BUYER", "s1", "HIGH", -15, AS_OF.minus(days(1)));

            double byHand =
                    100
                            - 15 * Math.pow(0.5, 180 / 180.0)
                            - 6 * Math.pow(0.5, 45 / 180.0)
                            - 2 * Math.pow(0.5, 400 / 180.0);
            assertThat(score(c, "SHOP", "s1", AS_OF))
                    .isEqualByComparingTo(BigDecimal.valueOf(Math.round(byHand * 100) / 100.0));
        }
    }

    @Test
    void shouldKeepTheScoreBetweenZeroAndTheBaseScore() throws SQLException {
        try (Connection c = db.open()) {
            for (int i = 0; i < 10; i++) {
                creditEvent(c, "bad" + i, "SHOP", "bad", "HIGH", -15, AS_OF);
            }
            creditEvent(c, "odd", "SHOP", "odd", "LOW", 20, AS_OF);

            assertThat(score(c, "SHOP", "bad", AS_OF)).isEqualByComparingTo("0");
            assertThat(score(c, "SHOP", "odd", AS_OF)).isEqualByComparingTo("100");
        }
    }

    @Test
    void shouldGiveTheBaseScoreAndGradeAToASubjectWithoutCreditEvents() throws SQLException {
        try (Connection c = db.open()) {
            assertThat(score(c, "SHOP", "nobody", AS_OF)).isEqualByComparingTo("100");
            assertThat(text(c, "SELECT credit_grade(credit_score('SHOP', 'nobody', now()))"))
                    .isEqualTo("A");
        }
    }

    @Test
    void shouldCutGradesAtThePolicyMinimums() throws SQLException {
        try (Connection c = db.open()) {
            assertThat(grade(c, "100")).isEqualTo("A");
            assertThat(grade(c, "90")).isEqualTo("A");
            assertThat(grade(c, "89.99")).isEqualTo("B");
            assertThat(grade(c, "75")).isEqualTo("B");
            assertThat(grade(c, "74.99")).isEqualTo("C");
            assertThat(grade(c, "60")).isEqualTo("C");
            assertThat(grade(c, "59.99")).isEqualTo("D");
            assertThat(grade(c, "0")).isEqualTo("D");
        }
    }

    @Test
    void shouldWeighAnAlertsScoreChangeBySeverity() throws SQLException {
        try (Connection c = db.open()) {
            assertThat(decimal(c, "SELECT credit_score_change('HIGH', 0.9)"))
                    .isEqualByComparingTo("-13.50");
            assertThat(decimal(c, "SELECT credit_score_change('MEDIUM', 0.5)"))
                    .isEqualByComparingTo("-3.00");
            assertThat(decimal(c, "SELECT credit_score_change('LOW', 1.0)"))
                    .isEqualByComparingTo("-2.00");
        }
    }

    @Test
    void shouldRescoreEveryRecordWhenThePolicyChanges() throws SQLException {
        try (Connection c = db.open()) {
            creditEvent(c, "e1", "SHOP", "s1", "HIGH", -15, AS_OF.minus(days(180)));
            creditEvent(c, "e2", "SHOP", "s2", "HIGH", -15, Instant.now().minus(days(180)));
            assertThat(text(c, "SELECT grade FROM credit_record WHERE entity_id = 's2'"))
                    .isEqualTo("A");

            try (Connection analyst = as(ANALYST)) {
                update(analyst, "UPDATE credit_policy SET half_life_days = 90, grade_a_min = 97");
            }

            assertThat(score(c, "SHOP", "s1", AS_OF)).isEqualByComparingTo("96.25");
            assertThat(decimal(c, "SELECT score FROM credit_record WHERE entity_id = 's2'"))
                    .isEqualByComparingTo("96.25");
            assertThat(text(c, "SELECT grade FROM credit_record WHERE entity_id = 's2'"))
                    .isEqualTo("B");
            assertThat(count(c, "SELECT count(*) FROM credit_event WHERE score_change = -15"))
                    .as("the log itself is untouched")
                    .isEqualTo(2);
        }
    }

    @Test
    void shouldSummariseASubjectsReasonsInItsCreditRecord() throws SQLException {
        try (Connection c = db.open()) {
            creditEvent(c, "e1", "SHOP", "s1", "HIGH", -15, AS_OF);
            creditEvent(c, "e2", "SHOP", "s1", "HIGH", -15, AS_OF.minus(days(2)));
            creditEvent(
                    c,
                    "e3",
                    "SHOP",
                    "s1",
                    "EMPTY_PARCEL",
                    "empty-parcel.underweight",
                    "LOW",
                    -1.8,
                    AS_OF);

            assertThat(
                            text(
                                    c,
                                    "SELECT array_to_string(reasons, '|') || ' ' || credit_events"
                                            + " || ' ' || high_events FROM credit_record"))
                    .isEqualTo(
                            "BRUSHING HIGH brushing.order-concentration"
                                    + "|EMPTY_PARCEL LOW empty-parcel.underweight 3 2");
        }
    }

    // --- roles ---------------------------------------------------------------------------------

    @Test
    void writerShouldInsertAlertsCreditEventsCandidatesAndRegulatorAlerts() throws SQLException {
        try (Connection c = as(WRITER)) {
            alert(c, "a1", "SHOP", "s1", AS_OF);
            creditEvent(c, "e1", "SHOP", "s1", "HIGH", -13.5, AS_OF);
            candidate(c, "c1", "BLACKLIST", "SHOP", "s1", "s1", AS_OF);
            regulatorAlert(c, "a1", "SHOP", "s1", AS_OF, "{}");
            assertThat(decimal(c, "SELECT credit_score_change('HIGH', 0.9)"))
                    .isEqualByComparingTo("-13.50");
        }
        try (Connection c = db.open()) {
            assertThat(count(c, "SELECT count(*) FROM risk_alert")).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM credit_event")).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM list_candidate")).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM regulator_alert")).isEqualTo(1);
        }
    }

    @Test
    void writerShouldWidenACandidateButNeverReviewIt() throws SQLException {
        try (Connection c = as(WRITER)) {
            candidate(c, "c1", "BLACKLIST", "SHOP", "s1", "s1", AS_OF);
            update(
                    c,
                    "INSERT INTO list_candidate (candidate_id, list, entity_type, entity_id,"
                            + " entity_ref, reason_codes, alert_ids, first_seen, last_seen)"
                            + " VALUES ('c1', 'BLACKLIST', 'SHOP', 's1', 's1', ARRAY['X'],"
                            + " ARRAY['alert-3'], ?, ?) ON CONFLICT (list, entity_type, entity_id)"
                            + " DO UPDATE SET alert_ids = ARRAY(SELECT DISTINCT unnest("
                            + "list_candidate.alert_ids || excluded.alert_ids) ORDER BY 1),"
                            + " last_seen = greatest(list_candidate.last_seen,"
                            + " excluded.last_seen)",
                    at(AS_OF),
                    at(AS_OF.plus(days(1))));
            assertThat(text(c, "SELECT array_to_string(alert_ids, ',') FROM list_candidate"))
                    .isEqualTo("alert-1,alert-2,alert-3");
        }
        assertDenied(WRITER, "UPDATE list_candidate SET review_status = 'DISMISSED'");
        assertDenied(WRITER, "UPDATE list_candidate SET reviewed_by = 'the job'");
        assertDenied(WRITER, "UPDATE credit_policy SET base_score = 1000");
        assertDenied(WRITER, "DELETE FROM list_candidate");
    }

    @Test
    void analystShouldReadEverythingAndReviewCandidatesButNotWriteTheLog() throws SQLException {
        try (Connection c = db.open()) {
            alert(c, "a1", "SHOP", "s1", AS_OF);
            creditEvent(c, "e1", "SHOP", "s1", "HIGH", -13.5, AS_OF);
            candidate(c, "c1", "BLACKLIST", "SHOP", "s1", "s1", AS_OF);
            regulatorAlert(c, "a1", "SHOP", "s1", AS_OF, "{}");
        }
        try (Connection c = as(ANALYST)) {
            for (String relation :
                    new String[] {
                        "risk_alert",
                        "credit_policy",
                        "credit_event",
                        "list_candidate",
                        "regulator_alert",
                        "credit_record",
                        "regulator_alerts",
                        "regulator_candidates"
                    }) {
                assertThat(count(c, "SELECT count(*) FROM " + relation)).as(relation).isOne();
            }
            update(
                    c,
                    "UPDATE list_candidate SET review_status = 'CONFIRMED', reviewed_by = 'alice',"
                            + " reviewed_at = now(), review_note = 'seen the orders'"
                            + " WHERE candidate_id = 'c1'");
            assertThat(text(c, "SELECT review_status FROM regulator_candidates"))
                    .isEqualTo("CONFIRMED");
        }
        assertDenied(
                ANALYST,
                "INSERT INTO credit_event SELECT 'e2', entity_type, entity_id, alert_id, kind,"
                        + " direction, rule_id, rule_version, severity, alert_score, score_change,"
                        + " occurred_at, what FROM credit_event");
        assertDenied(ANALYST, "UPDATE list_candidate SET alert_ids = '{}'");
        assertDenied(ANALYST, "INSERT INTO risk_alert SELECT * FROM risk_alert");
        assertDenied(ANALYST, "DELETE FROM list_candidate");
    }

    @Test
    void regulatorShouldReadOnlyThePseudonymisedViews() throws SQLException {
        try (Connection c = db.open()) {
            candidate(c, "c1", "BLACKLIST", "BUYER", "buyer-42", "p:9f2c", AS_OF);
            regulatorAlert(c, "a1", "BUYER", "p:9f2c", AS_OF, "{}");
        }
        try (Connection c = as(REGULATOR)) {
            assertThat(text(c, "SELECT entity_ref FROM regulator_alerts")).isEqualTo("p:9f2c");
            assertThat(text(c, "SELECT entity_ref FROM regulator_candidates")).isEqualTo("p:9f2c");
        }
        for (String relation :
                new String[] {
                    "risk_alert",
                    "list_candidate",
                    "credit_event",
                    "regulator_alert",
                    "credit_record",
                    "credit_policy"
                }) {
            assertDenied(REGULATOR, "SELECT * FROM " + relation);
        }
        assertDenied(REGULATOR, "UPDATE list_candidate SET review_status = 'DISMISSED'");
        assertDenied(REGULATOR, "SELECT credit_score('BUYER', 'buyer-42', now())");
    }

    // --- migrating ------------------------------------------------------------------------------

    @Test
    void shouldDoNothingWhenMigratedAgain() {
        MigrateResult again = CreditStoreSchema.migrate(db);

        assertThat(again.migrationsExecuted).isZero();
        assertThat(again.initialSchemaVersion).isEqualTo("3");
    }

    @Test
    void shouldLetTheJobsWriterLoginRunTheMigrationsWhenTheSchemaIsCurrent() throws SQLException {
        MigrateResult result = CreditStoreSchema.migrate(server.loginWith(db, WRITER));

        assertThat(result.migrationsExecuted).isZero();
    }

    @Test
    void shouldMigrateASecondDatabaseOfAClusterWhoseRolesAlreadyExist() throws SQLException {
        // An owner without CREATEROLE: enough once the roles exist.
        PostgresOptions.Connection second = server.emptyDatabase();
        String name = second.url().substring(second.url().lastIndexOf('/') + 1);
        try (Connection c = second.open();
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE second_owner LOGIN NOCREATEROLE");
            s.execute("ALTER DATABASE " + name + " OWNER TO second_owner");
            s.execute("GRANT CREATE ON SCHEMA public TO second_owner");
        }

        MigrateResult result =
                CreditStoreSchema.migrate(
                        new PostgresOptions.Connection(second.url(), "second_owner", null));

        assertThat(result.migrationsExecuted).isEqualTo(3);
        assertThat(result.targetSchemaVersion).isEqualTo("3");
        db = second;
        try (Connection c = as(WRITER)) {
            alert(c, "a1", "SHOP", "s1", AS_OF);
        }
        assertDenied(REGULATOR, "SELECT * FROM risk_alert");
    }

    // --- helpers --------------------------------------------------------------------------------

    /** A connection to the test's database acting as one of the group roles. */
    private Connection as(String role) throws SQLException {
        Connection c = db.open();
        try (Statement s = c.createStatement()) {
            s.execute("SET ROLE " + role);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void assertDenied(String role, String sql) throws SQLException {
        try (Connection c = as(role)) {
            assertThatThrownBy(
                            () -> {
                                try (Statement s = c.createStatement()) {
                                    s.execute(sql);
                                }
                            })
                    .as(role + ": " + sql)
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"))
                    .hasMessageContaining("permission denied");
        }
    }

    private static BigDecimal score(Connection c, String type, String id, Instant asOf)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT credit_score(?, ?, ?)")) {
            st.setString(1, type);
            st.setString(2, id);
            st.setObject(3, at(asOf));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }

    private static String grade(Connection c, String score) throws SQLException {
        return text(c, "SELECT credit_grade(" + score + ")");
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    private static BigDecimal decimal(Connection c, String sql) throws SQLException {
        return new BigDecimal(text(c, sql));
    }

    private static long count(Connection c, String sql) throws SQLException {
        return Long.parseLong(text(c, sql));
    }

    private static Duration days(long n) {
        return Duration.ofDays(n);
    }
}
