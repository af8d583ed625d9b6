package io.brushguard.jobs.embedded;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresServerTest {

    @Test
    void servesARealDatabaseOverJdbcWithTheAdvertisedCredentials() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
                Connection connection =
                        DriverManager.getConnection(
                                server.jdbcUrl(), server.user(), server.password())) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(
                        "CREATE TABLE alerts (id BIGINT PRIMARY KEY, kind TEXT NOT NULL)");
            }
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO alerts (id, kind) VALUES (?, ?)")) {
                insert.setLong(1, 1);
                insert.setString(2, "BRUSHING");
                insert.addBatch();
                insert.setLong(1, 2);
                insert.setString(2, "EMPTY_PARCEL");
                insert.addBatch();
                insert.executeBatch();
            }

            List<String> rows = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet resultSet =
                            statement.executeQuery("SELECT id, kind FROM alerts ORDER BY id")) {
                while (resultSet.next()) {
                    rows.add(resultSet.getLong("id") + ":" + resultSet.getString("kind"));
                }
            }
            assertThat(rows).containsExactly("1:BRUSHING", "2:EMPTY_PARCEL");
        }
    }

    @Test
    void jdbcUrlPointsAtThePostgresDatabaseOnLoopback() {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start()) {
            assertThat(server.jdbcUrl()).matches("jdbc:postgresql://localhost:\\d+/postgres");
        }
    }
}
