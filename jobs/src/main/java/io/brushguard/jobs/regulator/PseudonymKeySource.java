package io.brushguard.jobs.regulator;

import io.brushguard.jobs.config.RegulatorOptions;

import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Where the secret key of the regulator feed's pseudonyms is: an environment variable and/or a key
 * file, never the key itself. Safe to put into a job graph, a closure or a log line; {@link #load}
 * reads the key where the job runs (on each task manager), so the key never travels with the job
 * nor lands in a checkpoint.
 *
 * <p>The key is text (for example {@code openssl rand -base64 32}); its UTF-8 bytes, with
 * surrounding whitespace trimmed, key the HMAC and must be at least {@value
 * Pseudonymizer#MIN_KEY_BYTES} bytes long. A non-blank environment variable wins over the file.
 *
 * @param envVariable the environment variable holding the key, or null
 * @param keyFile the path of a file holding the key, or null
 */
public record PseudonymKeySource(String envVariable, String keyFile) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * The environment variable {@link RegulatorOptions#PSEUDONYM_KEY_ENV} and the configured file.
     */
    public static PseudonymKeySource fromConfiguration(Configuration conf) {
        String file = conf.get(RegulatorOptions.PSEUDONYM_KEY_FILE);
        return new PseudonymKeySource(
                RegulatorOptions.PSEUDONYM_KEY_ENV, file == null || file.isBlank() ? null : file);
    }

    /** Reads the key (environment first, then the file) and returns a pseudonymizer keyed by it. */
    public Pseudonymizer load() {
        return load(System::getenv);
    }

    /** {@link #load()} with an environment of the caller's choosing (tests). */
    Pseudonymizer load(UnaryOperator<String> env) {
        if (envVariable != null) {
            String value = env.apply(envVariable);
            if (value != null && !value.isBlank()) {
                return fromText(value, "environment variable " + envVariable);
            }
        }
        if (keyFile != null) {
            String text;
            try {
                text = Files.readString(Path.of(keyFile), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new IllegalStateException(
                        "pseudonymisation key file " + keyFile + " does not exist", e);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read the pseudonymisation key file "
                                + keyFile
                                + ": "
                                + e.getClass().getSimpleName(),
                        e);
            }
            return fromText(text, "key file " + keyFile);
        }
        throw new IllegalStateException(
                "no pseudonymisation key for the regulator feed: set the environment variable "
                        + (envVariable == null ? RegulatorOptions.PSEUDONYM_KEY_ENV : envVariable)
                        + " or "
                        + RegulatorOptions.PSEUDONYM_KEY_FILE.key()
                        + " (at least "
                        + Pseudonymizer.MIN_KEY_BYTES
                        + " bytes)");
    }

    private static Pseudonymizer fromText(String text, String origin) {
        byte[] key = text.strip().getBytes(StandardCharsets.UTF_8);
        try {
            if (key.length < Pseudonymizer.MIN_KEY_BYTES) {
                throw new IllegalStateException(
                        "the pseudonymisation key from "
                                + origin
                                + " has "
                                + key.length
                                + " bytes; at least "
                                + Pseudonymizer.MIN_KEY_BYTES
                                + " are required");
            }
            return Pseudonymizer.withKey(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
