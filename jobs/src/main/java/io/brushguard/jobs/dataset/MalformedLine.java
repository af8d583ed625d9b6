package io.brushguard.jobs.dataset;

/**
 * A line (or Avro record) of a data-set file that could not be used, and why. Readers collect these
 * instead of aborting, so one bad line in a million does not stop a backtest, and the report can
 * say exactly where to look.
 *
 * @param file file name within the data set, e.g. {@code orders.jsonl}
 * @param line 1-based line number in a JSON-lines file, or 1-based record number in an Avro file (0
 *     when the file as a whole could not be read)
 * @param reason what was wrong, e.g. {@code missing required field 'shop_id'}
 */
public record MalformedLine(String file, long line, String reason) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
