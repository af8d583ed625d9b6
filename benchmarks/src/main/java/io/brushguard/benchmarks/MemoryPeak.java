package io.brushguard.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peak memory of this process while one contender runs, sampled every 100 ms by a daemon
 * thread: the JVM heap in use ({@link MemoryMXBean#getHeapMemoryUsage()}, live objects and garbage
 * not yet collected) and the resident set size ({@code VmRSS} of {@code /proc/self/status}), which
 * also counts native memory such as RocksDB's block cache and memtables. A peak between two samples
 * is missed. Everything in the JVM counts: the embedded Kafka broker, and heap that an earlier
 * contender made the JVM commit (the JVM seldom gives committed heap back), hence the resident size
 * at the start is kept too.
 */
final class MemoryPeak implements AutoCloseable {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final long PERIOD_MILLIS = 100;

    /** Bytes; the resident sizes are -1 where {@code /proc/self/status} cannot be read. */
    record Figures(long heapUsedPeak, long rssAtStart, long rssPeak) {}

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong heapPeak = new AtomicLong();
    private final AtomicLong rssPeak = new AtomicLong(-1);
    private final long rssAtStart;
    private final Thread sampler;
    private volatile boolean running = true;

    private MemoryPeak() {
        rssAtStart = residentSetSize();
        rssPeak.set(rssAtStart);
        sample();
        sampler = new Thread(this::loop, "benchmark-memory-peak");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts sampling now. */
    static MemoryPeak start() {
        return new MemoryPeak();
    }

    /** Stops sampling (after one last sample) and returns the peaks. */
    Figures stop() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        return new Figures(heapPeak.get(), rssAtStart, rssPeak.get());
    }

    @Override
    public void close() {
        if (running) {
            stop();
        }
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        rssPeak.accumulateAndGet(residentSetSize(), Math::max);
    }

    /** {@code VmRSS} in bytes, or -1 (not Linux). */
    static long residentSetSize() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    // "VmRSS:     123456 kB"
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
