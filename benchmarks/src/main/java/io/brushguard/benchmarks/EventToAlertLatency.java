package io.brushguard.benchmarks;

import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.model.PlatformEvent;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Event-to-alert latency of the throughput workload's job, at a fixed input rate (the "half
 * the sustainable rate"): the replay is throttled to that rate, and each event's event time is
 * noted with the wall-clock time it entered the job. An alert's stream timestamp is the event time
 * of the event that completed it; its latency is the wall-clock time it leaves the job's graph
 * minus the time the latest event at or before that event time entered. So it counts the wait for
 * the watermark (the periodic watermark, every 200 ms, and the bounded out-of-orderness in event
 * time), the network, the detectors and the gate. It does not count the exactly-once Kafka sink's
 * commit, which makes an alert visible to a read-committed consumer only at the next checkpoint
 * (every 10 s): see the Kafka workload.
 *
 * <p>The job runs in this JVM (a local mini cluster), so the notes are static maps; one latency run
 * at a time.
 */
final class EventToAlertLatency {

    private EventToAlertLatency() {}

    /** Event time of an event entered → wall-clock ms it entered (the first one at that time). */
    static final ConcurrentSkipListMap<Long, Long> ENTERED = new ConcurrentSkipListMap<>();

    /** Latencies of the alerts of the current run, ms. */
    static final ConcurrentLinkedQueue<Long> LATENCIES = new ConcurrentLinkedQueue<>();

    static void reset() {
        ENTERED.clear();
        LATENCIES.clear();
    }

    /** Lets events through at {@code perSecond}, noting when each entered. Parallelism 1. */
    static final class Throttle extends RichMapFunction<PlatformEvent, PlatformEvent> {
        private final double perSecond;
        private transient long start;
        private transient long count;

        Throttle(double perSecond) {
            this.perSecond = perSecond;
        }

        @Override
        public void open(OpenContext ctx) {
            start = System.nanoTime();
        }

        @Override
        public PlatformEvent map(PlatformEvent e) {
            long due = start + (long) (count++ * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            ENTERED.putIfAbsent(e.eventTime(), System.currentTimeMillis());
            return e;
        }
    }

    /** Notes each alert's latency as it leaves the graph. */
    static final class Measure extends ProcessFunction<RiskAlert, RiskAlert> {
        @Override
        public void processElement(RiskAlert alert, Context ctx, Collector<RiskAlert> out) {
            Long at = ctx.timestamp();
            if (at != null) {
                Map.Entry<Long, Long> entered = ENTERED.floorEntry(at);
                if (entered != null) {
                    LATENCIES.add(System.currentTimeMillis() - entered.getValue());
                }
            }
            out.collect(alert);
        }
    }

    /** p50, p99 and max of the current run's latencies, and their count. */
    record Result(long alerts, long p50, long p99, long max) {
        static Result of(Iterable<Long> latencies) {
            List<Long> sorted = new ArrayList<>();
            latencies.forEach(sorted::add);
            Collections.sort(sorted);
            int n = sorted.size();
            if (n == 0) {
                return new Result(0, -1, -1, -1);
            }
            return new Result(
                    n,
                    sorted.get((int) Math.ceil(n * 0.50) - 1),
                    sorted.get((int) Math.ceil(n * 0.99) - 1),
                    sorted.get(n - 1));
        }

        void print(PrintStream out, String name, double perSecond) {
            if (alerts == 0) {
                out.printf("%-44s at %,8.0f events/s: no alerts in this run%n", name, perSecond);
            } else {
                out.printf(
                        "%-44s at %,8.0f events/s: %,d alerts, p50 %,d ms, p99 %,d ms, max %,d"
                                + " ms%n",
                        name, perSecond, alerts, p50, p99, max);
            }
        }
    }
}
