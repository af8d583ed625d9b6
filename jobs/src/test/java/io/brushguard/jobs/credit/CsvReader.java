package io.brushguard.jobs.credit;

import java.util.ArrayList;
import java.util.List;

/** Reads RFC 4180 CSV back into records, so tests can check what a spreadsheet would see. */
public final class CsvReader {

    private CsvReader() {}

    public static List<List<String>> records(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char ch = csv.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                record.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                record.add(cell.toString());
                cell.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                cell.append(ch);
            }
        }
        if (quoted || cell.length() > 0 || !record.isEmpty()) {
            throw new IllegalArgumentException("CSV does not end with CRLF: " + csv);
        }
        return records;
    }
}
