package dev.effitrain.core.train;

import dev.effitrain.core.model.ForwardProbe;
import java.util.Map;

/**
 * Arms a {@link ForwardProbe} for the steps that write a log line, and puts what it saw
 * ({@code max_attn_logit}, {@code logit_rms}) on that line of metrics.jsonl.
 */
public final class ProbeHook implements LoopHook {
    private final ForwardProbe probe;

    public ProbeHook(ForwardProbe probe) {
        this.probe = probe;
    }

    @Override
    public void beforeStep(long completedSteps, LoopControl control) {
        long next = completedSteps + 1;
        TrainPlan plan = control.plan();
        if (TrainPlan.due(next, plan.logEvery()) || next == plan.totalSteps()) {
            probe.arm();
        }
    }

    @Override
    public Map<String, Object> logFields() {
        return probe.drain();
    }
}
