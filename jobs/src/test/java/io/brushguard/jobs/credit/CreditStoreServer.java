package io.brushguard.jobs.credit;

import io.brushguard.jobs.config.PostgresOptions;
import io.brushguard.jobs.embedded.EmbeddedPostgresServer;
import io.brushguard.jobs.sink.CreditStoreSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedded PostgreSQL for one test class, with the credit store migrated once into a template
 * database. {@link #freshDatabase()} copies the template (a fraction of a second), so every test
 * gets its own migrated database without paying for a server start or a migration.
 */
public final class CreditStoreServer implements AutoCloseable {

    private static final String TEMPLATE = "credit_store_template";

    private final EmbeddedPostgresServer server;
    private final AtomicInteger databases = new AtomicInteger();

    private CreditStoreServer(EmbeddedPostgresServer server) {
        this.server = server;
    }

    public static CreditStoreServer start() throws SQLException {
        CreditStoreServer s = new CreditStoreServer(EmbeddedPostgresServer.start());
        try {
            s.createDatabase(TEMPLATE, null);
            CreditStoreSchema.migrate(s.superuser(TEMPLATE));
            return s;
        } catch (RuntimeException | SQLException e) {
            s.close();
            throw e;
        }
    }

    /** A new database holding the migrated, empty credit store; the superuser connects to it. */
    public PostgresOptions.Connection freshDatabase() throws SQLException {
        String name = "credit_store_" + databases.incrementAndGet();
        createDatabase(name, TEMPLATE);
        return superuser(name);
    }

    /** A new database without any schema. */
    public PostgresOptions.Connection emptyDatabase() throws SQLException {
        String name = "empty_" + databases.incrementAndGet();
        createDatabase(name, null);
        return superuser(name);
    }

    public PostgresOptions.Connection superuser(String database) {
        return new PostgresOptions.Connection(
                server.jdbcUrl(database), server.user(), server.password());
    }

    /**
     * The same database as {@code db}, as a new login user who holds only {@code groupRole}. The
     * embedded server trusts local connections, so the user needs no password.
     */
    public PostgresOptions.Connection loginWith(PostgresOptions.Connection db, String groupRole)
            throws SQLException {
        String user = groupRole.replace("brushguard_", "") + "_" + databases.incrementAndGet();
        try (Connection c = superuser(EmbeddedPostgresServer.DATABASE).open();
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + user + " LOGIN");
            s.execute("GRANT " + groupRole + " TO " + user);
        }
        return new PostgresOptions.Connection(db.url(), user, null);
    }

    private void createDatabase(String name, String template) throws SQLException {
        try (Connection c = superuser(EmbeddedPostgresServer.DATABASE).open();
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
