package dev.effitrain.core.estimate;

import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.TrainConfig;
import dev.effitrain.core.metrics.MatmulCeiling;
import dev.effitrain.core.report.Formats;
import dev.effitrain.core.train.ResumeOutlook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The estimate of one run: memory at its peak, work, time, and what it would do with its run
 * directory. The peak is the largest model the run trains (a progressive run's largest stage).
 */
public final class RunEstimate {

    /**
     * Model FLOP/s as a fraction of the matrix-product ceiling that the wall-time estimate assumes.
     * The bundled recipes reached 1.5-11% on 2 CPU cores (small matrices, elementwise work and the
     * optimizer do not run at the ceiling), so the estimate is good to a factor of about 3.
     */
    public static final double ASSUMED_MFU = 0.05;

    private final Recipe recipe;
    private final String device;
    private final List<ModelMemory> models;
    private final ModelMemory peak;
    private final long baseline;
    private final long data;
    private final long steps;
    private final long samples;
    private final double tokens;
    private final double flops;
    private final double ceilingFlops;
    private final String ceilingSource;
    private final Path runDir;
    private final ResumeOutlook outlook;

    RunEstimate(Recipe recipe, String device, List<ModelMemory> models, List<PlannedModel> plans, long baseline,
                long data, MatmulCeiling ceiling, Path runDir, ResumeOutlook outlook) {
        this.recipe = recipe;
        this.device = device;
        this.models = List.copyOf(models);
        this.peak = models.stream().max(Comparator.comparingLong(ModelMemory::total)).orElse(null);
        this.baseline = baseline;
        this.data = data;
        int batch = recipe.train().batchSize();
        long s = 0;
        double t = 0;
        double f = 0;
        for (PlannedModel p : plans) {
            s += p.steps();
            t += (double) p.steps() * batch * p.tokensPerSample();
            f += (double) p.steps() * batch * p.trainingFlopsPerSample();
        }
        this.steps = s;
        this.samples = s * batch;
        this.tokens = t;
        this.flops = f;
        this.ceilingFlops = ceiling.flopsPerSecond();
        this.ceilingSource = ceiling.source();
        this.runDir = runDir;
        this.outlook = outlook;
    }

    /** Process resident memory at the run's peak: baseline + data + the largest model's memory. */
    public long peakBytes() {
        return baseline + data + (peak == null ? 0 : peak.total());
    }

    public ModelMemory peakModel() {
        return peak;
    }

    public ResumeOutlook outlook() {
        return outlook;
    }

    public long steps() {
        return steps;
    }

    public double flops() {
        return flops;
    }

    public double wallSeconds() {
        return ceilingFlops > 0 ? flops / (ceilingFlops * ASSUMED_MFU) : 0;
    }

    /** The estimate as snake_case keys, for {@code --json}. */
    public Map<String, Object> toMap() {
        TrainConfig train = recipe.train();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", recipe.name());
        m.put("trainer", recipe.trainer());
        m.put("device", device);
        m.put("params", peak == null ? 0 : peak.params());
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("batch_size", train.batchSize());
        batch.put("grad_accum", train.gradAccum());
        batch.put("devices", train.devices());
        batch.put("micro_batch", train.microBatch());
        batch.put("precision", train.precision());
        m.put("batch", batch);
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("peak_bytes", peakBytes());
        memory.put("baseline_bytes", baseline);
        memory.put("data_bytes", data);
        if (peak != null) {
            memory.putAll(bytes(peak));
        }
        memory.put("method", "baseline and data: this process's resident memory, measured; weights, gradients and "
                + "optimizer state: counted on the built model and optimizer; activations: counted per micro-batch "
                + "from the model's shapes");
        m.put("memory", memory);
        if (models.size() > 1) {
            List<Map<String, Object>> stages = new ArrayList<>();
            for (ModelMemory mm : models) {
                Map<String, Object> st = new LinkedHashMap<>();
                st.put("label", mm.label());
                st.put("params", mm.params());
                st.putAll(bytes(mm));
                st.put("total_bytes", mm.total());
                stages.add(st);
            }
            m.put("models", stages);
        }
        m.put("steps", steps);
        m.put("samples", samples);
        m.put("tokens", tokens);
        m.put("flops", flops);
        Map<String, Object> time = new LinkedHashMap<>();
        time.put("wall_s", wallSeconds());
        time.put("matmul_ceiling_flops", ceilingFlops);
        time.put("assumed_mfu", ASSUMED_MFU);
        time.put("method", "FLOPs / (" + ceilingSource + " x assumed MFU); good to a factor of about 3");
        m.put("time", time);
        m.put("run_dir", runDir.toString());
        Map<String, Object> resume = new LinkedHashMap<>();
        resume.put("action", outlook.action());
        resume.put("from_step", outlook.fromStep());
        resume.put("checkpoint", outlook.checkpoint());
        resume.put("note", outlook.note());
        m.put("resume", resume);
        return m;
    }

    private static Map<String, Object> bytes(ModelMemory mm) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("weights_bytes", mm.weights());
        b.put("gradients_bytes", mm.gradients());
        b.put("optimizer_state_bytes", mm.optimizerState());
        b.put("replicas_bytes", mm.replicas());
        b.put("activations_bytes", mm.activations());
        return b;
    }

    /** The estimate for people, one fact a line. */
    public List<String> lines() {
        TrainConfig train = recipe.train();
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "estimate for %s (trainer %s, %s, %s)", recipe.name(), recipe.trainer(),
                device, train.precision()));
        if (peak != null) {
            out.add(String.format(Locale.ROOT, "parameters        %,d%s", peak.params(),
                    models.size() > 1 ? " (largest of " + models.size() + " models: " + peak.label() + ")" : ""));
        }
        out.add(String.format(Locale.ROOT, "peak memory       %s (process resident memory)", mb(peakBytes())));
        out.add(String.format(Locale.ROOT, "  baseline        %s (JVM and libtorch, measured in this process)", mb(baseline)));
        out.add(String.format(Locale.ROOT, "  data            %s (measured while opening it)", mb(data)));
        if (peak != null) {
            out.add(String.format(Locale.ROOT, "  weights         %s%s", mb(peak.weights()), train.fp16() ? " (fp32 master weights)" : ""));
            out.add(String.format(Locale.ROOT, "  gradients       %s", mb(peak.gradients())));
            out.add(String.format(Locale.ROOT, "  optimizer state %s (%s)", mb(peak.optimizerState()), optimizerName()));
            if (peak.replicas() > 0) {
                out.add(String.format(Locale.ROOT, "  replicas        %s (%d data-parallel copies)", mb(peak.replicas()),
                        train.devices() - 1));
            }
            out.add(String.format(Locale.ROOT, "  activations     %s (micro-batch of %d = batch %d / grad_accum %d / devices %d)",
                    mb(peak.activations()), train.microBatch(), train.batchSize(), train.gradAccum(), train.devices()));
        }
        out.add(String.format(Locale.ROOT, "work              %,d steps, %,d samples, %s tokens, %s", steps, samples,
                Formats.si(tokens, ""), Formats.si(flops, "FLOP")));
        out.add(String.format(Locale.ROOT, "wall time         ~%s (FLOPs at %.0f%% of %.1f GFLOP/s; good to a factor of about 3)",
                Formats.duration(wallSeconds()), ASSUMED_MFU * 100, ceilingFlops / 1e9));
        out.add("run directory     " + runDir);
        out.add("on run            " + outlook.describe(steps));
        return out;
    }

    private String optimizerName() {
        return recipe.optimizer().name();
    }

    private static String mb(long bytes) {
        return Formats.bytes(bytes);
    }
}
