package io.brushguard.jobs.regulator;

import io.brushguard.avro.EntityType;
import io.brushguard.avro.LogisticsEvent;
import io.brushguard.avro.OrderEvent;
import io.brushguard.avro.RegulatorAlert;
import io.brushguard.avro.ReviewEvent;
import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.MiniClusters;
import io.brushguard.jobs.backtest.Backtest;
import io.brushguard.jobs.dataset.AvroJson;
import io.brushguard.jobs.dataset.DatasetWriter;
import io.brushguard.jobs.generator.GeneratedData;
import io.brushguard.jobs.generator.GeneratorConfig;
import io.brushguard.jobs.generator.PlatformGenerator;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The regulator feed leaks no personal identifier: a generated platform with every fraud kind, its
 * camouflaged variants and hard negatives goes through the job's own graph (batch backtest); every
 * alert and weak signal is mapped to the regulator feed and written as JSON, and none of the
 * platform's buyer, reviewer, payer, device, ip, address or courier ids may appear in it as a
 * token.
 */
class RegulatorFeedLeakITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    /** Runs of id characters, possibly joined by - . : @ /, as a reader would pick ids out. */
    private static final Pattern TOKEN =
            Pattern.compile("[\\p{L}\\p{N}_]+(?:[-.:@/][\\p{L}\\p{N}_]+)*");

    private static final Pseudonymizer PSEUDONYMS =
            Pseudonymizer.withKey(
                    "leak-test-key-0123456789abcdef0123456789".getBytes(StandardCharsets.UTF_8));

    static GeneratedData data;
    static List<RiskAlert> alerts;
    static List<RiskAlert> signals;

    @BeforeAll
    static void detect(@TempDir Path dir) throws Exception {
        data =
                PlatformGenerator.generate(
                        GeneratorConfig.defaults()
                                .withSeed(23)
                                .withDays(1)
                                .withShops(200)
                                .withBuyers(3_000)
                                .withOrdersPerDay(2_000)
                                .withEpisodesPerKind(3));
        data.writeTo(dir, DatasetWriter.Format.JSONL);
        Backtest.Result result = Backtest.run(dir, DetectionRules.defaults(), 2);
        alerts = result.alerts();
        signals = result.signals();
    }

    /** Every personal identifier any event of the data set carries. */
    private static Set<String> personalIdentifiers() {
        Set<String> ids = new HashSet<>();
        for (PlatformEvent e : data.events()) {
            if (e.order != null) {
                OrderEvent o = e.order;
                add(ids, o.getBuyerId(), o.getDeviceId(), o.getIp(), o.getShipAddressId());
            } else if (e.payment != null) {
                add(ids, e.payment.getPayerAccountId());
            } else if (e.logistics != null) {
                add(ids, e.logistics.getCourierId());
            } else if (e.review != null) {
                ReviewEvent r = e.review;
                add(ids, r.getReviewerId(), r.getDeviceId(), r.getIp());
            }
        }
        return ids;
    }

    private static void add(Set<String> ids, String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                ids.add(v);
            }
        }
    }

    private static List<RiskAlert> everything() {
        List<RiskAlert> all = new ArrayList<>(alerts);
        all.addAll(signals);
        return all;
    }

    @Test
    void shouldCoverEveryKindAndMostRules() {
        Set<String> kinds = new TreeSet<>();
        alerts.forEach(a -> kinds.add(a.getKind()));
        assertThat(kinds).containsExactly("BRUSHING", "EMPTY_PARCEL", "MALICIOUS_REVIEW");
        Set<String> rules = new TreeSet<>();
        everything().forEach(a -> rules.add(a.getRuleId()));
        // 20 of the 24 rule ids fire on this data set (alerts and weak signals).
        assertThat(rules).hasSizeGreaterThanOrEqualTo(16);
        Set<EntityType> subjects = new TreeSet<>();
        everything().forEach(a -> subjects.add(a.getEntityType()));
        assertThat(subjects).contains(EntityType.SHOP).containsAnyOf(EntityType.PAYER);
    }

    @Test
    void shouldNameNoPersonalIdentifierInTheRegulatorFeed() {
        Set<String> personal = personalIdentifiers();
        assertThat(personal).hasSizeGreaterThan(1_000);
        TreeMap<String, String> leaks = new TreeMap<>();
        TreeMap<String, String> embedded = new TreeMap<>();
        int checked = 0;
        for (RiskAlert alert : everything()) {
            String json = AvroJson.toJson(RegulatorAlerts.toRegulator(alert, PSEUDONYMS));
            Matcher m = TOKEN.matcher(json);
            while (m.find()) {
                if (personal.contains(m.group())) {
                    leaks.putIfAbsent(m.group(), where(alert, json, m.start()));
                }
            }
            // Stricter still: generated ids are long and prefixed (u.., dv.., ad.., cr..-, ips),
            // so one inside a longer token is an identifier glued to other text, also a leak.
            for (String id : personal) {
                int at = json.indexOf(id);
                if (at >= 0) {
                    embedded.putIfAbsent(id, where(alert, json, at));
                }
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(50);
        assertThat(leaks).as("identifiers named in the regulator feed").isEmpty();
        assertThat(embedded).as("identifiers inside longer tokens").isEmpty();
    }

    /** The rule and the text around a leak, for the failure message. */
    private static String where(RiskAlert alert, String json, int at) {
        return alert.getRuleId()
                + ": ..."
                + json.substring(Math.max(0, at - 60), Math.min(json.length(), at + 40))
                + "...";
    }

    @Test
    void shouldKeepShopsNamedAndPseudonymisePeople() {
        for (RiskAlert alert : everything()) {
            RegulatorAlert r = RegulatorAlerts.toRegulator(alert, PSEUDONYMS);
            if (alert.getEntityType() == EntityType.SHOP
                    || alert.getEntityType() == EntityType.CARRIER) {
                assertThat(r.getEntityRef()).isEqualTo(alert.getEntityId());
                assertThat(r.getEntityPseudonymised()).isFalse();
            } else {
                assertThat(r.getEntityRef())
                        .isEqualTo(PSEUDONYMS.pseudonym(alert.getEntityId()))
                        .isNotEqualTo(alert.getEntityId());
                assertThat(r.getEntityPseudonymised()).isTrue();
            }
            if (alert.getEntityType() == EntityType.SHOP) {
                assertThat(r.getEvidence().getSummary()).contains(alert.getEntityId());
            }
            assertThat(r.getOrderIds()).isEqualTo(alert.getOrderIds());
            assertThat(r.getPseudonymKeyId()).isEqualTo(PSEUDONYMS.keyId());
        }
    }

    @Test
    void shouldOnlySeeCityAndDepotCodesAsScanLocations() {
        // Why scan locations stay in clear: by the event contract they are city or depot codes.
        Set<String> locations = new TreeSet<>();
        for (PlatformEvent e : data.events()) {
            LogisticsEvent l = e.logistics;
            if (l != null && l.getLocation() != null) {
                locations.add(l.getLocation());
            }
        }
        assertThat(locations).isNotEmpty().allMatch(l -> l.matches("[A-Z]{3}(-DC\\d+|-HUB)?"));
    }
}
