package io.brushguard.patterns.credit;

/** One alert on a subject as its list state keeps it. A Flink POJO. */
public class AlertMark {
    public long at;
    public String alertId;
    public String kind;
    public String severity;

    public AlertMark() {}

    AlertMark(CreditFact f) {
        this.at = f.at;
        this.alertId = f.alertId;
        this.kind = f.kind;
        this.severity = f.severity;
    }
}
