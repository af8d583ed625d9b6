package io.brushguard.patterns.parcel;

import io.brushguard.patterns.DetectionRules;

import java.io.Serializable;

/** The empty-parcel (空包裹代发) pattern definitions and their parameters. */
public record EmptyParcelRules(
        SignedWithoutTransitRule signedWithoutTransit,
        SignedTooFastRule signedTooFast,
        UnderweightParcelRule underweight,
        WaybillReuseRule waybillReuse,
        CourierAnomalyRule courierAnomaly,
        CourierAnomalyRule carrierAnomaly)
        implements Serializable {

    /** The shipped definitions of the family ({@code patterns/*.yaml}). */
    public static EmptyParcelRules defaults() {
        return DetectionRules.defaults().emptyParcel();
    }
}
