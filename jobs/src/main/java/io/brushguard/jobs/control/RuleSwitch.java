package io.brushguard.jobs.control;

import io.brushguard.avro.RiskAlert;
import io.brushguard.jobs.ShadowSplit;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.definition.LiveCatalog;
import io.brushguard.patterns.engine.CatalogUpdate;
import io.brushguard.patterns.engine.ControlledOperator;

import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link ShadowSplit} for a job whose definitions change while it runs: candidates of rules
 * disabled live are dropped, those of rules in shadow mode go to the shadow outputs, the others on
 * to the gate. A candidate of a rule this operator does not know yet (a pattern deployed a moment
 * ago, whose catalog reached the engine first) goes to the shadow outputs: it is never published
 * before the switch knows its flags.
 */
public class RuleSwitch extends ControlledOperator<RiskAlert, RiskAlert> {

    private static final long serialVersionUID = 1L;

    private final LiveCatalog catalog;
    private final double passScore;
    private transient Map<String, RuleMeta> running;
    private transient Counter dropped;

    public RuleSwitch(LiveCatalog catalog, double passScore) {
        this.catalog = catalog;
        this.passScore = passScore;
    }

    @Override
    public void open() throws Exception {
        super.open();
        dropped = getMetricGroup().counter("candidatesOfDisabledRules");
    }

    @Override
    protected void onCatalog(CatalogUpdate update) {
        Map<String, RuleMeta> m = new HashMap<>();
        catalog.entries(update).forEach((id, e) -> m.put(id, e.meta()));
        running = m;
    }

    @Override
    protected void onElement(StreamRecord<RiskAlert> element) {
        RiskAlert candidate = element.getValue();
        RuleMeta meta = running.get(candidate.getRuleId());
        if (meta != null && !meta.enabled()) {
            if (dropped != null) {
                dropped.inc();
            }
            return;
        }
        if (meta != null && !meta.shadow()) {
            output.collect(element);
        } else if (candidate.getScore() >= passScore) {
            output.collect(ShadowSplit.SHADOW_ALERTS, element);
        } else {
            output.collect(ShadowSplit.SHADOW_SIGNALS, element);
        }
    }
}
