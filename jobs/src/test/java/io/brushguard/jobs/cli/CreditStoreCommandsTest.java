package io.brushguard.jobs.cli;

import io.brushguard.jobs.config.PostgresOptions;
import io.brushguard.jobs.credit.CreditStoreServer;
import io.brushguard.jobs.credit.CsvReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.brushguard.jobs.credit.CreditFixtures.alert;
import static io.brushguard.jobs.credit.CreditFixtures.at;
import static io.brushguard.jobs.credit.CreditFixtures.candidate;
import static io.brushguard.jobs.credit.CreditFixtures.creditEvent;
import static io.brushguard.jobs.credit.CreditFixtures.regulatorAlert;
import static io.brushguard.jobs.credit.CreditFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credit-store commands run through {@link Main#run} against a real PostgreSQL that holds rows
 * as the job writes them.
 */
class CreditStoreCommandsTest {

    private static final Instant MAY = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant JUNE = Instant.parse("2026-06-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CreditStoreServer server;
    private PostgresOptions.Connection db;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

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

    // --- credit show ---------------------------------------------------------------------------

    @Test
    void creditShowShouldPrintScoreGradeReasonsEventsAndCandidates() throws Exception {
        Instant now = Instant.now();
        try (Connection c = db.open()) {
            creditEvent(c, "e1", "SHOP", "shop-7", "HIGH", -15, now.minus(Duration.ofDays(1)));
            creditEvent(c, "e2", "SHOP", "shop-7", "MEDIUM", -5.4, now.minus(Duration.ofDays(3)));
            alert(c, "a1", "SHOP", "shop-7", now);
            candidate(c, "c-shop-7", "BLACKLIST", "SHOP", "shop-7", "shop-7", now);
        }

        assertThat(run(as(db, "credit", "show", "shop", "shop-7"))).isZero();

        assertThat(stdout())
                .containsPattern("SHOP shop-7: score 79\\.\\d+ of 100, grade B \\(as of 20")
                .contains("2 credit events, 1 alerts")
                .contains("reasons: BRUSHING HIGH brushing.order-concentration;")
                .contains("Latest credit events (2 of 2):")
                .containsPattern(
                        "BRUSHING +HIGH +brushing.order-concentration +-15.00 +alert-of-e1")
                .contains("-5.40")
                .containsPattern("c-shop-7 +BLACKLIST +PENDING +BRUSHING_HIGH,REPEAT_OFFENDER");
    }

    @Test
    void creditShowShouldSayWhenASubjectHasNoCreditEvents() throws Exception {
        assertThat(run(as(db, "credit", "show", "BUYER", "b-1"))).isZero();

        assertThat(stdout())
                .contains("BUYER b-1: score 100 of 100, grade A")
                .contains("no credit events: the base score of the policy")
                .contains("Candidates: none");
    }

    @Test
    void creditShowShouldBeDeniedToARegulator() throws Exception {
        PostgresOptions.Connection regulator = server.loginWith(db, "brushguard_regulator");

        assertThat(run(as(regulator, "credit", "show", "BUYER", "b-1"))).isEqualTo(1);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("brushguard credit show failed: ")
                .contains("permission denied")
                .hasLineCount(1);
    }

    // --- candidates ----------------------------------------------------------------------------

    @Test
    void candidatesListShouldPrintATableLatestFirstAndFilter() throws Exception {
        try (Connection c = db.open()) {
            candidate(c, "c-old", "BLACKLIST", "SHOP", "shop-1", "shop-1", MAY);
            candidate(c, "c-new", "REDLIST", "SHOP", "shop-2", "shop-2", JUNE);
        }

        assertThat(run(as(db, "candidates", "list"))).isZero();
        List<String> lines = stdout().lines().toList();
        assertThat(lines.get(0))
                .matches(
                        "candidate_id +list +status +entity +last_seen +reasons +alerts"
                                + " +reviewed");
        assertThat(lines.get(1))
                .matches(
                        "c-new +REDLIST +PENDING +SHOP shop-2 +2026-06-01T00:00:00Z"
                                + " +BRUSHING_HIGH,REPEAT_OFFENDER +2");
        assertThat(lines.get(2)).startsWith("c-old ");
        assertThat(lines.get(3)).isEqualTo("2 candidates");

        out.reset();
        assertThat(run(as(db, "candidates", "list", "--list", "blacklist"))).isZero();
        assertThat(stdout()).contains("c-old").doesNotContain("c-new").contains("1 candidates");
    }

    @Test
    void candidatesReviewShouldConfirmOrDismissWithWhoAndWhy() throws Exception {
        try (Connection c = db.open()) {
            candidate(c, "c-1", "BLACKLIST", "SHOP", "shop-1", "shop-1", MAY);
            candidate(c, "c-2", "REDLIST", "SHOP", "shop-2", "shop-2", MAY);
        }

        assertThat(
                        run(
                                as(
                                        db,
                                        "candidates",
                                        "review",
                                        "c-1",
                                        "confirm",
                                        "--by",
                                        "alice",
                                        "--note",
                                        "orders checked, see ticket 12")))
                .isZero();
        assertThat(stdout())
                .startsWith("c-1 (BLACKLIST SHOP shop-1): CONFIRMED by alice at 20")
                .hasLineCount(1);

        PostgresOptions.Connection analyst = server.loginWith(db, "brushguard_analyst");
        assertThat(run(as(analyst, "candidates", "review", "c-2", "DISMISS"))).isZero();

        out.reset();
        assertThat(run(as(db, "candidates", "list", "--status", "pending"))).isZero();
        assertThat(stdout()).isEqualTo("0 candidates\n");
        try (Connection c = db.open()) {
            assertThat(text(c, "SELECT review_note FROM list_candidate WHERE candidate_id = 'c-1'"))
                    .isEqualTo("orders checked, see ticket 12");
            assertThat(
                            text(
                                    c,
                                    "SELECT review_status || ' ' || reviewed_by FROM list_candidate"
                                            + " WHERE candidate_id = 'c-2'"))
                    .isEqualTo("DISMISSED " + analyst.user());
        }
    }

    @Test
    void candidatesReviewOfAnUnknownIdShouldFailClearly() throws Exception {
        assertThat(run(as(db, "candidates", "review", "c-404", "dismiss"))).isEqualTo(1);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "brushguard candidates review failed: no candidate with id 'c-404'"
                                + " (see: candidates list)\n");
    }

    // --- export --------------------------------------------------------------------------------

    @Test
    void exportShouldWriteThePeriodsAlertsAndCandidatesAsJsonLinesAndCsv(@TempDir Path dir)
            throws Exception {
        try (Connection c = db.open()) {
            regulatorAlert(c, "before", "SHOP", "shop-1", MAY.minusMillis(1), "{}");
            regulatorAlert(
                    c,
                    "first",
                    "SHOP",
                    "shop-1",
                    MAY,
                    "{\"summary\": \"3 parcels, \\\"signed\\\" without transit\"}");
            regulatorAlert(c, "last", "COURIER", "p:c0ff", JUNE.minusSeconds(1), "{}");
            regulatorAlert(c, "after", "SHOP", "shop-1", JUNE, "{}");
            candidate(c, "c-1", "BLACKLIST", "SHOP", "shop-1", "shop-1", MAY.plusSeconds(60));
            candidate(c, "c-2", "REDLIST", "SHOP", "shop-2", "shop-2", JUNE);
        }

        assertThat(run(as(db, "export", "--from", "2026-05", "--to", "2026-06-01", "--out", "x")))
                .as("a month is not a date")
                .isEqualTo(2);
        assertThat(export(db, "2026-05-01", "2026-06-01T00:00:00Z", dir)).isZero();

        assertThat(stdout())
                .startsWith(
                        "exported 2 alerts and 1 candidates of [2026-05-01T00:00:00Z,"
                                + " 2026-06-01T00:00:00Z)");
        List<JsonNode> alerts = jsonLines(dir.resolve("alerts.jsonl"));
        assertThat(alerts)
                .extracting(a -> a.get("alert_id").asText())
                .containsExactly("first", "last");
        JsonNode first = alerts.get(0);
        assertThat(first.get("window_end").asText()).isEqualTo("2026-05-01T00:00:00Z");
        assertThat(first.get("order_ids").toString()).isEqualTo("[\"o-1\",\"o-2\"]");
        assertThat(first.get("evidence").get("summary").asText())
                .isEqualTo("3 parcels, \"signed\" without transit");
        assertThat(first.get("rule_version").asInt()).isEqualTo(2);
        assertThat(first.get("score").asDouble()).isEqualTo(0.85);
        assertThat(first.get("entity_pseudonymised").asBoolean()).isFalse();
        assertThat(alerts.get(1).get("entity_pseudonymised").asBoolean()).isTrue();

        List<List<String>> csv = csv(dir.resolve("alerts.csv"));
        assertThat(csv.get(0))
                .containsExactly(
                        "alert_id",
                        "kind",
                        "direction",
                        "rule_id",
                        "rule_version",
                        "severity",
                        "entity_type",
                        "entity_ref",
                        "entity_pseudonymised",
                        "window_start",
                        "window_end",
                        "order_ids",
                        "evidence",
                        "score",
                        "detected_at",
                        "pseudonym_key_id");
        assertThat(csv).hasSize(3);
        assertThat(csv.get(1))
                .containsExactly(
                        "first",
                        "BRUSHING",
                        "INFLATE",
                        "brushing.hired-brusher",
                        "2",
                        "HIGH",
                        "SHOP",
                        "shop-1",
                        "false",
                        "2026-04-30T23:00:00Z",
                        "2026-05-01T00:00:00Z",
                        "[\"o-1\",\"o-2\"]",
                        "{\"summary\":\"3 parcels, \\\"signed\\\" without transit\"}",
                        "0.85",
                        "2026-05-01T00:00:00Z",
                        "key-2026");

        List<JsonNode> candidates = jsonLines(dir.resolve("candidates.jsonl"));
        assertThat(candidates).hasSize(1);
        assertThat(candidates.get(0).get("entity_ref").asText()).isEqualTo("shop-1");
        assertThat(candidates.get(0).get("reason_codes").toString())
                .isEqualTo("[\"BRUSHING_HIGH\",\"REPEAT_OFFENDER\"]");
        assertThat(candidates.get(0).get("reviewed_at").isNull()).isTrue();
        assertThat(csv(dir.resolve("candidates.csv")))
                .containsExactly(
                        List.of(
                                "list",
                                "entity_type",
                                "entity_ref",
                                "reason_codes",
                                "alert_ids",
                                "first_seen",
                                "last_seen",
                                "review_status",
                                "reviewed_at"),
                        List.of(
                                "BLACKLIST",
                                "SHOP",
                                "shop-1",
                                "[\"BRUSHING_HIGH\",\"REPEAT_OFFENDER\"]",
                                "[\"a-ref1\",\"a-ref2\"]",
                                "2026-04-30T00:01:00Z",
                                "2026-05-01T00:01:00Z",
                                "PENDING",
                                ""));
    }

    @Test
    void exportShouldWriteATextThatLooksLikeAFormulaAsTextInCsvOnly(@TempDir Path dir)
            throws Exception {
        String shop = "=HYPERLINK(\"http://x\",\"shop\")";
        try (Connection c = db.open()) {
            regulatorAlert(c, "f-1", "SHOP", shop, MAY.plusSeconds(60), "{}");
        }

        assertThat(export(db, "2026-05-01", "2026-06-01", dir)).isZero();

        assertThat(jsonLines(dir.resolve("alerts.jsonl")).get(0).get("entity_ref").asText())
                .isEqualTo(shop);
        List<List<String>> csv = csv(dir.resolve("alerts.csv"));
        int ref = csv.get(0).indexOf("entity_ref");
        assertThat(csv.get(1).get(ref)).isEqualTo("'" + shop);
    }

    @Test
    void exportShouldHoldNoRawIdentifierOfAPersonAndNeedOnlyTheRegulatorRole(@TempDir Path dir)
            throws Exception {
        try (Connection c = db.open()) {
            // The job's rows about buyer-42: the raw id in the alert and candidate tables, the
            // pseudonym p:5b1e in what regulators see.
            alert(c, "a-42", "BUYER", "buyer-42", MAY.plusSeconds(3600));
            regulatorAlert(
                    c,
                    "a-42",
                    "BUYER",
                    "p:5b1e",
                    MAY.plusSeconds(3600),
                    "{\"summary\": \"p:5b1e rated 5 shops 5 stars within 60 min\"}");
            candidate(
                    c, "BLACKLIST:BUYER:buyer-42", "BLACKLIST", "BUYER", "buyer-42", "p:5b1e", MAY);
            update(
                    c,
                    "UPDATE list_candidate SET review_status = 'CONFIRMED', reviewed_by = 'alice',"
                            + " reviewed_at = ?, review_note = 'phoned buyer-42'",
                    at(MAY.plusSeconds(7200)));
        }
        PostgresOptions.Connection regulator = server.loginWith(db, "brushguard_regulator");

        assertThat(export(regulator, "2026-04-01", "2026-07-01", dir)).isZero();

        assertThat(stdout()).startsWith("exported 1 alerts and 1 candidates");
        for (String file :
                List.of("alerts.jsonl", "alerts.csv", "candidates.jsonl", "candidates.csv")) {
            assertThat(Files.readString(dir.resolve(file)))
                    .as(file)
                    .contains("p:5b1e")
                    .doesNotContain("buyer-42")
                    .doesNotContain("alice");
        }
        assertThat(Files.readString(dir.resolve("candidates.jsonl")))
                .contains("\"review_status\":\"CONFIRMED\"")
                .contains("\"reviewed_at\":\"2026-05-01T02:00:00Z\"");
    }

    // --- db migrate ----------------------------------------------------------------------------

    @Test
    void dbMigrateShouldCreateTheSchemaOnceAndThenDoNothing() throws Exception {
        PostgresOptions.Connection empty = server.emptyDatabase();

        assertThat(run(as(empty, "db", "migrate"))).isZero();
        assertThat(stdout()).isEqualTo(empty.url() + ": 3 migrations applied, schema version 3\n");

        out.reset();
        assertThat(run(as(empty, "db", "migrate"))).isZero();
        assertThat(stdout()).isEqualTo(empty.url() + ": 0 migrations applied, schema version 3\n");
        try (Connection c = empty.open()) {
            assertThat(text(c, "SELECT count(*) FROM credit_policy")).isEqualTo("1");
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    /** The command line with the connection's URL and user appended. */
    private static String[] as(PostgresOptions.Connection db, String... argv) {
        List<String> all = new ArrayList<>(Arrays.asList(argv));
        all.addAll(List.of("--jdbc-url", db.url(), "--jdbc-user", db.user()));
        return all.toArray(String[]::new);
    }

    /** The export command for {@code [from, to)} into {@code dir}, as {@code conn}'s user. */
    private int export(PostgresOptions.Connection conn, String from, String to, Path dir) {
        return run(as(conn, "export", "--from", from, "--to", to, "--out", dir.toString()));
    }

    private int run(String... argv) {
        return Main.run(
                argv,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> jsonLines(Path file) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static List<List<String>> csv(Path file) throws Exception {
        return CsvReader.records(Files.readString(file));
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
