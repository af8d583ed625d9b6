package io.brushguard.jobs.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

import java.io.Serializable;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The credit-record store. Credentials come from configuration or the environment ({@code
 * BRUSHGUARD_JDBC_URL}, {@code BRUSHGUARD_JDBC_USER}, {@code BRUSHGUARD_JDBC_PASSWORD}), never from
 * code.
 */
public final class PostgresOptions {

    private PostgresOptions() {}

    public static final ConfigOption<String> JDBC_URL =
            ConfigOptions.key("brushguard.jdbc.url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "JDBC URL of the PostgreSQL credit-record store; without it alerts go"
                                    + " to Kafka only. Env: BRUSHGUARD_JDBC_URL.");

    public static final ConfigOption<String> JDBC_USER =
            ConfigOptions.key("brushguard.jdbc.user")
                    .stringType()
                    .defaultValue("brushguard")
                    .withDescription("Database user. Env: BRUSHGUARD_JDBC_USER.");

    public static final ConfigOption<String> JDBC_PASSWORD =
            ConfigOptions.key("brushguard.jdbc.password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Database password; prefer the environment variable"
                                    + " BRUSHGUARD_JDBC_PASSWORD.");

    public static final ConfigOption<Boolean> MIGRATE =
            ConfigOptions.key("brushguard.jdbc.migrate")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether the job brings the store's schema up to date at start-up."
                                    + " Set false when the job logs in as a brushguard_writer and"
                                    + " the owner runs `brushguard db migrate` instead.");

    /** Where and how to connect; serializable so that sink writers can open their own. */
    public record Connection(String url, String user, String password) implements Serializable {

        public java.sql.Connection open() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public String toString() {
            return "Connection[" + url + " as " + user + "]";
        }
    }

    /** The configured store, environment variables taking precedence; empty when none is set. */
    public static Optional<Connection> connection(Configuration conf) {
        String url = env("BRUSHGUARD_JDBC_URL", conf.get(JDBC_URL));
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(
                new Connection(
                        url,
                        env("BRUSHGUARD_JDBC_USER", conf.get(JDBC_USER)),
                        env("BRUSHGUARD_JDBC_PASSWORD", conf.get(JDBC_PASSWORD))));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v != null && !v.isBlank() ? v : fallback;
    }
}
