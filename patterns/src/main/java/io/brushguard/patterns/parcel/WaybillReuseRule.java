package io.brushguard.patterns.parcel;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.time.Duration;

/**
 * Empty parcel by waybill reuse: one waybill scanned for at least {@code minOrders} distinct orders
 * within {@code window} (carriers recycle numbers only after much longer). {@code maxOrdersKept}
 * bounds the orders remembered per waybill.
 */
public record WaybillReuseRule(RuleMeta meta, int minOrders, Duration window, int maxOrdersKept)
        implements Serializable {

    public WaybillReuseRule {
        if (minOrders < 2) {
            throw new IllegalArgumentException("minOrders must be >= 2, got " + minOrders);
        }
        if (window.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("window must be at least 1h, got " + window);
        }
        if (maxOrdersKept < minOrders) {
            throw new IllegalArgumentException(
                    "maxOrdersKept must be >= minOrders, got " + maxOrdersKept);
        }
    }

    /** The shipped definition: {@code patterns/empty-parcel.waybill-reuse.yaml}. */
    public static WaybillReuseRule defaults() {
        return DetectionRules.defaults().emptyParcel().waybillReuse();
    }
}
