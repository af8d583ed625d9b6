package io.brushguard.patterns.credit;

import java.util.ArrayList;
import java.util.List;

/**
 * A blacklist or red-list candidate as the job proposes it. The store widens the stored row with
 * every proposal (reasons and alert ids are added, first seen only moves back, last seen only
 * forward) and never touches its review status, so proposals can be replayed in any order. A Flink
 * POJO.
 */
public class ListCandidate {

    public static final String BLACKLIST = "BLACKLIST";
    public static final String REDLIST = "REDLIST";

    public String list;
    public String entityType;
    public String entityId;
    public List<String> reasonCodes = new ArrayList<>();
    public List<String> alertIds = new ArrayList<>();
    public long firstSeen;
    public long lastSeen;

    public ListCandidate() {}

    ListCandidate(String list, String entityType, String entityId) {
        this.list = list;
        this.entityType = entityType;
        this.entityId = entityId;
    }

    /** Deterministic: one candidate per list and subject. */
    public String candidateId() {
        return candidateId(list, entityType, entityId);
    }

    public static String candidateId(String list, String entityType, String entityId) {
        return list + ":" + entityType + ":" + entityId;
    }

    @Override
    public String toString() {
        return candidateId()
                + " "
                + reasonCodes
                + " alerts="
                + alertIds
                + " ["
                + firstSeen
                + ".."
                + lastSeen
                + "]";
    }
}
