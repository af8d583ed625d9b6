package io.brushguard.jobs.credit;

import io.brushguard.jobs.config.PostgresOptions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.brushguard.jobs.credit.CreditFixtures.alert;
import static io.brushguard.jobs.credit.CreditFixtures.candidate;
import static io.brushguard.jobs.credit.CreditFixtures.creditEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreditStoreTest {

    private static final Instant NOW = Instant.now();

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

    @Test
    void shouldReportScoreGradeReasonsEventsAlertsAndCandidatesOfASubject() throws Exception {
        try (Connection c = db.open()) {
            creditEvent(c, "e1", "SHOP", "s1", "HIGH", -15, NOW.minus(Duration.ofDays(1)));
            creditEvent(
                    c,
                    "e2",
                    "SHOP",
                    "s1",
                    "EMPTY_PARCEL",
                    "empty-parcel.underweight",
                    "LOW",
                    -1.8,
                    NOW.minus(Duration.ofDays(2)));
            creditEvent(c, "other", "SHOP", "s2", "HIGH", -15, NOW);
            alert(c, "a1", "SHOP", "s1", NOW);
            alert(c, "a2", "SHOP", "s1", NOW);
            alert(c, "a3", "BUYER", "s1", NOW);
            candidate(c, "c1", "BLACKLIST", "SHOP", "s1", "s1", NOW);
        }

        CreditReport report;
        try (CreditStore store = CreditStore.open(db)) {
            report = store.show("SHOP", "s1");
        }

        assertThat(report.hasCreditEvents()).isTrue();
        assertThat(report.baseScore()).isEqualByComparingTo("100");
        // Both events are a day or two old: decay takes off less than 1 %.
        assertThat(report.score().doubleValue()).isBetween(83.2, 83.3);
        assertThat(report.grade()).isEqualTo("B");
        assertThat(report.creditEvents()).isEqualTo(2);
        assertThat(report.reasons())
                .containsExactly(
                        "BRUSHING HIGH brushing.order-concentration",
                        "EMPTY_PARCEL LOW empty-parcel.underweight");
        assertThat(report.latestEvents())
                .extracting(CreditReport.Event::alertId)
                .containsExactly("alert-of-e1", "alert-of-e2");
        assertThat(report.latestEvents().get(1).scoreChange()).isEqualByComparingTo("-1.8");
        assertThat(report.latestEvents().get(1).what())
                .isEqualTo("EMPTY_PARCEL alert empty-parcel.underweight on SHOP s1");
        assertThat(report.alerts()).isEqualTo(2);
        assertThat(report.candidates()).extracting(Candidate::candidateId).containsExactly("c1");
    }

    @Test
    void shouldGiveASubjectWithoutCreditEventsTheBaseScoreAndGradeA() throws Exception {
        try (CreditStore store = CreditStore.open(db)) {
            CreditReport report = store.show("SHOP", "clean");

            assertThat(report.hasCreditEvents()).isFalse();
            assertThat(report.score()).isEqualByComparingTo("100");
            assertThat(report.grade()).isEqualTo("A");
            assertThat(report.reasons()).isEmpty();
            assertThat(report.latestEvents()).isEmpty();
            assertThat(report.candidates()).isEmpty();
        }
    }

    @Test
    void shouldReturnOnlyTheLatestTwentyCreditEventsButCountThemAll() throws Exception {
        try (Connection c = db.open()) {
            for (int day = 1; day <= 25; day++) {
                creditEvent(
                        c, "e" + day, "BUYER", "b1", "LOW", -1, NOW.minus(Duration.ofDays(day)));
            }
        }
        try (CreditStore store = CreditStore.open(db)) {
            CreditReport report = store.show("BUYER", "b1");

            assertThat(report.creditEvents()).isEqualTo(25);
            assertThat(report.latestEvents()).hasSize(CreditStore.LATEST_EVENTS);
            assertThat(report.latestEvents().get(0).alertId()).isEqualTo("alert-of-e1");
            assertThat(report.latestEvents().get(19).alertId()).isEqualTo("alert-of-e20");
        }
    }

    @Test
    void shouldListCandidatesLatestFirstFilteredByListAndStatus() throws Exception {
        try (Connection c = db.open()) {
            candidate(c, "old", "BLACKLIST", "SHOP", "s1", "s1", NOW.minus(Duration.ofDays(3)));
            candidate(c, "new", "BLACKLIST", "SHOP", "s2", "s2", NOW);
            candidate(c, "red", "REDLIST", "SHOP", "s3", "s3", NOW.minus(Duration.ofDays(1)));
        }
        try (CreditStore store = CreditStore.open(db)) {
            store.review("new", Decision.DISMISS, "alice", null);

            assertThat(store.candidates(Optional.empty(), Optional.empty()))
                    .extracting(Candidate::candidateId)
                    .containsExactly("new", "red", "old");
            assertThat(store.candidates(Optional.of("BLACKLIST"), Optional.empty()))
                    .extracting(Candidate::candidateId)
                    .containsExactly("new", "old");
            assertThat(store.candidates(Optional.of("BLACKLIST"), Optional.of("PENDING")))
                    .extracting(Candidate::candidateId)
                    .containsExactly("old");
            assertThat(store.candidates(Optional.empty(), Optional.of("CONFIRMED"))).isEmpty();
            assertThatThrownBy(() -> store.candidates(Optional.of("GREYLIST"), Optional.empty()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("BLACKLIST, REDLIST");
        }
    }

    @Test
    void shouldRecordAReviewWithWhoWhenAndWhy() throws Exception {
        try (Connection c = db.open()) {
            candidate(c, "c1", "BLACKLIST", "SHOP", "s1", "s1", NOW);
        }
        try (CreditStore store = CreditStore.open(db)) {
            Instant before = Instant.now().minusSeconds(5);

            Candidate confirmed = store.review("c1", Decision.CONFIRM, "alice", "seen the orders");

            assertThat(confirmed.reviewStatus()).isEqualTo("CONFIRMED");
            assertThat(confirmed.reviewedBy()).isEqualTo("alice");
            assertThat(confirmed.reviewNote()).isEqualTo("seen the orders");
            assertThat(confirmed.reviewedAt()).isAfter(before);
            assertThat(confirmed.alertIds()).containsExactly("alert-1", "alert-2");

            Candidate dismissed = store.review("c1", Decision.DISMISS, "bob", null);
            assertThat(dismissed.reviewStatus()).isEqualTo("DISMISSED");
            assertThat(dismissed.reviewedBy()).isEqualTo("bob");
            assertThat(dismissed.reviewNote()).isNull();
        }
    }

    @Test
    void shouldNameTheDatabaseLoginAsReviewerWhenNoNameIsGiven() throws Exception {
        try (Connection c = db.open()) {
            candidate(c, "c1", "REDLIST", "SHOP", "s1", "s1", NOW);
        }
        PostgresOptions.Connection analyst = server.loginWith(db, "brushguard_analyst");
        try (CreditStore store = CreditStore.open(analyst)) {
            assertThat(store.review("c1", Decision.CONFIRM, null, null).reviewedBy())
                    .isEqualTo(analyst.user());
        }
    }

    @Test
    void shouldRejectAReviewOfAnUnknownCandidate() throws Exception {
        try (CreditStore store = CreditStore.open(db)) {
            assertThatThrownBy(() -> store.review("nope", Decision.CONFIRM, "alice", null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no candidate with id 'nope' (see: candidates list)");
        }
    }

    @Test
    void shouldFailInOneLineNamingTheDatabaseWhenItIsUnreachable() {
        PostgresOptions.Connection closedPort =
                new PostgresOptions.Connection("jdbc:postgresql://127.0.0.1:1/nowhere", "u", null);

        assertThatThrownBy(() -> CreditStore.open(closedPort))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/nowhere as"
                                + " u: ")
                .hasMessageNotContaining("\n");
    }
}
