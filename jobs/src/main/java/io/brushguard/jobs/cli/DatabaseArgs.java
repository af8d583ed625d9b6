package io.brushguard.jobs.cli;

import io.brushguard.jobs.config.PostgresOptions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The options of the commands that use the credit store, and the connection they name. An option
 * wins over its environment variable; the password comes only from the environment ({@code
 * BRUSHGUARD_JDBC_PASSWORD}) so that it never shows in a process list or a shell history.
 */
final class DatabaseArgs {

    private DatabaseArgs() {}

    /** The database options followed by a command's own. */
    static List<Args.Option> withDatabase(Args.Option... own) {
        List<Args.Option> options = new ArrayList<>(Arrays.asList(own));
        options.add(
                new Args.Option(
                        "jdbc-url",
                        "<url>",
                        "the credit store, e.g. jdbc:postgresql://db:5432/brushguard\n"
                                + "(default: env BRUSHGUARD_JDBC_URL)"));
        options.add(
                new Args.Option(
                        "jdbc-user",
                        "<user>",
                        "database user (default: env BRUSHGUARD_JDBC_USER, else "
                                + PostgresOptions.JDBC_USER.defaultValue()
                                + ");\nthe password is read from env BRUSHGUARD_JDBC_PASSWORD"));
        return options;
    }

    static PostgresOptions.Connection connection(Args args) {
        String url = args.get("jdbc-url", System.getenv("BRUSHGUARD_JDBC_URL"));
        if (url == null || url.isBlank()) {
            throw new Args.UsageException(
                    "no database: pass --jdbc-url or set BRUSHGUARD_JDBC_URL");
        }
        String envUser = System.getenv("BRUSHGUARD_JDBC_USER");
        String user =
                args.get(
                        "jdbc-user",
                        envUser == null || envUser.isBlank()
                                ? PostgresOptions.JDBC_USER.defaultValue()
                                : envUser);
        return new PostgresOptions.Connection(url, user, System.getenv("BRUSHGUARD_JDBC_PASSWORD"));
    }
}
