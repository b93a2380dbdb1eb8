package dev.effitrain.core.report;

import java.util.ArrayList;
import java.util.List;

/** One logged value of a metric at an optimizer step. */
public record Sample(long step, double value) {

    /** The points with finite values: NaN or infinite losses (a diverged run) cannot be drawn or compared. */
    public static List<Sample> finiteOnly(List<Sample> samples) {
        List<Sample> out = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            if (Double.isFinite(s.value())) {
                out.add(s);
            }
        }
        return out;
    }
}
