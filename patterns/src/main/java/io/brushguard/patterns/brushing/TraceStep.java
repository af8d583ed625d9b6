package io.brushguard.patterns.brushing;

/** One step of an order's story as a detector keeps it for evidence. A Flink POJO. */
public class TraceStep {
    public long at;
    public String stream;
    public String what;

    public TraceStep() {}

    public TraceStep(long at, String stream, String what) {
        this.at = at;
        this.stream = stream;
        this.what = what;
    }
}
