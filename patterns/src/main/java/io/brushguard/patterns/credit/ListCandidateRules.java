package io.brushguard.patterns.credit;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.DetectionRules;

import java.io.Serializable;
import java.time.Duration;
import java.util.Set;

/**
 * When a subject becomes a blacklist or red-list candidate. Candidates are proposals for a person
 * to review, never decisions.
 *
 * @param blacklistWindow how close together the alerts of a blacklist reason must be
 * @param blacklistAlerts how many alerts of one kind, each at least {@code blacklistSeverity}, make
 *     a subject a blacklist candidate ({@code REPEATED_<KIND>})
 * @param blacklistSeverity the least severity that counts towards a blacklist reason
 * @param blacklistKinds how many different kinds of such alerts within the window make a subject a
 *     candidate on their own ({@code SEVERAL_KINDS})
 * @param redlistTypes which subjects can be red-listed (businesses: shops and carriers)
 * @param redlistPeriod how long a subject must have been active with no alert at all
 * @param redlistMinActivity how many completed orders (shops) or signed parcels (carriers) it must
 *     have in that period
 * @param maxAlertIds how many alert ids one candidate lists at most (the newest)
 */
public record ListCandidateRules(
        Duration blacklistWindow,
        int blacklistAlerts,
        Severity blacklistSeverity,
        int blacklistKinds,
        Set<EntityType> redlistTypes,
        Duration redlistPeriod,
        int redlistMinActivity,
        int maxAlertIds)
        implements Serializable {

    public ListCandidateRules {
        require(blacklistWindow.toMillis() > 0, "blacklistWindow must be positive");
        require(blacklistAlerts >= 1, "blacklistAlerts must be at least 1");
        require(blacklistKinds >= 2, "blacklistKinds must be at least 2");
        require(
                redlistPeriod.toDays() >= 1 && redlistPeriod.toMillis() % DAY_MS == 0,
                "redlistPeriod must be a whole number of days");
        require(redlistMinActivity >= 1, "redlistMinActivity must be at least 1");
        require(maxAlertIds >= blacklistAlerts, "maxAlertIds must be at least blacklistAlerts");
        redlistTypes = Set.copyOf(redlistTypes);
    }

    static final long DAY_MS = Duration.ofDays(1).toMillis();

    /** The shipped definition: {@code patterns/list-candidates.yaml}. */
    public static ListCandidateRules defaults() {
        return DetectionRules.defaults().lists();
    }

    /**
     * The same thresholds with another red-list period (the demo's data spans days, not months).
     */
    public ListCandidateRules withRedlistPeriod(Duration period, int minActivity) {
        return new ListCandidateRules(
                blacklistWindow,
                blacklistAlerts,
                blacklistSeverity,
                blacklistKinds,
                redlistTypes,
                period,
                minActivity,
                maxAlertIds);
    }

    int redlistDays() {
        return (int) redlistPeriod.toDays();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
