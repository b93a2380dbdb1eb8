package dev.effitrain.core.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * How far a run had got at a given step, on each x axis: cumulative FLOPs, wall seconds and tokens,
 * read from the training lines (and the summary's final totals), interpolated between them. This is
 * what places evaluation points, logged by step only, on the FLOPs and time axes.
 */
public final class Progress {

    private final Map<XAxis, Anchors> counters;
    private final boolean tokensEstimated;

    private Progress(Map<XAxis, Anchors> counters, boolean tokensEstimated) {
        this.counters = counters;
        this.tokensEstimated = tokensEstimated;
    }

    public static Progress of(MetricsLog log, Optional<RunSummary> summary) {
        Map<XAxis, Anchors> counters = new EnumMap<>(XAxis.class);
        RunSummary end = summary.orElse(null);
        OptionalLong finalStep = end == null ? OptionalLong.empty() : end.steps();
        counters.put(XAxis.FLOPS, anchors(log.series("flops"), finalStep, end == null ? OptionalDouble.empty() : end.flops()));
        counters.put(XAxis.TIME, anchors(log.series("wall_s"), finalStep, end == null ? OptionalDouble.empty() : end.wallS()));
        List<Sample> tokens = log.series("tokens");
        boolean estimated = false;
        if (tokens.isEmpty()) {
            tokens = estimateTokens(log);
            estimated = !tokens.isEmpty();
        }
        counters.put(XAxis.TOKENS, anchors(tokens, finalStep, end == null ? OptionalDouble.empty() : end.tokens()));
        return new Progress(counters, estimated);
    }

    /** The value on {@code axis} at {@code step}; NaN when the run did not log that counter. */
    public double at(XAxis axis, double step) {
        if (axis == XAxis.STEP) {
            return step;
        }
        return counters.get(axis).at(step);
    }

    public boolean has(XAxis axis) {
        return axis == XAxis.STEP || !counters.get(axis).isEmpty();
    }

    /** True when tokens were not logged as a running total and had to be reconstructed. */
    public boolean tokensEstimated() {
        return tokensEstimated;
    }

    private static Anchors anchors(List<Sample> logged, OptionalLong finalStep, OptionalDouble finalValue) {
        List<Sample> points = Sample.finiteOnly(logged);
        // The summary's totals close the curve when the last training line came before the end.
        if (finalStep.isPresent() && finalValue.isPresent()) {
            long last = points.isEmpty() ? -1 : points.get(points.size() - 1).step();
            double v = finalValue.getAsDouble();
            if (finalStep.getAsLong() > last && Double.isFinite(v)) {
                points.add(new Sample(finalStep.getAsLong(), v));
            }
        }
        return new Anchors(points);
    }

    /**
     * Running token total from per-line throughput: each logged step processed
     * {@code tokens_per_s * step_ms / 1000} tokens, taken as constant since the previous line.
     */
    private static List<Sample> estimateTokens(MetricsLog log) {
        List<Sample> rate = log.series("tokens_per_s");
        List<Sample> stepMs = log.series("step_ms");
        Map<Long, Double> msAtStep = new HashMap<>();
        stepMs.forEach(s -> msAtStep.put(s.step(), s.value()));
        List<Sample> out = new ArrayList<>();
        double total = 0;
        long prev = 0;
        for (Sample r : rate) {
            Double ms = msAtStep.get(r.step());
            double perStep = ms == null ? Double.NaN : r.value() * ms / 1000.0;
            if (!Double.isFinite(perStep)) {
                continue;
            }
            total += perStep * (r.step() - prev);
            prev = r.step();
            out.add(new Sample(r.step(), total));
        }
        return out;
    }
}
