package io.brushguard.patterns.credit;

import io.brushguard.avro.Direction;
import io.brushguard.avro.EntityType;
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

    /**
     * Whether the subject is the victim, not the author, of what the alert shows: a shop pushed
     * down by malicious reviews (a DEFLATE alert on a SHOP). Such an alert never counts against the
     * shop's record.
     */
    public boolean victim;

    public CreditFact() {}

    public static CreditFact of(RiskAlert alert) {
        CreditFact f = new CreditFact();
        f.entityType = alert.getEntityType().name();
        f.entityId = alert.getEntityId();
        f.at = alert.getWindowEnd().toEpochMilli();
        f.alertId = alert.getAlertId();
        f.kind = alert.getKind();
        f.severity = alert.getSeverity().name();
        f.victim = isVictim(alert);
        return f;
    }

    /** Whether the alert's subject is its victim: a DEFLATE alert on a shop. */
    public static boolean isVictim(RiskAlert alert) {
        return alert.getDirection() == Direction.DEFLATE
                && alert.getEntityType() == EntityType.SHOP;
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
