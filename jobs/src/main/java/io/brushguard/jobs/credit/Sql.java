package io.brushguard.jobs.credit;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Reading PostgreSQL column types into plain Java values. */
final class Sql {

    private Sql() {}

    /** A {@code timestamptz} column; null stays null. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** A {@code text[]} column; null reads as an empty list. */
    static List<String> texts(ResultSet rs, String column) throws SQLException {
        Array a = rs.getArray(column);
        return a == null
                ? List.of()
                : Collections.unmodifiableList(Arrays.asList((String[]) a.getArray()));
    }
}
