package io.brushguard.jobs;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniCluster the pipeline tests share the shape of: one TaskManager, two slots. */
public final class MiniClusters {

    private MiniClusters() {}

    /** A MiniCluster for jobs of parallelism 2, as on the 2-core machines the tests run on. */
    public static MiniClusterExtension twoSlots() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }
}
