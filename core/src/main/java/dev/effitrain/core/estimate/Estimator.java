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
 * ({@code baseline}), and again once the recipe's data is open and the first model built (the
 * growth beyond that model's weights is the {@code data}).
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
        long[] ready = {-1};
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            trainer.plannedModels(recipe, manager, m -> {
                if (ready[0] < 0) {
                    ready[0] = SystemStats.rssBytes();
                }
                models.add(ModelMemory.of(m, recipe.train(), manager));
                plans.add(m);
            });
        }
        long data = models.isEmpty() || ready[0] < 0 || baseline < 0 ? 0
                : Math.max(0, ready[0] - baseline - models.get(0).weights());
        long totalSteps = plans.stream().mapToLong(PlannedModel::steps).sum();
        Path runDir = Path.of(recipe.output()).toAbsolutePath().normalize();
        ResumeOutlook outlook = ResumeOutlook.of(resume, runDir, totalSteps, recipe.resolvedYaml());
        return new RunEstimate(recipe, device.toString(), models, plans, Math.max(0, baseline), data,
                ceiling, runDir, outlook);
    }
}
