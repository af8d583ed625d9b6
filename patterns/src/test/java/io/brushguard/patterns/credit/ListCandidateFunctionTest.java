package io.brushguard.patterns.credit;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class ListCandidateFunctionTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long T0 = 20_000 * DAY;

    private static KeyedOneInputStreamOperatorTestHarness<String, CreditFact, ListCandidate>
            harness(ListCandidateRules rules) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new ListCandidateFunction(rules), CreditFact::subjectKey, Types.STRING);
    }

    private static CreditFact alert(
            String type, String id, long at, String alertId, String kind, String severity) {
        CreditFact f = new CreditFact();
        f.entityType = type;
        f.entityId = id;
        f.at = at;
        f.alertId = alertId;
        f.kind = kind;
        f.severity = severity;
        return f;
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, CreditFact, ListCandidate> h,
            CreditFact... facts)
            throws Exception {
        for (CreditFact f : facts) {
            h.processElement(new StreamRecord<>(f, f.at));
        }
    }

    @Test
    void shouldProposeBlacklistForTwoHighAlertsOfOneKindWithinTheWindow() throws Exception {
        var h = harness(ListCandidateRules.defaults());
        feed(h, alert("SHOP", "s1", T0, "a1", "BRUSHING", "HIGH"));
        assertThat(h.extractOutputValues()).isEmpty();
        feed(h, alert("SHOP", "s1", T0 + 10 * DAY, "a2", "BRUSHING", "HIGH"));

        List<ListCandidate> out = h.extractOutputValues();
        assertThat(out).hasSize(1);
        ListCandidate c = out.get(0);
        assertThat(c.candidateId()).isEqualTo("BLACKLIST:SHOP:s1");
        assertThat(c.reasonCodes).containsExactly("REPEATED_BRUSHING");
        assertThat(c.alertIds).containsExactly("a1", "a2");
        assertThat(c.firstSeen).isEqualTo(T0);
        assertThat(c.lastSeen).isEqualTo(T0 + 10 * DAY);
    }

    @Test
    void shouldIgnoreAlertsBelowTheSeverityOrTooFarApartOrReplayed() throws Exception {
        var h = harness(ListCandidateRules.defaults());
        feed(
                h,
                alert("BUYER", "b1", T0, "a1", "BRUSHING", "HIGH"),
                alert("BUYER", "b1", T0 + DAY, "a2", "BRUSHING", "MEDIUM"),
                alert("BUYER", "b1", T0 + 91 * DAY, "a3", "BRUSHING", "HIGH"),
                alert("BUYER", "b1", T0 + 91 * DAY, "a3", "BRUSHING", "HIGH"));
        assertThat(h.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldNotHoldMaliciousReviewsAgainstTheShopTheyAttack() throws Exception {
        var h = harness(ListCandidateRules.defaults().withRedlistPeriod(Duration.ofDays(1), 2));
        CreditFact first = alert("SHOP", "s1", T0 + 1000, "a1", "MALICIOUS_REVIEW", "HIGH");
        CreditFact second = alert("SHOP", "s1", T0 + 2000, "a2", "MALICIOUS_REVIEW", "HIGH");
        first.victim = true;
        second.victim = true;
        feed(
                h,
                CreditFact.activity("SHOP", "s1", T0 + 500),
                CreditFact.activity("SHOP", "s1", T0 + 600),
                first,
                second);
        h.processWatermark(new Watermark(T0 + DAY));
        assertThat(h.extractOutputValues())
                .singleElement()
                .satisfies(c -> assertThat(c.list).isEqualTo(ListCandidate.REDLIST));
    }

    @Test
    void shouldProposeBlacklistForHighAlertsOfSeveralKinds() throws Exception {
        var h = harness(ListCandidateRules.defaults());
        feed(
                h,
                alert("COURIER", "c1", T0, "a1", "EMPTY_PARCEL", "HIGH"),
                alert("COURIER", "c1", T0 + DAY, "a2", "BRUSHING", "HIGH"));
        assertThat(h.extractOutputValues())
                .singleElement()
                .satisfies(c -> assertThat(c.reasonCodes).containsExactly("SEVERAL_KINDS"));
    }

    @Test
    void shouldProposeTheSameUnionWhateverTheArrivalOrder() throws Exception {
        List<CreditFact> facts =
                List.of(
                        alert("SHOP", "s1", T0, "a", "BRUSHING", "HIGH"),
                        alert("SHOP", "s1", T0 + 50 * DAY, "c", "BRUSHING", "HIGH"),
                        alert("SHOP", "s1", T0 + 100 * DAY, "b", "BRUSHING", "HIGH"));
        TreeSet<String> first = union(facts);
        List<CreditFact> reversed = new ArrayList<>(facts);
        Collections.reverse(reversed);
        List<CreditFact> swapped = List.of(facts.get(0), facts.get(2), facts.get(1));
        assertThat(first).containsExactly("a", "b", "c");
        assertThat(union(reversed)).isEqualTo(first);
        assertThat(union(swapped)).isEqualTo(first);
    }

    private static TreeSet<String> union(List<CreditFact> facts) throws Exception {
        var h = harness(ListCandidateRules.defaults());
        TreeSet<String> ids = new TreeSet<>();
        for (CreditFact f : facts) {
            feed(h, f);
        }
        h.extractOutputValues().forEach(c -> ids.addAll(c.alertIds));
        return ids;
    }

    @Test
    void shouldProposeRedlistForAShopActiveAndCleanForThePeriod() throws Exception {
        ListCandidateRules rules =
                ListCandidateRules.defaults().withRedlistPeriod(Duration.ofDays(4), 8);
        var h = harness(rules);
        for (int d = 0; d < 6; d++) {
            feed(
                    h,
                    CreditFact.activity("SHOP", "s1", T0 + d * DAY + 1000),
                    CreditFact.activity("SHOP", "s1", T0 + d * DAY + 2000));
        }
        h.processWatermark(new Watermark(T0 + 6 * DAY));

        List<ListCandidate> out = h.extractOutputValues();
        // Active since day 0: the 4-day period is first complete at the end of day 3.
        assertThat(out)
                .extracting(c -> c.firstSeen)
                .containsExactly(T0 + 4 * DAY - 1, T0 + 5 * DAY - 1, T0 + 6 * DAY - 1);
        assertThat(out.get(0).candidateId()).isEqualTo("REDLIST:SHOP:s1");
        assertThat(out.get(0).reasonCodes).containsExactly("CLEAN_AND_ACTIVE_4D");
        assertThat(out.get(0).alertIds).isEmpty();
    }

    @Test
    void shouldNotRedlistASubjectWithAnAlertInThePeriodOrTooLittleActivity() throws Exception {
        ListCandidateRules rules =
                ListCandidateRules.defaults().withRedlistPeriod(Duration.ofDays(2), 3);
        var h = harness(rules);
        for (int d = 0; d < 5; d++) {
            feed(
                    h,
                    CreditFact.activity("SHOP", "busy", T0 + d * DAY + 1000),
                    CreditFact.activity("SHOP", "busy", T0 + d * DAY + 2000),
                    CreditFact.activity("SHOP", "quiet", T0 + d * DAY + 1000),
                    CreditFact.activity("BUYER", "b1", T0 + d * DAY + 1000),
                    CreditFact.activity("BUYER", "b1", T0 + d * DAY + 2000));
        }
        feed(h, alert("SHOP", "busy", T0 + 2 * DAY + 5000, "a1", "MALICIOUS_REVIEW", "LOW"));
        h.processWatermark(new Watermark(T0 + 5 * DAY));

        // busy: day 1 qualifies (days 0-1 clean, 4 orders); days 2 and 3 see the alert; day 4 is
        // clean again. quiet: 2 orders per period. Buyers are never red-listed.
        assertThat(h.extractOutputValues())
                .extracting(ListCandidate::candidateId, c -> c.firstSeen)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("REDLIST:SHOP:busy", T0 + 2 * DAY - 1),
                        org.assertj.core.groups.Tuple.tuple("REDLIST:SHOP:busy", T0 + 5 * DAY - 1));
    }

    @Test
    void shouldDropAlertStateOnceTooOldForAnyDecision() throws Exception {
        var h = harness(ListCandidateRules.defaults());
        feed(h, alert("DEVICE", "d1", T0, "a1", "BRUSHING", "HIGH"));
        assertThat(h.numKeyedStateEntries()).isGreaterThan(0);
        h.processWatermark(new Watermark(T0 + 200 * DAY));
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldMergeProposalsAsTheStoreDoesInAnyOrder() throws Exception {
        var h = harness(ListCandidateRules.defaults());
        feed(
                h,
                alert("SHOP", "s1", T0, "a1", "BRUSHING", "HIGH"),
                alert("SHOP", "s1", T0 + DAY, "a2", "BRUSHING", "HIGH"),
                alert("SHOP", "s1", T0 + 2 * DAY, "a3", "EMPTY_PARCEL", "HIGH"));
        List<ListCandidate> proposals = h.extractOutputValues();
        assertThat(proposals).hasSize(2);
        List<ListCandidate> reversed = new ArrayList<>(proposals);
        Collections.reverse(reversed);

        List<ListCandidate> merged = ListCandidate.merge(proposals);
        assertThat(merged)
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.reasonCodes)
                                    .containsExactly("REPEATED_BRUSHING", "SEVERAL_KINDS");
                            assertThat(c.alertIds).containsExactly("a1", "a2", "a3");
                            assertThat(c.firstSeen).isEqualTo(T0);
                            assertThat(c.lastSeen).isEqualTo(T0 + 2 * DAY);
                        });
        assertThat(ListCandidate.merge(reversed).toString()).isEqualTo(merged.toString());
    }

    @Test
    void shouldRejectNonsenseThresholds() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                ListCandidateRules.defaults()
                                        .withRedlistPeriod(Duration.ofHours(5), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redlistPeriod");
    }
}
