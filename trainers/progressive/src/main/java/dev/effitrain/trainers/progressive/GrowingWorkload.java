package dev.effitrain.trainers.progressive;

import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.model.ParamStore;
import dev.effitrain.core.train.Workload;

/** A workload whose model can be replaced between steps; data and its position stay. */
interface GrowingWorkload extends Workload {

    /** A freshly initialised model of {@code cfg} (on the workload's manager), not yet in use. */
    StageModel newModel(ModelConfig cfg);

    StageModel model();

    /** Trains {@code next} from now on and closes the model it replaces. */
    void install(StageModel next);

    @Override
    default ParamStore params() {
        return model().params();
    }

    @Override
    default double trainingFlopsPerSample() {
        return model().trainingFlopsPerSample();
    }
}
