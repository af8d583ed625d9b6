package io.brushguard.jobs.cli;

import io.brushguard.jobs.BrushguardJob;
import io.brushguard.jobs.config.EventTimeOptions;
import io.brushguard.jobs.config.JobOptions;
import io.brushguard.jobs.config.KafkaOptions;
import io.brushguard.jobs.config.PostgresOptions;
import io.brushguard.jobs.config.RegulatorOptions;
import io.brushguard.patterns.DetectionRules;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code brushguard run}: the streaming job against the platform's Kafka (and PostgreSQL). Also the
 * entry point of the job jar under {@code flink run}.
 */
final class RunCommand implements Command {

    static final List<Class<?>> OPTION_CLASSES =
            List.of(
                    KafkaOptions.class,
                    EventTimeOptions.class,
                    JobOptions.class,
                    PostgresOptions.class,
                    RegulatorOptions.class);

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "run the streaming job against your Kafka (and PostgreSQL)";
    }

    @Override
    public String description() {
        StringBuilder sb =
                new StringBuilder(
                        "Runs the detection job: reads orders, payments, logistics and reviews from\n"
                                + "Kafka (Avro), writes risk alerts and dead letters to Kafka exactly-once\n"
                                + "and, with a JDBC URL, alerts to PostgreSQL. Under `flink run` it runs on\n"
                                + "the cluster; from the launcher, on a local embedded Flink.\n\n"
                                + "Configuration keys (set with --config or --set):\n");
        for (ConfigOption<?> o : allOptions()) {
            sb.append(String.format("  %s (default: %s)%n", o.key(), defaultText(o)));
            sb.append("      ").append(descriptionText(o)).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    @Override
    public List<Args.Option> options() {
        return List.of(
                new Args.Option(
                        "config", "<file>", "a properties file of configuration keys (below)"),
                new Args.Option(
                        "set",
                        "<key=value>",
                        "one configuration key; repeatable; wins over --config"),
                new Args.Option(
                        "bootstrap-servers",
                        "<hosts>",
                        "shortcut for brushguard.kafka.bootstrap-servers"),
                new Args.Option("jdbc-url", "<url>", "shortcut for brushguard.jdbc.url"),
                new Args.Option(
                        "checkpoint-dir", "<uri>", "shortcut for brushguard.checkpoint-dir"),
                PatternArgs.OPTION,
                new Args.Option("parallelism", "<n>", "job parallelism (default: the cluster's)"));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        Configuration conf = configuration(args);
        DetectionRules rules = PatternArgs.rules(args, out);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        BrushguardJob.flinkConfiguration(conf));
        if (args.has("parallelism")) {
            env.setParallelism(args.getInt("parallelism", 1));
        }
        BrushguardJob.attach(env, conf, rules);
        env.execute("brushguard");
        return 0;
    }

    static Configuration configuration(Args args) throws IOException {
        Properties props = new Properties();
        if (args.has("config")) {
            Path file = Path.of(args.get("config", null));
            try (Reader r = Files.newBufferedReader(file)) {
                props.load(r);
            }
        }
        for (String kv : args.all("set")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new Args.UsageException("--set expects key=value, got '" + kv + "'");
            }
            props.setProperty(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        shortcut(args, props, "bootstrap-servers", KafkaOptions.BOOTSTRAP_SERVERS);
        shortcut(args, props, "jdbc-url", PostgresOptions.JDBC_URL);
        shortcut(args, props, "checkpoint-dir", JobOptions.CHECKPOINT_DIR);
        Configuration conf = new Configuration();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("brushguard.")
                    && allOptions().stream().noneMatch(o -> o.key().equals(key))) {
                throw new Args.UsageException("unknown configuration key '" + key + "'");
            }
            conf.setString(key, props.getProperty(key));
        }
        return conf;
    }

    private static void shortcut(Args args, Properties props, String flag, ConfigOption<?> option) {
        if (args.has(flag)) {
            props.setProperty(option.key(), args.get(flag, null));
        }
    }

    private static String defaultText(ConfigOption<?> o) {
        if (!o.hasDefaultValue()) {
            return "none";
        }
        Object v = o.defaultValue();
        return v instanceof Duration d ? TimeUtils.formatWithHighestUnit(d) : String.valueOf(v);
    }

    static String descriptionText(ConfigOption<?> o) {
        return new HtmlFormatter().format(o.description()).replaceAll("<[^>]+>", "");
    }

    static List<ConfigOption<?>> allOptions() {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Class<?> c : OPTION_CLASSES) {
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers())
                        && ConfigOption.class.isAssignableFrom(f.getType())) {
                    try {
                        options.add((ConfigOption<?>) f.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return options;
    }
}
