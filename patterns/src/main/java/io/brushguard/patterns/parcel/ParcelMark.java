package io.brushguard.patterns.parcel;

import io.brushguard.patterns.correlation.OrderContext;

/**
 * One parcel a shop-, waybill- or courier-level detector keeps as evidence: when it was flagged,
 * its order and waybill, and the order's story at that moment (for the alert's timeline). A Flink
 * POJO.
 */
public class ParcelMark {
    public long at;
    public String orderId;
    public String waybillId;

    /** The order's story when the parcel was flagged; null when the order is unknown. */
    public OrderContext context;

    public ParcelMark() {}

    static ParcelMark of(long at, String orderId, String waybillId, OrderContext context) {
        ParcelMark m = new ParcelMark();
        m.at = at;
        m.orderId = orderId;
        m.waybillId = waybillId;
        m.context = context;
        return m;
    }
}
