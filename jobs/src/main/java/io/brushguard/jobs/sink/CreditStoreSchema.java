package io.brushguard.jobs.sink;

import io.brushguard.jobs.config.PostgresOptions;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the credit-record store's schema up to date with the versioned migrations in db/migration.
 */
public final class CreditStoreSchema {

    private CreditStoreSchema() {}

    public static MigrateResult migrate(PostgresOptions.Connection db) {
        return Flyway.configure()
                .dataSource(db.url(), db.user(), db.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
