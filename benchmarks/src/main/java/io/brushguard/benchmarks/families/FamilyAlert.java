package io.brushguard.benchmarks.families;

import java.util.Objects;

/**
 * One detection of a fraud family, by either side of the CEP comparison: which family, its subject
 * (the shop), the order for an empty parcel, and the event-time span of the evidence.
 *
 * <p>{@link #unit()} is what both sides are counted by (see {@link CepFamilies}): the shop for
 * brushing and malicious reviews, the order for empty parcels.
 */
public class FamilyAlert {

    /** The three fraud families, each with the shipped rule that is its core. */
    public enum Family {
        BRUSHING,
        EMPTY_PARCEL,
        MALICIOUS_REVIEW
    }

    public Family family;
    public String subject;

    /** The order of an empty parcel; null for the other families. */
    public String orderId;

    public long start;
    public long end;

    public FamilyAlert() {}

    public FamilyAlert(Family family, String subject, String orderId, long start, long end) {
        this.family = family;
        this.subject = subject;
        this.orderId = orderId;
        this.start = start;
        this.end = end;
    }

    /** The counting unit: the shop flagged (brushing, malicious review) or the order flagged. */
    public String unit() {
        return family == Family.EMPTY_PARCEL ? orderId : subject;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FamilyAlert)) {
            return false;
        }
        FamilyAlert that = (FamilyAlert) o;
        return family == that.family
                && start == that.start
                && end == that.end
                && Objects.equals(subject, that.subject)
                && Objects.equals(orderId, that.orderId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(family, subject, orderId, start, end);
    }

    @Override
    public String toString() {
        return family
                + " "
                + subject
                + (orderId == null ? "" : " order " + orderId)
                + " ["
                + start
                + ", "
                + end
                + "]";
    }
}
