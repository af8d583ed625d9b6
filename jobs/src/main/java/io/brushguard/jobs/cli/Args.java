package io.brushguard.jobs.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsed command line of one subcommand: {@code --name value}, {@code --name=value}, bare {@code
 * --flag}s and positional arguments, checked against the options and positional arguments the
 * command declares.
 */
public final class Args {

    /**
     * One declared option: its name without dashes, a value placeholder (null for a flag), help.
     */
    public record Option(String name, String value, String help) {}

    /** Bad command-line input; the message is shown with the command's usage. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positionals = new ArrayList<>();

    private Args() {}

    /** Parses a command line that has options only. */
    public static Args parse(String[] argv, List<Option> declared) {
        return parse(argv, declared, List.of());
    }

    /**
     * Parses a command line of options and positional arguments, which may come in any order.
     *
     * @param positionalNames the names of the positional arguments in order (for messages); every
     *     one is required and no more are accepted
     */
    public static Args parse(String[] argv, List<Option> declared, List<String> positionalNames) {
        Map<String, Option> byName = new LinkedHashMap<>();
        declared.forEach(o -> byName.put(o.name(), o));
        Args args = new Args();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--") && args.positionals.size() < positionalNames.size()) {
                args.positionals.add(a);
                continue;
            }
            if (!a.startsWith("--") || a.length() == 2) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Option opt = byName.get(name);
            if (opt == null) {
                throw new UsageException("unknown option --" + name);
            }
            if (opt.value() == null) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= argv.length) {
                    throw new UsageException("--" + name + " needs a value " + opt.value());
                }
                value = argv[++i];
            }
            args.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        if (args.positionals.size() < positionalNames.size()) {
            throw new UsageException("missing " + positionalNames.get(args.positionals.size()));
        }
        return args;
    }

    /** The positional argument at {@code index}; parsing has checked that it is there. */
    public String positional(int index) {
        return positionals.get(index);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String get(String name, String fallback) {
        List<String> v = values.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    public String required(String name) {
        String v = get(name, null);
        if (v == null) {
            throw new UsageException("--" + name + " is required");
        }
        return v;
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public long getLong(String name, long fallback) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    public int getInt(String name, int fallback) {
        long v = getLong(name, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new UsageException("--" + name + " is out of range: " + v);
        }
        return (int) v;
    }
}
