package io.brushguard.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.rocksdb.PredefinedOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBResourceContainer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.TableProperties;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The job's RocksDB settings beyond Flink's defaults, and that RocksDB applies them. */
class RocksDbSettingsTest {

    @Test
    void theJobCompressesEveryLevelWithLz4() {
        Configuration flink = BrushguardJob.flinkConfiguration(new Configuration());
        assertThat(flink.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                .containsExactly(CompressionType.LZ4_COMPRESSION);
        assertThat(flink.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isTrue();
    }

    @Test
    void aCompressionTheUserSetIsKept() {
        Configuration conf = new Configuration();
        conf.setString(
                RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL.key(),
                "NO_COMPRESSION;ZSTD_COMPRESSION");
        assertThat(
                        BrushguardJob.flinkConfiguration(conf)
                                .get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                .containsExactly(CompressionType.NO_COMPRESSION, CompressionType.ZSTD_COMPRESSION);
    }

    /**
     * Through Flink's own options container, as the state backend builds a column family's options:
     * a flushed file of a RocksDB opened with them is LZ4-compressed (so the native library the job
     * ships with has LZ4; without it RocksDB refuses to open).
     */
    @Test
    void rocksDbWritesItsFilesWithLz4UnderTheJobsSettings(@TempDir Path dir) throws Exception {
        Configuration flink = BrushguardJob.flinkConfiguration(new Configuration());
        RocksDB.loadLibrary();
        try (RocksDBResourceContainer container =
                        new RocksDBResourceContainer(
                                flink, PredefinedOptions.DEFAULT, null, null, dir.toFile(), false);
                Options options =
                        new Options(container.getDbOptions(), container.getColumnOptions())
                                .setCreateIfMissing(true);
                RocksDB db = RocksDB.open(options, dir.resolve("db").toString());
                FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            assertThat(container.getColumnOptions().compressionPerLevel())
                    .containsExactly(CompressionType.LZ4_COMPRESSION);
            for (int i = 0; i < 1_000; i++) {
                db.put(
                        ("order-" + i).getBytes(StandardCharsets.UTF_8),
                        ("shop-" + (i % 7) + " buyer-" + i).getBytes(StandardCharsets.UTF_8));
            }
            db.flush(flush);
            Map<String, TableProperties> files = db.getPropertiesOfAllTables();
            assertThat(files).isNotEmpty();
            assertThat(files.values())
                    .extracting(TableProperties::getCompressionName)
                    .containsOnly("LZ4");
        }
    }

    @Test
    void theBenchmarksRowWithFlinksDefaultsKeepsSnappy() {
        // What "RocksDB with Flink's defaults" in the throughput benchmark compares against.
        assertThat(
                        new Configuration()
                                .getOptional(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                .isEmpty();
        assertThat(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL.defaultValue())
                .isEqualTo(List.of(CompressionType.SNAPPY_COMPRESSION));
    }
}
