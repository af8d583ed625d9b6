package io.brushguard.patterns.quality;

import io.brushguard.avro.RiskAlert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores alerts against labelled episodes with the rule of spec/events.md: an alert is a true
 * positive when its kind matches an episode's kind and its subject is the episode's entity or one
 * of its related ids, or it shares at least one order with the episode; an episode is found when at
 * least one alert is a true positive for it. Precision is over alerts, recall over episodes.
 */
public final class LabelScorer {

    private LabelScorer() {}

    /** Precision and recall of one group of alerts (a kind, a rule, or all). */
    public record Score(int alerts, int truePositives, int episodes, int episodesFound) {

        public int falsePositives() {
            return alerts - truePositives;
        }

        /** 1.0 when there were no alerts at all (nothing claimed, nothing wrong). */
        public double precision() {
            return alerts == 0 ? 1.0 : (double) truePositives / alerts;
        }

        /** 1.0 when there were no episodes to find. */
        public double recall() {
            return episodes == 0 ? 1.0 : (double) episodesFound / episodes;
        }
    }

    /** Scores per alert kind; every kind that has alerts or episodes gets a row. */
    public static Map<String, Score> byKind(
            Collection<RiskAlert> alerts, Collection<Episode> episodes) {
        Set<String> kinds = new HashSet<>();
        alerts.forEach(a -> kinds.add(a.getKind()));
        episodes.forEach(e -> kinds.add(e.kind()));
        Map<String, Score> result = new TreeMap<>();
        for (String kind : kinds) {
            List<RiskAlert> ofKind = new ArrayList<>();
            for (RiskAlert a : alerts) {
                if (a.getKind().equals(kind)) {
                    ofKind.add(a);
                }
            }
            List<Episode> episodesOfKind = new ArrayList<>();
            for (Episode e : episodes) {
                if (e.kind().equals(kind)) {
                    episodesOfKind.add(e);
                }
            }
            result.put(kind, score(ofKind, episodesOfKind));
        }
        return result;
    }

    /**
     * Scores per rule id: precision over the rule's alerts, recall over the episodes of the rule's
     * kind that the rule found.
     */
    public static Map<String, Score> byRule(
            Collection<RiskAlert> alerts, Collection<Episode> episodes) {
        Map<String, List<RiskAlert>> perRule = new TreeMap<>();
        for (RiskAlert a : alerts) {
            perRule.computeIfAbsent(a.getRuleId(), k -> new ArrayList<>()).add(a);
        }
        Map<String, Score> result = new TreeMap<>();
        perRule.forEach(
                (rule, ruleAlerts) -> {
                    String kind = ruleAlerts.get(0).getKind();
                    List<Episode> ofKind =
                            episodes.stream().filter(e -> e.kind().equals(kind)).toList();
                    result.put(rule, score(ruleAlerts, ofKind));
                });
        return result;
    }

    /** Scores alerts against episodes, matching kinds as the rule says. */
    public static Score score(Collection<RiskAlert> alerts, Collection<Episode> episodes) {
        Set<Episode> found = new HashSet<>();
        int truePositives = 0;
        for (RiskAlert alert : alerts) {
            boolean tp = false;
            for (Episode episode : episodes) {
                if (matches(alert, episode)) {
                    tp = true;
                    found.add(episode);
                }
            }
            if (tp) {
                truePositives++;
            }
        }
        return new Score(alerts.size(), truePositives, episodes.size(), found.size());
    }

    /** Whether the alert is a true positive for the episode. */
    public static boolean matches(RiskAlert alert, Episode episode) {
        if (!alert.getKind().equals(episode.kind())) {
            return false;
        }
        String subject = alert.getEntityId();
        if (subject.equals(episode.entityId()) || episode.relatedIds().contains(subject)) {
            return true;
        }
        for (String orderId : alert.getOrderIds()) {
            if (episode.orderIds().contains(orderId)) {
                return true;
            }
        }
        return false;
    }
}
