package io.brushguard.patterns.credit;

import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.RiskAlert;
import io.brushguard.avro.ScanType;
import io.brushguard.patterns.model.PlatformEvent;

/**
 * What the list candidates of one subject are built from: an alert on the subject, or one unit of
 * its activity (a completed order of a shop, a parcel a carrier delivered). A Flink POJO.
 */
public class CreditFact {

    public String entityType;
    public String entityId;

    /** Event time: the alert's window end, or the activity's event time. */
    public long at;

    /** The alert's id; null for activity. */
    public String alertId;

    public String kind;
    public String severity;

    public CreditFact() {}

    public static CreditFact of(RiskAlert alert) {
        CreditFact f = new CreditFact();
        f.entityType = alert.getEntityType().name();
        f.entityId = alert.getEntityId();
        f.at = alert.getWindowEnd().toEpochMilli();
        f.alertId = alert.getAlertId();
        f.kind = alert.getKind();
        f.severity = alert.getSeverity().name();
        return f;
    }

    /**
     * The activity this event shows, or null: a COMPLETED order counts for its shop, a SIGNED scan
     * for its carrier.
     */
    public static CreditFact activityOf(PlatformEvent e) {
        if (e.order != null && e.order.getStatus() == OrderStatus.COMPLETED) {
            return activity("SHOP", e.order.getShopId(), e.eventTime());
        }
        if (e.logistics != null && e.logistics.getScan() == ScanType.SIGNED) {
            return activity("CARRIER", e.logistics.getCarrierId(), e.eventTime());
        }
        return null;
    }

    public static CreditFact activity(String entityType, String entityId, long at) {
        CreditFact f = new CreditFact();
        f.entityType = entityType;
        f.entityId = entityId;
        f.at = at;
        return f;
    }

    public boolean isAlert() {
        return alertId != null;
    }

    /** The key of the subject's record: {@code TYPE|id}. */
    public String subjectKey() {
        return entityType + "|" + entityId;
    }
}
