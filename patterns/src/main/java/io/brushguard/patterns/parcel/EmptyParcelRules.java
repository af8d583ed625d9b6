package io.brushguard.patterns.parcel;

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

    public static EmptyParcelRules defaults() {
        return new EmptyParcelRules(
                SignedWithoutTransitRule.defaults(),
                SignedTooFastRule.defaults(),
                UnderweightParcelRule.defaults(),
                WaybillReuseRule.defaults(),
                CourierAnomalyRule.defaults(),
                CourierAnomalyRule.carrierDefaults());
    }
}
