package io.brushguard.patterns.definition;

/**
 * What a detector keys its state by: a subject of alerts (the first seven, as in {@code
 * EntityType}) or, for detectors that judge one order or one waybill at a time, that.
 */
public enum Subject {
    SHOP,
    BUYER,
    REVIEWER,
    PAYER,
    DEVICE,
    COURIER,
    CARRIER,
    ORDER,
    WAYBILL
}
