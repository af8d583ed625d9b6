package io.brushguard.jobs.backtest;

import io.brushguard.avro.DeadLetter;
import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.BrushguardJob;
import io.brushguard.jobs.source.EventTimeAssigner;
import io.brushguard.jobs.source.SourceRecord;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.credit.ListCandidate;
import io.brushguard.patterns.model.StreamType;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the streaming job's own graph ({@link BrushguardJob#build}) over a recorded data set in
 * batch mode. Flink sorts each keyed input by key and event time in batch mode, and detectors act
 * in event-time order in both modes, so the alerts equal those of the streaming job on the same
 * events (minus events a streaming run would have dropped as late).
 */
public final class Backtest {

    /** The order of every list of alerts a backtest returns: window end, then alert id. */
    public static final Comparator<RiskAlert> ORDER =
            Comparator.comparing(RiskAlert::getWindowEnd).thenComparing(RiskAlert::getAlertId);

    private Backtest() {}

    /**
     * What a backtest produced: alerts in a stable order, the input it could not use, the weak
     * signals, the alerts and weak signals of rules in shadow mode (in none of the others), and the
     * blacklist / red-list candidates as the store would hold them; how many records were read
     * (events and the lines or records that went to dead letters) and how long the job ran.
     */
    public record Result(
            List<RiskAlert> alerts,
            List<DeadLetter> deadLetters,
            List<String> files,
            List<RiskAlert> signals,
            List<RiskAlert> shadowAlerts,
            List<RiskAlert> shadowSignals,
            List<ListCandidate> listCandidates,
            long records,
            long runtimeMillis) {}

    /** Counts the records of a file into the job's accumulator {@link #RECORDS}. */
    private static final class CountRecords extends RichMapFunction<SourceRecord, SourceRecord> {

        private static final long serialVersionUID = 1L;

        private transient LongCounter count;

        @Override
        public void open(OpenContext context) {
            count = new LongCounter();
            getRuntimeContext().addAccumulator(RECORDS, count);
        }

        @Override
        public SourceRecord map(SourceRecord r) {
            count.add(1L);
            return r;
        }
    }

    private static final String RECORDS = "records";

    public static Result run(java.nio.file.Path eventsDir, DetectionRules rules, int parallelism)
            throws Exception {
        if (!Files.isDirectory(eventsDir)) {
            throw new IOException("not a data-set directory: " + eventsDir);
        }
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);

        List<String> files = new ArrayList<>();
        DataStream<SourceRecord> records = null;
        WatermarkStrategy<SourceRecord> timestamps =
                WatermarkStrategy.<SourceRecord>forMonotonousTimestamps()
                        .withTimestampAssigner(new EventTimeAssigner());
        for (StreamType stream : StreamType.values()) {
            for (String ext : List.of(".jsonl", ".avro")) {
                String name = stream.defaultName() + ext;
                java.nio.file.Path file = eventsDir.resolve(name);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                files.add(name);
                FileSource<SourceRecord> source =
                        FileSource.forRecordStreamFormat(
                                        new DatasetFileFormat(stream, name),
                                        new Path(file.toAbsolutePath().toUri()))
                                .build();
                // Counted in the file's own chain: a union's consumer would be a task of its own.
                DataStream<SourceRecord> one =
                        env.fromSource(source, timestamps, "file: " + name)
                                .map(new CountRecords())
                                .name("count: " + name);
                records = records == null ? one : records.union(one);
            }
        }
        if (records == null) {
            throw new IOException(
                    "no event files in "
                            + eventsDir
                            + ": expected any of orders, payments, logistics, reviews as .jsonl or"
                            + " .avro");
        }
        BrushguardJob.Outputs out = BrushguardJob.build(records, rules);
        CloseableIterator<RiskAlert> alertsIt = out.alerts().collectAsync();
        CloseableIterator<DeadLetter> deadIt = out.deadLetters().collectAsync();
        CloseableIterator<RiskAlert> signalsIt = out.signals().collectAsync();
        CloseableIterator<RiskAlert> shadowIt = out.shadowAlerts().collectAsync();
        CloseableIterator<RiskAlert> shadowSignalsIt = out.shadowSignals().collectAsync();
        CloseableIterator<ListCandidate> candidatesIt = out.listCandidates().collectAsync();
        JobExecutionResult job = env.execute("brushguard backtest " + eventsDir.getFileName());
        Long read = job.getAccumulatorResult(RECORDS);

        List<DeadLetter> dead = new ArrayList<>();
        deadIt.forEachRemaining(dead::add);
        deadIt.close();
        dead.sort(Comparator.comparing(DeadLetter::getTopic).thenComparing(DeadLetter::getOffset));
        return new Result(
                sorted(alertsIt),
                dead,
                files,
                sorted(signalsIt),
                sorted(shadowIt),
                sorted(shadowSignalsIt),
                merged(candidatesIt),
                read == null ? 0 : read,
                job.getNetRuntime());
    }

    /** The list candidates as the credit store would hold them after this run. */
    private static List<ListCandidate> merged(CloseableIterator<ListCandidate> it)
            throws Exception {
        List<ListCandidate> proposals = new ArrayList<>();
        it.forEachRemaining(proposals::add);
        it.close();
        return ListCandidate.merge(proposals);
    }

    private static List<RiskAlert> sorted(CloseableIterator<RiskAlert> it) throws Exception {
        List<RiskAlert> alerts = new ArrayList<>();
        it.forEachRemaining(alerts::add);
        it.close();
        alerts.sort(ORDER);
        return alerts;
    }
}
