package io.brushguard.jobs.savepoint;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Savepoint-safe upgrades: a savepoint that an earlier release of the job took halfway through a
 * platform ({@link SavepointFixture}, kept under {@code src/test/resources/savepoints}) restores on
 * this release, every operator's state mapped (no state left over), and the alerts made before it
 * and after it are exactly those of one uninterrupted run on this release, none twice.
 *
 * <p>When a change breaks this test, the change breaks the upgrade of running jobs: keep uids,
 * state names and serializer formats, or write the migration. Add a savepoint of each release with
 * {@code SavepointFixture.main(<dir>)}.
 */
class SavepointCompatibilityITCase {

    private static Set<String> run(String restoreFrom) throws Exception {
        SavepointFixture.ALERTS.clear();
        SavepointFixture.job(restoreFrom, -1).execute("savepoint compatibility");
        return new TreeSet<>(SavepointFixture.ALERTS);
    }

    @Test
    void savepointsOfEarlierReleasesRestoreAndGoOnAsOneUninterruptedRun() throws Exception {
        URL root = getClass().getClassLoader().getResource("savepoints");
        assertThat(root).as("savepoints of earlier releases").isNotNull();
        List<Path> releases;
        try (Stream<Path> dirs = Files.list(Path.of(root.toURI()))) {
            releases = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(releases).isNotEmpty();
        Set<String> uninterrupted = run(null);
        assertThat(uninterrupted).hasSizeGreaterThan(10);

        for (Path release : releases) {
            List<Path> savepoints;
            try (Stream<Path> dirs = Files.list(release)) {
                savepoints =
                        dirs.filter(p -> p.getFileName().toString().startsWith("savepoint-"))
                                .toList();
            }
            assertThat(savepoints).as(release + ": one savepoint per release").hasSize(1);
            Path savepoint = savepoints.get(0);
            Set<String> before =
                    new HashSet<>(Files.readAllLines(release.resolve("alerts-before.txt")));
            Set<String> after = run(savepoint.toUri().toString());

            assertThat(before).as(release + ": alerts before the savepoint").isNotEmpty();
            assertThat(after).as(release + ": alerts after the restore").isNotEmpty();
            assertThat(after).as(release + ": none twice").doesNotContainAnyElementsOf(before);
            Set<String> both = new TreeSet<>(before);
            both.addAll(after);
            assertThat(both).as(release + ": as one uninterrupted run").isEqualTo(uninterrupted);
        }
    }
}
