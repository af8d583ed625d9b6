package io.brushguard.jobs.sink;

import io.brushguard.jobs.config.PostgresOptions;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes records to PostgreSQL in batches, one transaction per flush. Flink flushes a writer before
 * every checkpoint barrier, so everything before a checkpoint is committed when it completes; the
 * statements must be idempotent (keyed by deterministic ids), so the records replayed after a
 * restart from that checkpoint leave the tables as one clean run would: exactly-once in effect.
 */
public class PostgresSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    /** Writes one batch on an open transaction; must be idempotent. */
    public interface Statements<T> extends Serializable {

        /** Called once per writer, after connecting (to load keys, prepare state). */
        default void open() throws Exception {}

        void write(Connection db, List<T> batch) throws SQLException;

        /** What the records are, for error messages: "alerts to risk_alert". */
        String describe();
    }

    private final PostgresOptions.Connection connection;
    private final Statements<T> statements;

    public PostgresSink(PostgresOptions.Connection connection, Statements<T> statements) {
        this.connection = connection;
        this.statements = statements;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        try {
            statements.open();
            return new Writer<>(connection.open(), statements);
        } catch (SQLException e) {
            throw new IOException("cannot connect to PostgreSQL at " + connection.url(), e);
        } catch (Exception e) {
            throw new IOException("cannot open the writer of " + statements.describe(), e);
        }
    }

    static final class Writer<T> implements SinkWriter<T> {
        private final Connection db;
        private final Statements<T> statements;
        private final List<T> buffer = new ArrayList<>();

        Writer(Connection db, Statements<T> statements) throws SQLException {
            this.db = db;
            this.statements = statements;
            db.setAutoCommit(false);
        }

        @Override
        public void write(T record, Context context) {
            buffer.add(record);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (buffer.isEmpty()) {
                return;
            }
            try {
                statements.write(db, buffer);
                db.commit();
                buffer.clear();
            } catch (SQLException e) {
                try {
                    db.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw new IOException(
                        "writing " + buffer.size() + " " + statements.describe() + " failed", e);
            }
        }

        @Override
        public void close() throws Exception {
            db.close();
        }
    }
}
