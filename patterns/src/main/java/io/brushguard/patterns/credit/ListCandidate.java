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

    /**
     * What a store holds after these proposals, whatever their order: one candidate per id, with
     * the union of reasons and alert ids (sorted), the earliest first and the latest last sighting.
     * The same rule as the store's upsert.
     */
    public static List<ListCandidate> merge(List<ListCandidate> proposals) {
        java.util.TreeMap<String, ListCandidate> byId = new java.util.TreeMap<>();
        for (ListCandidate p : proposals) {
            ListCandidate c =
                    byId.computeIfAbsent(
                            p.candidateId(),
                            id -> {
                                ListCandidate fresh =
                                        new ListCandidate(p.list, p.entityType, p.entityId);
                                fresh.firstSeen = p.firstSeen;
                                fresh.lastSeen = p.lastSeen;
                                return fresh;
                            });
            c.reasonCodes = union(c.reasonCodes, p.reasonCodes);
            c.alertIds = union(c.alertIds, p.alertIds);
            c.firstSeen = Math.min(c.firstSeen, p.firstSeen);
            c.lastSeen = Math.max(c.lastSeen, p.lastSeen);
        }
        return new ArrayList<>(byId.values());
    }

    private static List<String> union(List<String> a, List<String> b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
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
