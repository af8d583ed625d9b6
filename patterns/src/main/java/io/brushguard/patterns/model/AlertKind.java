package io.brushguard.patterns.model;

/** The kinds of risk an alert can report (the {@code kind} field of a risk alert). */
public enum AlertKind {
    BRUSHING,
    EMPTY_PARCEL,
    MALICIOUS_REVIEW
}
