package dev.effitrain.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.ExitCode;
import dev.effitrain.core.checkpoint.CheckpointLayout;
import dev.effitrain.core.checkpoint.CheckpointStore;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.TrainConfig;
import dev.effitrain.core.json.StrictJson;
import dev.effitrain.core.metrics.MatmulCeiling;
import dev.effitrain.core.metrics.MklCodePath;
import dev.effitrain.core.metrics.RunEnvironment;
import dev.effitrain.core.metrics.RunMetrics;
import dev.effitrain.core.metrics.SystemStats;
import dev.effitrain.core.model.Autocast;
import dev.effitrain.core.model.Param;
import dev.effitrain.core.model.Scalars;
import dev.effitrain.core.optim.GradClip;
import dev.effitrain.core.optim.LrSchedule;
import dev.effitrain.core.optim.LrSchedules;
import dev.effitrain.core.optim.Optimizer;
import dev.effitrain.core.optim.Optimizers;
import dev.effitrain.core.report.RunPlots;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The training loop every trainer shares: micro-batch accumulation, global-norm clipping, the LR
 * schedule, evaluation, metrics, checkpoints, resume and stop-on-signal. Memory stays flat because
 * every forward/backward runs inside an {@link NDScope} and long-lived arrays (parameters, optimizer
 * state) are unregistered from scopes.
 */
public final class TrainLoop {
    private static final Logger LOG = LogManager.getLogger(TrainLoop.class);
    private static final int MAX_CONSECUTIVE_SKIPS = 5;

    private final Recipe recipe;
    private final RunContext ctx;
    private final Workload workload;
    private final NDManager manager;
    private Replicas replicas;
    private final TrainConfig train;
    private final TrainPlan plan;
    private final TrainListener listener;
    private List<Param> params;
    private LoopHook hook = LoopHook.NONE;
    private RunMetrics runMetrics;
    private final RunState state = new RunState();
    private Optimizer optimizer;
    private LrSchedule schedule;
    private CheckpointStore checkpoints;
    private Path lastCheckpoint;
    private OpProfiler profiler;
    private Map<String, Object> environment;   // RunEnvironment: how this run was produced
    private String startedAt;

    public TrainLoop(Recipe recipe, RunContext ctx, Workload workload, NDManager manager) {
        this.recipe = recipe;
        this.ctx = ctx;
        this.workload = workload;
        this.manager = manager;
        this.train = recipe.train();
        this.plan = TrainPlan.resolve(train, workload.trainSamples(), workload.tokensPerSample());
        this.listener = ctx.listener();
        this.params = workload.params().all();
    }

    public TrainPlan plan() {
        return plan;
    }

    /** Installs a hook that may change the model, optimizer or schedule between steps. */
    public TrainLoop withHook(LoopHook hook) {
        this.hook = hook;
        return this;
    }

