package io.brushguard.jobs.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A subject's credit record as of {@link #asOf()}: its score and grade under the current policy,
 * why, and what the job has proposed for it. A subject without credit events has the policy's base
 * score ({@link #hasCreditEvents()} is false).
 *
 * @param creditEvents the number of credit events in the log (all of them; {@link #latestEvents()}
 *     holds only the latest)
 * @param reasons distinct "kind severity rule" of its credit events (credit_record.reasons)
 * @param alerts the number of risk alerts on the subject
 */
public record CreditReport(
        String entityType,
        String entityId,
        Instant asOf,
        BigDecimal baseScore,
        BigDecimal score,
        String grade,
        long creditEvents,
        List<String> reasons,
        List<Event> latestEvents,
        long alerts,
        List<Candidate> candidates) {

    public boolean hasCreditEvents() {
        return creditEvents > 0;
    }

    /** One credit event: an alert's mark on the record, with its score change before decay. */
    public record Event(
            Instant occurredAt,
            String kind,
            String severity,
            String ruleId,
            BigDecimal scoreChange,
            String alertId,
            String what) {}
}
