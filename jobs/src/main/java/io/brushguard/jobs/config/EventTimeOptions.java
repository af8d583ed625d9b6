package io.brushguard.jobs.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;

/** How event time and watermarks are derived from the input. */
public final class EventTimeOptions {

    private EventTimeOptions() {}

    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
            ConfigOptions.key("brushguard.event-time.max-out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(2))
                    .withDescription(
                            "How far behind the newest event time of its partition an event may"
                                    + " arrive and still be used. Later events go to the dead-letter"
                                    + " topic with reason LATE. Larger values delay alerts by as"
                                    + " much.");

    public static final ConfigOption<Duration> IDLE_TIMEOUT =
            ConfigOptions.key("brushguard.event-time.idle-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A partition without records for this long stops holding the"
                                    + " watermark back, so a quiet topic does not stall detection.");
}