    /** Trains to the end of the plan and returns the summary (also written to summary.json). */
    public Map<String, Object> run() {
        Optional<Path> from = Resume.resolve(ctx.resume(), ctx.runDir());
        refuseIfComplete(from);   // before anything is written: a finished run stays as it is
        optimizer = Optimizers.create(recipe.optimizer(), params, manager);
        schedule = LrSchedules.create(recipe.schedule(), recipe.optimizer().lr(), plan.totalSteps(), plan.stepContext());
        checkpoints = CheckpointStore.forRun(ctx.runDir());
        state.scaler = train.fp16() ? new LossScaler(train.lossScale()) : null;
        replicas = Replicas.create(train.devices(), manager);
        Resume.restore(from, recipe, ctx, workload, optimizer, state);
        if (from.isPresent()) {
            lastCheckpoint = from.get();
            ctx.resumed(state.step);
        }
        DiskSpace.requireRoomForCheckpoint(checkpoints.dir(), workload.params().arrays().values().stream()
                .mapToLong(a -> a.getShape().size() * a.getDataType().getNumOfBytes()).sum());
        MatmulCeiling ceiling = MatmulCeiling.forDevice(manager.getDevice());
        String status = "completed";
        ExitCode exit = ExitCode.OK;
        Map<String, Double> lastEval = Map.of();
        try (RunMetrics metrics = RunMetrics.open(ctx.runDir(), train.tensorboard())) {
            runMetrics = metrics;
            listener.onStart(workload.describe(), state.step, plan.totalSteps());
            startedAt = RunEnvironment.now();
            environment = RunEnvironment.collect(recipe.baseDir());
            Map<String, Object> start = new LinkedHashMap<>(Map.of("total_steps", plan.totalSteps(), "params", workload.params().numel(),
                    "resumed_from_step", state.step, "mfu_denominator_flops", ceiling.flopsPerSecond(),
                    "mfu_denominator", ceiling.source(),
                    "mkl_code_path", MklCodePath.current(), "device", manager.getDevice().toString(),
                    "libtorch_flavor", EngineFlavor.libtorch(), "precision", train.precision()));
            start.putAll(Map.of("lr", recipe.optimizer().lr(), "min_lr", recipe.schedule().minLr()));   // as resolved (lr_scaling)
            start.put("started_at", startedAt);
            start.put("environment", environment);
            metrics.write(event("start", start));
            ThroughputMeter meter = new ThroughputMeter();
            long wallStart = System.nanoTime();
            long startWall = state.wallNanos;
            int consecutiveSkips = 0;
            profiler = ctx.profile() == null ? null : new OpProfiler(ctx.profile(), ctx.runDir());
            while (state.step < plan.totalSteps()) {
                if (ctx.stopRequested().get()) {
                    if (!savedThisStep()) {
                        saveCheckpoint();
                    }
                    throw new EffitrainException(ExitCode.INTERRUPTED, "interrupted at step " + state.step
                            + "; checkpoint saved to " + lastCheckpoint + "; continue with --resume auto");
                }
                hook.beforeStep(state.step, control);
                params = workload.params().all();
                if (profiler != null) {
                    profiler.beforeStep(state.step);
                }
                long t0 = System.nanoTime();
                double lr = schedule.lr(state.step) * state.lrScale;
                double loss = accumulateGradients();
                boolean scaled = state.scaler != null && Double.isFinite(loss);
                if (scaled) {
                    state.scaler.unscale(params);
                }
                double gradNorm = Double.isFinite(loss) ? GradClip.clipGlobalNorm(params, train.gradClip()) : Double.NaN;
                // with loss scaling, non-finite gradients are an fp16 overflow: skip the step, halve the scale
                boolean overflow = scaled && !Double.isFinite(gradNorm);
                if (!overflow && (!Double.isFinite(loss) || !Double.isFinite(gradNorm))) {
                    consecutiveSkips = handleNonFinite(loss, gradNorm, consecutiveSkips);
                    continue;
                }
                consecutiveSkips = 0;
                if (overflow) {
                    clearGradients();
                } else {
                    optimizer.stepFinite(params, lr);   // a finite global norm means every gradient is finite
                    zeroGradients();
                }
                if (state.scaler != null) {
                    state.scaler.update(overflow);
                }
                long dt = System.nanoTime() - t0;
                state.step++;
                state.samples += train.batchSize();
                state.flops += workload.trainingFlopsPerSample() * train.batchSize();
                state.wallNanos = startWall + (System.nanoTime() - wallStart);
                state.lastLoss = loss;
                meter.add(loss, train.batchSize(), dt);
                if (profiler != null && profiler.afterStep(state.step)) {
                    listener.onEvent("profile", state.step, Map.of("written_to", ctx.runDir().resolve("profile").toString()));
                }
                listener.onStep(state.step, plan.totalSteps(), loss, lr);
                boolean last = state.step == plan.totalSteps();
                if (TrainPlan.due(state.step, plan.logEvery()) || last) {
                    Map<String, Object> m = logLine(meter, lr, gradNorm, ceiling);
                    metrics.write(m);
                    listener.onLog(m);
                    meter.reset();
                }
                if (TrainPlan.due(state.step, plan.evalEvery()) || (last && plan.evalEvery() > 0)) {
                    lastEval = evaluate();
                    metrics.write(event("eval", new LinkedHashMap<>(lastEval)));
                    listener.onEval(state.step, lastEval);
                    RunPlots.write(ctx.runDir());
                }
                if (TrainPlan.due(state.step, plan.checkpointEvery()) || last) {
                    saveCheckpoint();
                }
            }
        } catch (EffitrainException e) {
            status = e.exitCode() == ExitCode.INTERRUPTED ? "interrupted" : e.exitCode() == ExitCode.DIVERGED ? "diverged" : "failed";
            exit = e.exitCode();
            state.optimizerStateBytes = optimizer.stateBytes();
            Summary.write(ctx.runDir(), summary(status, exit, lastEval));
            throw e;
        } finally {
            if (profiler != null) {
                profiler.close();
            }
            state.optimizerStateBytes = optimizer.stateBytes();
            optimizer.close();
            replicas.close();
        }
        Map<String, Object> summary = summary(status, exit, lastEval);
        Summary.write(ctx.runDir(), summary);
        RunPlots.write(ctx.runDir());
        listener.onEnd(summary);
        return summary;
    }

