package io.brushguard.patterns.definition;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.brushing.FastConfirmRule;
import io.brushguard.patterns.brushing.NewAccountFastFiveStarRule;
import io.brushguard.patterns.parcel.CourierAnomalyRule;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ShippedDefinitionsTest {

    /** The shipped definition files, as in the source tree (the module's working directory). */
    static final Path SHIPPED = Path.of("src/main/resources/patterns");

    @Test
    void shouldDefineExactlyTheRulesTheJavaCodeDefinedBefore() {
        DetectionRules expected = JavaDefaultsBeforeDefinitionFiles.rules();

        assertThat(DetectionRules.defaults()).usingRecursiveComparison().isEqualTo(expected);
        assertThat(DetectionRules.defaults()).isEqualTo(expected);
    }

    @Test
    void shouldDelegateEveryRecordsDefaultsToTheShippedDefinitions() {
        assertThat(FastConfirmRule.defaults())
                .isEqualTo(JavaDefaultsBeforeDefinitionFiles.fastConfirm());
        assertThat(NewAccountFastFiveStarRule.perBuyerDefaults())
                .isEqualTo(JavaDefaultsBeforeDefinitionFiles.hiredBrusher());
        assertThat(CourierAnomalyRule.carrierDefaults())
                .isEqualTo(JavaDefaultsBeforeDefinitionFiles.carrierAnomaly());
    }

    @Test
    void shouldShipOneFileNamedByItsIdForEveryDefinition() throws Exception {
        try (Stream<Path> files = Files.list(SHIPPED)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(
                            PatternDefinitions.ids().stream().map(id -> id + ".yaml").toList());
        }
        assertThat(PatternDefinitions.ids()).hasSize(24);
    }

    @Test
    void shouldListTheMetaOfEveryDetectorAndShipNoneInShadowMode() {
        List<String> detectors =
                PatternDefinitions.ids().stream()
                        .filter(
                                id ->
                                        !List.of("correlation", "gate", "list-candidates")
                                                .contains(id))
                        .toList();

        assertThat(DetectionRules.defaults().metas())
                .extracting(io.brushguard.patterns.common.RuleMeta::ruleId)
                .containsExactlyInAnyOrderElementsOf(detectors);
        assertThat(DetectionRules.defaults().shadowRuleIds()).isEmpty();
    }

    @Test
    void shouldReadEveryShippedFileOnItsOwnIntoTheShippedRule() throws Exception {
        for (String id : PatternDefinitions.ids()) {
            Path file = SHIPPED.resolve(id + ".yaml");
            PatternDefinitions.Result read = PatternDefinitions.read(file);

            assertThat(read.errors()).as(id).isEmpty();
            assertThat(read.definitions()).as(id).singleElement();
            Definition d = read.definitions().get(0);
            assertThat(d.id()).isEqualTo(id);
            assertThat(d.file()).isEqualTo(file.toString());
            assertThat(PatternDefinitions.withOverrides(file))
                    .as(id)
                    .isEqualTo(DetectionRules.defaults());
            assertThat(Files.readAllLines(file))
                    .as(id + " says what it detects")
                    .anyMatch(line -> line.startsWith("description: "));
        }
    }

    @Test
    void shouldValidateTheShippedDirectory() throws Exception {
        PatternDefinitions.Result read = PatternDefinitions.read(SHIPPED);

        assertThat(read.errors()).isEmpty();
        assertThat(read.definitions()).hasSize(24);
        assertThat(read.definitions())
                .filteredOn(d -> d.meta() != null)
                .hasSize(21)
                .allSatisfy(
                        d -> {
                            assertThat(d.meta().ruleId()).isEqualTo(d.id());
                            assertThat(d.meta().enabled()).isTrue();
                            assertThat(d.meta().shadow()).isFalse();
                        });
        assertThat(read.definitions().stream().filter(d -> d.meta() == null).map(Definition::id))
                .containsExactlyInAnyOrderElementsOf(
                        List.of("correlation", "gate", "list-candidates"));
    }
}
