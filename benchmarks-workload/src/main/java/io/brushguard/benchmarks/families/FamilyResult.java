package io.brushguard.benchmarks.families;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a contender in another JVM detected on {@link FamilyEvents}, per family (the names of {@code
 * FamilyAlert.Family}: BRUSHING, EMPTY_PARCEL, MALICIOUS_REVIEW): its matches and the distinct
 * units flagged (shops; orders for EMPTY_PARCEL), with the events it consumed and the seconds its
 * event loop took.
 *
 * <p>File, UTF-8 lines of tab-separated fields: {@code events N}, {@code of M}, {@code seconds S},
 * {@code finished true|false}, then per family {@code matches FAMILY K} and per unit {@code unit
 * FAMILY id}.
 */
public record FamilyResult(
        long events,
        long of,
        double seconds,
        boolean finished,
        Map<String, Long> matches,
        Map<String, Set<String>> units) {

    /** The families, in the order of {@code FamilyAlert.Family}. */
    public static final List<String> FAMILIES =
            List.of("BRUSHING", "EMPTY_PARCEL", "MALICIOUS_REVIEW");

    public long matches(String family) {
        return matches.getOrDefault(family, 0L);
    }

    public Set<String> units(String family) {
        return units.getOrDefault(family, Set.of());
    }

    public void write(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("events\t" + events + "\n");
            out.write("of\t" + of + "\n");
            out.write(String.format(Locale.ROOT, "seconds\t%.6f%n", seconds));
            out.write("finished\t" + finished + "\n");
            for (String f : FAMILIES) {
                out.write("matches\t" + f + "\t" + matches(f) + "\n");
                for (String u : new TreeSet<>(units(f))) {
                    out.write("unit\t" + f + "\t" + u + "\n");
                }
            }
        }
    }

    public static FamilyResult read(Path file) throws IOException {
        long events = 0;
        long of = 0;
        double seconds = 0;
        boolean finished = false;
        Map<String, Long> matches = new LinkedHashMap<>();
        Map<String, Set<String>> units = new LinkedHashMap<>();
        for (String f : FAMILIES) {
            units.put(f, new TreeSet<>());
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] p = line.split("\t", 3);
            switch (p[0]) {
                case "events":
                    events = Long.parseLong(p[1]);
                    break;
                case "of":
                    of = Long.parseLong(p[1]);
                    break;
                case "seconds":
                    seconds = Double.parseDouble(p[1]);
                    break;
                case "finished":
                    finished = Boolean.parseBoolean(p[1]);
                    break;
                case "matches":
                    matches.put(p[1], Long.parseLong(p[2]));
                    break;
                case "unit":
                    units.computeIfAbsent(p[1], k -> new TreeSet<>()).add(p[2]);
                    break;
                default:
                    throw new IOException("unexpected line in " + file + ": " + line);
            }
        }
        return new FamilyResult(events, of, seconds, finished, matches, units);
    }
}