    /** A resume from a checkpoint at or past the end of the plan has nothing to train: exit 0, touching nothing. */
    private void refuseIfComplete(Optional<Path> from) {
        if (from.isEmpty()) {
            return;
        }
        long step = ResumeOutlook.checkpointStep(from.get());
        if (step >= plan.totalSteps()) {
            throw new RunAlreadyComplete(recipe.name(), step, plan.totalSteps());
        }
    }

    /** Forward/backward over train.grad_accum micro-batches; returns the mean loss (NaN if any was non-finite). */
    /**
     * Forward/backward over train.grad_accum micro-batches, each split across the data-parallel
     * replicas (consecutive slices, so the samples are those one device would see); returns the mean
     * loss (NaN if any was non-finite). The replicas' gradients end up summed on the masters.
     */
    private double accumulateGradients() {
        int parts = train.gradAccum() * replicas.count();
        int slice = train.microBatch();   // batch_size / grad_accum / devices
        double lossSum = 0;
        // dropout masks depend only on (seed, step): a resumed run draws the same ones
        Engine.getInstance().setRandomSeed((int) (recipe.seed() * 1_000_003L + state.step));
        replicas.sync(params);
        for (int i = 0; i < train.gradAccum(); i++) {
            for (int r = 0; r < replicas.count(); r++) {
                try (NDScope scope = new NDScope(); Replicas.Scope replica = replicas.use(r)) {
                    Workload.Batch batch = workload.nextTrainBatch(replicas.manager(r), slice);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector();
                         Autocast autocast = Autocast.fp16(train.fp16())) {
                        NDArray loss = workload.forward(batch, true).loss();
                        NDArray share = parts == 1 ? loss : Scalars.div(loss, parts);
                        gc.backward(state.scaler == null ? share : state.scaler.scaled(share));
                        lossSum += loss.getFloat();
                    }
                }
            }
        }
        replicas.reduceGradients(params);
        return lossSum / parts;
    }

    /** Applies train.on_nonfinite to a step whose loss or gradient norm is NaN or infinite. */
    private int handleNonFinite(double loss, double gradNorm, int consecutiveSkips) {
        clearGradients();
        String what = Double.isFinite(loss) ? "gradient norm is " + gradNorm : "loss is " + loss;
        String policy = train.onNonfinite();
        if ("skip".equals(policy) && consecutiveSkips + 1 < MAX_CONSECUTIVE_SKIPS) {
            state.skipped++;
            state.step++;
            listener.onWarning("non-finite " + (Double.isFinite(loss) ? "gradients" : "loss") + " (" + what
                    + ") at step " + state.step + ": batch skipped");
            return consecutiveSkips + 1;
        }
        long failedStep = state.step + 1;
        if ("rollback".equals(policy) && lastCheckpoint != null && state.rollbacks < Rollback.MAX_ROLLBACKS) {
            Rollback.to(lastCheckpoint, workload, optimizer, state, train.rollbackLrFactor());
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("diverged_at_step", failedStep);
            fields.put("loss", loss);
            fields.put("grad_norm", gradNorm);
            fields.put("checkpoint", lastCheckpoint.toString());
            fields.put("lr_scale", state.lrScale);
            fields.put("rollbacks", state.rollbacks);
            runMetrics.write(event("rollback", fields));
            listener.onWarning(what + " at step " + failedStep + ": rolled back to " + lastCheckpoint.getFileName()
                    + ", learning rate x" + state.lrScale + " (rollback " + state.rollbacks + " of "
                    + Rollback.MAX_ROLLBACKS + ")");
            return 0;
        }
        String where = lastCheckpoint == null ? "no checkpoint was saved" : "last good checkpoint: " + lastCheckpoint;
        String why = "skip".equals(policy) ? "; " + MAX_CONSECUTIVE_SKIPS + " steps in a row were non-finite"
                : "rollback".equals(policy) && lastCheckpoint != null
                ? "; gave up after " + state.rollbacks + " rollbacks (learning rate x" + state.lrScale + ")"
                : "rollback".equals(policy) ? "; no checkpoint to roll back to" : "";
        throw new EffitrainException(ExitCode.DIVERGED, "training diverged: " + what + " at step " + failedStep
                + " (" + where + ")" + why + "; lower optimizer.lr or set train.grad_clip");
    }

    /** True when the newest checkpoint of this run is for the current step (a stop need not save it again). */
    private boolean savedThisStep() {
        return lastCheckpoint != null && lastCheckpoint.getParent().equals(checkpoints.dir())
                && CheckpointLayout.stepOf(lastCheckpoint).orElse(-1) == state.step;
    }

    /** Zeroes gradients that may hold NaN or infinities (g - g, as in {@link #zeroGradients}, would keep them). */
    private void clearGradients() {
        for (Param p : params) {
            try (NDArray g = p.array().getGradient()) {
                g.set(new NDIndex("..."), 0f);
            }
        }
    }

    private void zeroGradients() {
        for (Param p : params) {
            try (NDArray g = p.array().getGradient()) {
                g.subi(g);
            }
        }
    }

    private Map<String, Double> evaluate() {
        try (TrainListener.Activity busy = listener.activity("evaluating at step " + state.step);
             NDScope scope = new NDScope(); Autocast autocast = Autocast.fp16(train.fp16())) {
            return workload.evaluate(manager, train.evalBatches());
        }
    }

    private void saveCheckpoint() {
        JsonObject st = new JsonObject();
        st.addProperty("step", state.step);
        st.addProperty("samples", state.samples);
        st.addProperty("flops", state.flops);
        st.addProperty("wall_s", state.wallNanos / 1e9);
        st.addProperty("skipped", state.skipped);
        st.addProperty("lr_scale", state.lrScale);
        st.addProperty("rollbacks", state.rollbacks);
        if (state.scaler != null) {
            st.add("loss_scaler", state.scaler.state());
        }
        st.addProperty("seed", recipe.seed());
        st.addProperty("recipe", recipe.name());
        st.addProperty("trainer", recipe.trainer());
        st.addProperty("optimizer", recipe.optimizer().name());
        st.addProperty("total_steps", plan.totalSteps());
        st.add("data", workload.dataState());
        hook.addCheckpointState(st);
        if (!st.has("model")) {
            st.add("model", StrictJson.tree(recipe.model()));
        }
        if (recipe.initFrom() != null) {
            JsonObject prov = new JsonObject();
            prov.addProperty("init_from", recipe.resolvePath(recipe.initFrom()).toString());
            st.add("provenance", prov);
        }
        try (TrainListener.Activity busy = listener.activity("saving checkpoint at step " + state.step);
             NDScope scope = new NDScope()) {
            // detached views: reading a tensor that requires grad makes libtorch print a deprecation warning
            Map<String, NDArray> model = new LinkedHashMap<>();
            workload.params().arrays().forEach((name, array) -> model.put(name, array.stopGradient()));
            lastCheckpoint = checkpoints.save(state.step, model, optimizer.stateTensors(), st);
        }
        if (train.keepLast() > 0) {
            checkpoints.keepLast(train.keepLast());
        }
        listener.onCheckpoint(state.step, lastCheckpoint);
    }

    private Map<String, Object> logLine(ThroughputMeter meter, double lr, double gradNorm, MatmulCeiling ceiling) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "train");
        m.put("step", state.step);
        m.put("epoch", state.step / plan.stepsPerEpoch());
        m.putAll(hook.logFields());
        m.put("loss", meter.meanLoss());
        m.put("lr", lr);
        m.put("grad_norm", gradNorm);
        if (state.scaler != null) {
            m.put("loss_scale", state.scaler.scale());
        }
        double sps = meter.samplesPerSecond();
        m.put("samples_per_s", sps);
        m.put("tokens_per_s", sps * workload.tokensPerSample());
        m.put("step_ms", meter.meanStepMillis());
        m.put("samples", state.samples);
        m.put("tokens", state.samples * workload.tokensPerSample());
        m.put("flops", state.flops);
        m.put("mfu", ceiling.mfu(sps * workload.trainingFlopsPerSample()));
        m.put("rss_mb", SystemStats.rssBytes() / 1e6);
        m.put("peak_rss_mb", SystemStats.peakRssBytes() / 1e6);
        long gpu = SystemStats.gpuBytes(manager.getDevice());
        if (gpu >= 0) {
            state.peakGpuBytes = Math.max(state.peakGpuBytes, gpu);
            m.put("gpu_mem_mb", gpu / 1e6);
        }
        m.put("optimizer_state_bytes", optimizer.stateBytes());
        m.put("wall_s", state.wallNanos / 1e9);
        return m;
    }

    private Map<String, Object> event(String name, Map<String, ?> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", name);
        m.put("step", state.step);
        m.putAll(fields);
        return m;
    }

    private Map<String, Object> summary(String status, ExitCode exit, Map<String, Double> lastEval) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", recipe.name());
        s.put("trainer", recipe.trainer());
        s.put("status", status);
        s.put("exit_code", exit.code());
        s.put("steps", state.step);
        s.put("total_steps", plan.totalSteps());
        s.put("final_train_loss", state.lastLoss);
        Map<String, Double> eval = new HashMap<>(lastEval);
        s.put("eval", eval);
        s.put("wall_s", state.wallNanos / 1e9);
        s.put("samples", state.samples);
        s.put("tokens", state.samples * workload.tokensPerSample());
        s.put("flops", state.flops);
        s.put("params", workload.params().numel());
        s.put("optimizer", recipe.optimizer().name());
        s.put("optimizer_state_bytes", state.optimizerStateBytes);
        s.put("peak_rss_mb", SystemStats.peakRssBytes() / 1e6);
        if (state.peakGpuBytes > 0) {
            s.put("peak_gpu_mem_mb", state.peakGpuBytes / 1e6);   // the largest at a log line
        }
        s.put("skipped_steps", state.skipped);
        s.put("rollbacks", state.rollbacks);
        s.put("lr_scale", state.lrScale);
        s.put("precision", train.precision());
        if (state.scaler != null) {
            s.put("loss_scale", state.scaler.scale());
            s.put("overflow_steps", state.scaler.overflows());
        }
        s.put("tokens_per_s", state.wallNanos == 0 ? 0 : state.samples * workload.tokensPerSample() / (state.wallNanos / 1e9));
        s.put("last_checkpoint", lastCheckpoint == null ? null : lastCheckpoint.toString());
        s.putAll(workload.summaryExtras());
        s.put("started_at", startedAt);
        s.put("ended_at", RunEnvironment.now());
        s.put("environment", environment);
        return s;
    }

    private final LoopControl control = new LoopControl() {
        @Override
        public NDManager manager() {
            return manager;
        }

        @Override
        public TrainPlan plan() {
            return plan;
        }

        @Override
        public Optimizer optimizer() {
            return optimizer;
        }

        @Override
        public void replaceOptimizer(Optimizer next) {
            if (next != optimizer) {
                optimizer.close();
                optimizer = next;
            }
        }

        @Override
        public LrSchedule schedule() {
            return schedule;
        }

        @Override
        public void replaceSchedule(LrSchedule next) {
            schedule = next;
        }

        @Override
        public void event(String name, Map<String, Object> fields) {
            Map<String, Object> e = TrainLoop.this.event(name, fields);
            runMetrics.write(e);
            listener.onEvent(name, state.step, fields);
        }

        @Override
        public Path checkpoint() {
            saveCheckpoint();
            return lastCheckpoint;
        }
    };

    /** Counters that a checkpoint carries so a resumed run continues them. */
    static final class RunState {
        long step;
        long samples;
        double flops;
        long wallNanos;
        long skipped;
        long rollbacks;        // on_nonfinite: rollback, so far
        double lrScale = 1.0;  // multiplies the schedule's LR; lowered by each rollback
        LossScaler scaler;     // train.precision fp16, else null
        long peakGpuBytes;     // GPU memory in use, the most seen at a log line
        double lastLoss = Double.NaN;
        long optimizerStateBytes;
    }
}
