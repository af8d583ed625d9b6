package io.brushguard.benchmarks;

import java.lang.management.ManagementFactory;

/** The facts every benchmark table states about the machine it ran on. */
public final class Machine {

    private Machine() {}

    public static String describe() {
        long bytes = 0;
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            bytes = os.getTotalMemorySize();
        }
        return String.format(
                "machine: %d cores, %.1f GiB memory, %s %s, Java %s, max heap %.1f GiB%s",
                Runtime.getRuntime().availableProcessors(),
                bytes / (1024.0 * 1024 * 1024),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / (1024.0 * 1024 * 1024),
                preTouched() ? " (committed and pre-touched at start)" : "");
    }

    /** Whether this JVM touched its whole heap at start ({@code -XX:+AlwaysPreTouch}). */
    static boolean preTouched() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.equals("-XX:+AlwaysPreTouch"));
    }
}
