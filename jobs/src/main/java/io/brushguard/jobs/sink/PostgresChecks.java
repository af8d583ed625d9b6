package io.brushguard.jobs.sink;

import io.brushguard.jobs.config.PostgresOptions;
import io.brushguard.jobs.credit.CreditStore;

import java.sql.Connection;
import java.sql.SQLException;

/** Start-up checks of the credit-record store, so that a bad URL fails at once and clearly. */
public final class PostgresChecks {

    private PostgresChecks() {}

    /** Opens a connection once, to fail at start-up with a clear message rather than mid-stream. */
    public static void checkReachable(PostgresOptions.Connection connection) {
        try (Connection db = CreditStore.connect(connection)) {
            db.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + connection.url() + " failed a check: " + e.getMessage(), e);
        }
    }
}
