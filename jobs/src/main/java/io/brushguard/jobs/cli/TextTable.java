package io.brushguard.jobs.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Left-aligned columns for a terminal: a header row, then one row per record. */
final class TextTable {

    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        rows.add(header);
    }

    /** Adds a row; null cells print empty, instants to the second. */
    TextTable row(Object... cells) {
        String[] row = new String[rows.get(0).length];
        for (int i = 0; i < row.length; i++) {
            row[i] = text(i < cells.length ? cells[i] : null);
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.size() == 1;
    }

    /** The table, each line starting with {@code indent}. */
    String render(String indent) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + widths[i] + "s", row[i]));
                if (i < row.length - 1) {
                    line.append("  ");
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Instant t) {
            return t.truncatedTo(ChronoUnit.SECONDS).toString();
        }
        return value.toString();
    }
}
