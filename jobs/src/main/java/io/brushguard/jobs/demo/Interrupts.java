package io.brushguard.jobs.demo;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns the first Ctrl-C into a request to stop cleanly (drain the job, print the summary) instead
 * of killing the JVM under the running job; a second Ctrl-C exits at once.
 */
final class Interrupts {

    private Interrupts() {}

    @SuppressWarnings("restriction")
    static void onCtrlC(AtomicBoolean flag, PrintStream out) {
        try {
            sun.misc.Signal.handle(
                    new sun.misc.Signal("INT"),
                    sig -> {
                        if (flag.getAndSet(true)) {
                            out.println("aborted");
                            Runtime.getRuntime().halt(130);
                        }
                        out.println("\nCtrl-C: finishing cleanly ...");
                    });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // No INT signal on this platform: Ctrl-C ends the JVM without a summary.
        }
    }
}
