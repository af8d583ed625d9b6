package io.brushguard.patterns.definition;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.engine.PatternSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Pattern definition files: one YAML file per detector ({@code <rule id>.yaml}) and one each for
 * the correlation, the gate and the list candidates. The shipped ones are the classpath's {@code
 * patterns/*.yaml}; a directory of files may replace any of them, and add declarative patterns
 * (files with {@code count:} or {@code sequence:}, ids of their own). The format is in
 * docs/patterns.md.
 */
public final class PatternDefinitions {

    /** Where the shipped definitions are on the classpath. */
    public static final String RESOURCE_DIR = "patterns/";

    private static volatile Map<String, Object> shipped;

    private PatternDefinitions() {}

    /** What reading definition files gave: the definitions without errors, and every error. */
    public record Result(List<Definition> definitions, List<DefinitionError> errors) {

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** The ids of every definition the job runs: the detectors' rule ids, then the settings. */
    public static List<String> ids() {
        return Catalog.ENTRIES.stream().map(Catalog.Entry::id).toList();
    }

    /**
     * The text of the shipped definition {@code id}: what a new version of a built-in rule starts
     * from.
     *
     * @throws IllegalArgumentException if no definition of that id is shipped
     */
    public static String shippedText(String id) {
        String resource = RESOURCE_DIR + id + ".yaml";
        try (InputStream in =
                PatternDefinitions.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no shipped definition " + id);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The shipped definitions. */
    public static DetectionRules shipped() {
        return Catalog.assemble(shippedById());
    }

    /**
     * The shipped definitions, with those of {@code fileOrDir} in place of theirs: definitions not
     * in the directory keep their shipped values.
     *
     * @throws DefinitionException listing every error when any file has one
     */
    public static DetectionRules withOverrides(Path fileOrDir) throws IOException {
        return withOverrides(read(fileOrDir));
    }

    /**
     * The shipped definitions, with those {@code read} in place of theirs.
     *
     * @throws DefinitionException listing every error of {@code read}, if any
     */
    public static DetectionRules withOverrides(Result read) {
        if (!read.ok()) {
            throw new DefinitionException(read.errors());
        }
        Map<String, Object> byId = new LinkedHashMap<>(shippedById());
        List<PatternSpec> declarative = new ArrayList<>();
        for (Definition d : read.definitions()) {
            if (d.rule() instanceof PatternSpec spec) {
                declarative.add(spec);
            } else {
                byId.put(d.id(), d.rule());
            }
        }
        return Catalog.assemble(byId).withDeclarative(declarative);
    }

    /**
     * Reads and checks one definition from its text, exactly as the file {@code fileName} would be
     * (its id must match the name): a shipped rule's definition or a declarative pattern. Errors
     * name {@code fileName} as the file.
     *
     * @param fileName the file's name, {@code <id>.yaml}; a path is allowed, its last part is the
     *     name checked
     */
    public static Result parse(String yamlText, String fileName) {
        List<DefinitionError> errors = new ArrayList<>();
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        Definition d;
        try {
            d =
                    DefinitionReader.read(
                            new StringReader(yamlText), fileName, name, shippedById(), errors);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + fileName, e);
        }
        Collections.sort(errors);
        return new Result(d == null ? List.of() : List.of(d), errors);
    }

    /**
     * Reads and checks one definition file, or every {@code .yaml} and {@code .yml} file of a
     * directory (not its subdirectories). Ids must be unique across the directory.
     */
    public static Result read(Path fileOrDir) throws IOException {
        List<Path> files;
        if (Files.isDirectory(fileOrDir)) {
            try (Stream<Path> list = Files.list(fileOrDir)) {
                files =
                        list.filter(Files::isRegularFile)
                                .filter(f -> f.getFileName().toString().matches(".*\\.ya?ml"))
                                .sorted()
                                .toList();
            }
            if (files.isEmpty()) {
                throw new IOException("no definition files (.yaml) in " + fileOrDir);
            }
        } else if (Files.isRegularFile(fileOrDir)) {
            files = List.of(fileOrDir);
        } else {
            throw new IOException("no such file or directory: " + fileOrDir);
        }
        List<Definition> definitions = new ArrayList<>();
        List<DefinitionError> errors = new ArrayList<>();
        Map<String, Definition> byId = new LinkedHashMap<>();
        for (Path file : files) {
            Definition d;
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                d =
                        DefinitionReader.read(
                                in,
                                file.toString(),
                                file.getFileName().toString(),
                                shippedById(),
                                errors);
            }
            if (d == null) {
                continue;
            }
            Definition first = byId.putIfAbsent(d.id(), d);
            if (first != null) {
                errors.add(
                        new DefinitionError(
                                d.file(),
                                d.line(),
                                "duplicate id '"
                                        + d.id()
                                        + "'; also defined in "
                                        + first.file()
                                        + ":"
                                        + first.line()));
            } else {
                definitions.add(d);
            }
        }
        Collections.sort(errors);
        return new Result(definitions, errors);
    }

    private static Map<String, Object> shippedById() {
        Map<String, Object> loaded = shipped;
        if (loaded == null) {
            synchronized (PatternDefinitions.class) {
                loaded = shipped;
                if (loaded == null) {
                    loaded = loadShipped();
                    shipped = loaded;
                }
            }
        }
        return loaded;
    }

    private static Map<String, Object> loadShipped() {
        Map<String, Object> byId = new LinkedHashMap<>();
        List<DefinitionError> errors = new ArrayList<>();
        for (String id : ids()) {
            String resource = RESOURCE_DIR + id + ".yaml";
            try (InputStream in =
                    PatternDefinitions.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    errors.add(new DefinitionError(resource, 1, "missing from the classpath"));
                    continue;
                }
                Definition d =
                        DefinitionReader.read(
                                new InputStreamReader(in, StandardCharsets.UTF_8),
                                resource,
                                id + ".yaml",
                                Map.of(),
                                errors);
                if (d != null) {
                    byId.put(id, d.rule());
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + resource, e);
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException(
                    "the shipped pattern definitions are invalid", new DefinitionException(errors));
        }
        return Collections.unmodifiableMap(byId);
    }
}
