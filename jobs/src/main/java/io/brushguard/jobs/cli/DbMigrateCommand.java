package io.brushguard.jobs.cli;

import io.brushguard.jobs.config.PostgresOptions;
import io.brushguard.jobs.credit.CreditStore;
import io.brushguard.jobs.sink.CreditStoreSchema;

import org.flywaydb.core.api.output.MigrateResult;

import java.io.PrintStream;
import java.util.List;

/** {@code brushguard db migrate}: brings the credit store's schema up to date. */
final class DbMigrateCommand implements Command {

    @Override
    public String name() {
        return "db migrate";
    }

    @Override
    public String summary() {
        return "create or update the credit-store schema and roles (Flyway)";
    }

    @Override
    public String description() {
        return "Applies the pending Flyway migrations of the credit store (risk_alert, credit\n"
                + "records, candidates, the regulator feed) and creates the group roles\n"
                + "brushguard_writer, brushguard_analyst and brushguard_regulator if the cluster\n"
                + "lacks them. Run it as the database owner; creating the roles needs CREATEROLE\n"
                + "the first time. Running it again does nothing. Prints the schema version.";
    }

    @Override
    public List<Args.Option> options() {
        return DatabaseArgs.withDatabase();
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        PostgresOptions.Connection db = DatabaseArgs.connection(args);
        // Flyway reports an unreachable database over many lines; this fails in one.
        CreditStore.connect(db).close();
        MigrateResult result = CreditStoreSchema.migrate(db);
        String version =
                result.targetSchemaVersion != null
                        ? result.targetSchemaVersion
                        : result.initialSchemaVersion;
        out.printf(
                "%s: %d migrations applied, schema version %s%n",
                db.url(), result.migrationsExecuted, version);
        return 0;
    }
}
