package io.brushguard.patterns.definition;

/** One problem of a pattern definition file, printed as {@code file:line: reason}. */
public record DefinitionError(String file, int line, String reason)
        implements Comparable<DefinitionError> {

    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }

    @Override
    public int compareTo(DefinitionError o) {
        int byFile = file.compareTo(o.file);
        return byFile != 0 ? byFile : Integer.compare(line, o.line);
    }
}
