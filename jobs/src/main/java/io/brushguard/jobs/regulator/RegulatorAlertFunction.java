package io.brushguard.jobs.regulator;

import io.brushguard.avro.RegulatorAlert;
import io.brushguard.avro.RiskAlert;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

import java.util.Objects;

/**
 * Maps risk alerts to the regulator feed ({@link RegulatorAlerts#toRegulator}). Holds only where
 * the key is ({@link PseudonymKeySource}) and loads it in {@link #open}, on the task manager: the
 * key is never part of the job graph, and the function is stateless, so it is never in a checkpoint
 * either. A missing or short key fails the task at start-up, before any alert is mapped.
 */
public class RegulatorAlertFunction extends RichMapFunction<RiskAlert, RegulatorAlert> {

    private static final long serialVersionUID = 1L;

    private final PseudonymKeySource keySource;
    private transient Pseudonymizer pseudonyms;

    public RegulatorAlertFunction(PseudonymKeySource keySource) {
        this.keySource = Objects.requireNonNull(keySource, "keySource");
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        pseudonyms = keySource.load();
    }

    @Override
    public RegulatorAlert map(RiskAlert alert) {
        return RegulatorAlerts.toRegulator(alert, pseudonyms);
    }

    @Override
    public void close() {
        pseudonyms = null;
    }
}
