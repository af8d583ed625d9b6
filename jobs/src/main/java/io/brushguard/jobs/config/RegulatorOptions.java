package io.brushguard.jobs.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The regulator feed: where the secret key of its pseudonyms is. The key itself is never a
 * configuration value (configuration ends up in logs, the web UI and the job graph); only the path
 * of a file holding it is. See {@code docs/regulator-feed.md}.
 */
public final class RegulatorOptions {

    private RegulatorOptions() {}

    /** The environment variable holding the key; it wins over {@link #PSEUDONYM_KEY_FILE}. */
    public static final String PSEUDONYM_KEY_ENV = "BRUSHGUARD_PSEUDONYM_KEY";

    public static final ConfigOption<String> PSEUDONYM_KEY_FILE =
            ConfigOptions.key("brushguard.pseudonym.key-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "File holding the secret key of the regulator feed's pseudonyms (at"
                                    + " least 32 bytes of text, read where the job runs). Env "
                                    + PSEUDONYM_KEY_ENV
                                    + " (the key itself) takes precedence.");
}
