package io.brushguard.jobs.credit;

import java.util.List;

/** One CSV record as RFC 4180 writes it: comma-separated, quoted where needed, CRLF-terminated. */
final class Csv {

    private Csv() {}

    /** The record of {@code cells}; a null cell is empty. */
    static String line(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(cell(cells.get(i)));
        }
        return sb.append("\r\n").toString();
    }

    /**
     * A text value for a cell that a spreadsheet opens: one starting with {@code = + - @}, a tab or
     * a carriage return gets a leading apostrophe, so that a spreadsheet shows it as text instead
     * of running it as a formula (CSV injection; an id is the platform's, and a shop can choose its
     * own). The JSON Lines file keeps every value exact.
     */
    static String text(String value) {
        if (value == null || value.isEmpty() || "=+-@\t\r".indexOf(value.charAt(0)) < 0) {
            return value;
        }
        return "'" + value;
    }

    /** A cell holding a comma, a quote or a line break is quoted, its quotes doubled. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0
                && value.indexOf('"') < 0
                && value.indexOf('\n') < 0
                && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
