package io.brushguard.benchmarks;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.checkpoint.SubtaskStateStats;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a benchmark's job as {@code env.execute} does on a local environment (Flink's {@link
 * LocalExecutor}: a mini cluster for the job, the same configuration), but keeps the mini cluster
 * up until the ended job's checkpoint statistics are read: the executor closes it as soon as the
 * job ends.
 */
final class LocalJobs {

    private LocalJobs() {}

    /**
     * How a job ended: {@code result} is null when its budget ran out and it was cancelled; {@code
     * endNanos} is {@link System#nanoTime()} when it ended (or was cancelled), before its
     * statistics were read.
     */
    record Ended(
            boolean finished,
            JobExecutionResult result,
            long endNanos,
            CheckpointStatsSnapshot checkpoints,
            Map<JobVertexID, String> taskNames) {

        /** The synchronous phases of its completed checkpoints. */
        SyncPhases syncPhases() {
            return SyncPhases.of(checkpoints, taskNames);
        }
    }

    /**
     * Runs the job; with a {@code budget} (from the submission), a job still running at the budget
     * is cancelled.
     */
    static Ended run(StreamExecutionEnvironment env, String name, Duration budget)
            throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        Configuration conf = new Configuration((Configuration) env.getConfiguration());
        AtomicReference<KeptMiniCluster> cluster = new AtomicReference<>();
        try {
            JobClient client =
                    LocalExecutor.createWithFactory(
                                    conf,
                                    c -> {
                                        KeptMiniCluster kept = new KeptMiniCluster(c);
                                        cluster.set(kept);
                                        return kept;
                                    })
                            .execute(graph, conf, LocalJobs.class.getClassLoader())
                            .get();
            CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
            JobExecutionResult done = null;
            if (budget == null) {
                done = result.get();
            } else {
                try {
                    done = result.get(budget.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    client.cancel().get();
                    try {
                        result.get();
                    } catch (Exception cancelled) {
                        // expected: the job was cancelled
                    }
                }
            }
            long end = System.nanoTime();
            ArchivedExecutionGraph archived =
                    cluster.get().getArchivedExecutionGraph(client.getJobID()).get();
            Map<JobVertexID, String> names = new HashMap<>();
            for (AccessExecutionJobVertex v : archived.getAllVertices().values()) {
                names.put(v.getJobVertexId(), v.getName());
            }
            return new Ended(done != null, done, end, archived.getCheckpointStatsSnapshot(), names);
        } finally {
            if (cluster.get() != null) {
                cluster.get().release().get();
            }
        }
    }

    /**
     * The checkpoint's synchronous phase: in each completed checkpoint Flink keeps in its history,
     * the longest of any subtask (the stop of the task it ran in), and the task it was.
     */
    record SyncPhases(List<Long> longestMillis, List<String> tasks) {

        /** No checkpoint. */
        static final SyncPhases NONE = new SyncPhases(List.of(), List.of());

        static SyncPhases of(CheckpointStatsSnapshot stats, Map<JobVertexID, String> names) {
            List<Long> longest = new ArrayList<>();
            List<String> tasks = new ArrayList<>();
            if (stats == null) {
                return new SyncPhases(longest, tasks);
            }
            List<AbstractCheckpointStats> history =
                    new ArrayList<>(stats.getHistory().getCheckpoints());
            // The history lists the latest first.
            history.sort(Comparator.comparingLong(AbstractCheckpointStats::getCheckpointId));
            for (AbstractCheckpointStats c : history) {
                if (c.getStatus() != CheckpointStatsStatus.COMPLETED) {
                    continue;
                }
                long max = -1;
                String task = null;
                for (TaskStateStats t : c.getAllTaskStateStats()) {
                    for (SubtaskStateStats s : t.getSubtaskStats()) {
                        if (s != null && s.getSyncCheckpointDuration() > max) {
                            max = s.getSyncCheckpointDuration();
                            task = names.getOrDefault(t.getJobVertexId(), "?");
                        }
                    }
                }
                if (max >= 0) {
                    longest.add(max);
                    tasks.add(task);
                }
            }
            return new SyncPhases(longest, tasks);
        }

        /**
         * One line: the checkpoints, the mean and the longest of their longest synchronous phases,
         * and the task of the longest; or that none completed.
         */
        String describe() {
            if (longestMillis.isEmpty()) {
                return "no completed checkpoint";
            }
            int at = 0;
            long sum = 0;
            for (int i = 0; i < longestMillis.size(); i++) {
                sum += longestMillis.get(i);
                if (longestMillis.get(i) > longestMillis.get(at)) {
                    at = i;
                }
            }
            return String.format(
                    "%d checkpoint%s, the longest synchronous phase in each: mean %,d ms, max"
                            + " %,d ms (%s)",
                    longestMillis.size(),
                    longestMillis.size() == 1 ? "" : "s",
                    Math.round((double) sum / longestMillis.size()),
                    longestMillis.get(at),
                    shorten(tasks.get(at)));
        }

        private static String shorten(String task) {
            return task.length() <= 60 ? task : task.substring(0, 57) + "...";
        }
    }

    /** A mini cluster that, once started, closes only when released. */
    static final class KeptMiniCluster extends MiniCluster {
        private final CompletableFuture<Void> released = new CompletableFuture<>();
        private volatile boolean started;

        KeptMiniCluster(MiniClusterConfiguration configuration) {
            super(configuration);
        }

        @Override
        public void start() throws Exception {
            super.start();
            started = true;
        }

        @Override
        public CompletableFuture<Void> closeAsync() {
            // Before it started (a failed start closes at once) there is nothing to keep.
            return started
                    ? released.thenCompose(ignored -> super.closeAsync())
                    : super.closeAsync();
        }

        /** Lets it close; returns when it has. */
        CompletableFuture<Void> release() {
            released.complete(null);
            return super.closeAsync();
        }
    }
}
