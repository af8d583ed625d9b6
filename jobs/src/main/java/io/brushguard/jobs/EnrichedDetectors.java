package io.brushguard.jobs;

import io.brushguard.avro.RiskAlert;
import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.correlation.EnrichedEvent;

import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.ArrayList;
import java.util.List;

/** The detectors that work on correlated order stories, each keyed by its own subject. */
final class EnrichedDetectors {

    private EnrichedDetectors() {}

    static List<DataStream<RiskAlert>> attach(
            DataStream<EnrichedEvent> enriched, DetectionRules rules) {
        List<DataStream<RiskAlert>> out = new ArrayList<>();
        return out;
    }
}
