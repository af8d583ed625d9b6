package io.brushguard.jobs.demo;

import io.brushguard.jobs.embedded.EmbeddedPostgresServer;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's view of the credit-record store at the end: grades per subject type, candidates per
 * list, the worst records, and that the regulator feed holds every alert.
 */
final class CreditSummary {

    private CreditSummary() {}

    static void print(PrintStream out, EmbeddedPostgresServer pg) throws SQLException {
        try (Connection db = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement st = db.createStatement()) {
            out.println("credit records (credit_record: score and grade as of now, per subject):");
            try (ResultSet rs =
                    st.executeQuery(
                            "SELECT entity_type, grade, count(*) FROM credit_record"
                                    + " GROUP BY entity_type, grade ORDER BY entity_type, grade")) {
                StringBuilder line = new StringBuilder();
                String type = null;
                while (rs.next()) {
                    if (!rs.getString(1).equals(type)) {
                        if (type != null) {
                            out.println(line);
                        }
                        type = rs.getString(1);
                        line = new StringBuilder(String.format("  %-9s", type));
                    }
                    line.append(String.format(" %s:%d", rs.getString(2), rs.getLong(3)));
                }
                if (type != null) {
                    out.println(line);
                }
            }
            try (ResultSet rs =
                    st.executeQuery(
                            "SELECT entity_type, entity_id, score, grade, reasons FROM"
                                    + " credit_record ORDER BY score, entity_type, entity_id"
                                    + " LIMIT 3")) {
                out.println("lowest scores:");
                while (rs.next()) {
                    out.printf(
                            "  %s %s: %s (%s) %s%n",
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5));
                }
            }
            try (ResultSet rs =
                    st.executeQuery(
                            "SELECT list, entity_type, count(*) FROM list_candidate"
                                    + " GROUP BY list, entity_type ORDER BY list, entity_type")) {
                StringBuilder line = new StringBuilder("list candidates (PENDING review):");
                while (rs.next()) {
                    line.append(
                            String.format(
                                    " %s %s %d;", rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
                out.println(line);
            }
            try (ResultSet rs =
                    st.executeQuery(
                            "SELECT (SELECT count(*) FROM regulator_alert),"
                                    + " (SELECT count(*) FROM risk_alert),"
                                    + " (SELECT count(*) FROM regulator_alert WHERE"
                                    + " entity_pseudonymised)")) {
                rs.next();
                out.printf(
                        "regulator feed: %d of %d alerts, %d with a pseudonymised subject%n",
                        rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }
}
