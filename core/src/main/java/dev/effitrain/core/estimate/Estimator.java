package dev.effitrain.core.estimate;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.metrics.MatmulCeiling;
import dev.effitrain.core.metrics.SystemStats;
import dev.effitrain.core.spi.TrainerModule;
import dev.effitrain.core.train.Devices;
import dev.effitrain.core.train.ResumeOutlook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Estimates a run before it starts ({@code effitrain estimate}, {@code run --dry-run}). The trainer
 * builds each model the run trains ({@link TrainerModule#plannedModels}); this process's own
 * resident memory stands in for what a run holds before its first step, measured rather than
 * modelled: after the engine has loaded and the matrix-product probe every run makes has run
 * ({@code baseline}), and again as each model is handed over, with the data open and the model
 * built: the largest growth beyond that model's weights is the {@code data} (a progressive MAE run
 * resamples its images for each stage's resolution).
 */
public final class Estimator {

    private Estimator() {
    }

    public static RunEstimate estimate(Recipe recipe, TrainerModule trainer, String resume) throws Exception {
        Device device = Devices.resolve(recipe.device());
        MatmulCeiling ceiling = MatmulCeiling.forDevice(device);
        long baseline = SystemStats.rssBytes();
        List<ModelMemory> models = new ArrayList<>();
        List<PlannedModel> plans = new ArrayList<>();
        long[] data = {0};
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            trainer.plannedModels(recipe, manager, m -> {
                long rss = SystemStats.rssBytes();   // before the optimizer below allocates its state
                ModelMemory memory = ModelMemory.of(m, recipe.train(), manager);
                if (rss >= 0 && baseline >= 0) {
                    data[0] = Math.max(data[0], rss - baseline - memory.weights());
                }
                models.add(memory);
                plans.add(m);
            });
        }
        long totalSteps = plans.stream().mapToLong(PlannedModel::steps).sum();
        Path runDir = Path.of(recipe.output()).toAbsolutePath().normalize();
        ResumeOutlook outlook = ResumeOutlook.of(resume, runDir, totalSteps, recipe.resolvedYaml());
        return new RunEstimate(recipe, device.toString(), models, plans, Math.max(0, baseline), data[0],
                ceiling, runDir, outlook);
    }
}
