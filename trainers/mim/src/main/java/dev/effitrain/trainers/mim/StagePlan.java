package dev.effitrain.trainers.mim;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.config.Duration;
import java.util.ArrayList;
import java.util.List;

/** The progressive stages of a run resolved to steps: which resolution and mask ratio each step uses. */
final class StagePlan {

    /** One stage: steps [start, end) at {@code imageSize} with {@code maskRatio}; the last one runs on. */
    record Stage(int index, long start, long end, int imageSize, double maskRatio) {
    }

    private final List<Stage> stages;

    private StagePlan(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    /** The stage a run is in before any step: the first configured one, or the whole run at its own settings. */
    static Stage first(MaeConfig mae, int imageSize) {
        if (mae.stages().isEmpty()) {
            return new Stage(0, 0, Long.MAX_VALUE, imageSize, mae.maskRatio());
        }
        MaeConfig.Stage s = mae.stages().get(0);
        return new Stage(0, 0, Long.MAX_VALUE, size(s, imageSize), ratio(s, mae));
    }

    /**
     * @throws EffitrainException (usage) when the stage ends do not increase once resolved to steps
     */
    static StagePlan resolve(MaeConfig mae, int imageSize, Duration.StepContext ctx) {
        List<Stage> out = new ArrayList<>();
        if (mae.stages().isEmpty()) {
            out.add(first(mae, imageSize));
            return new StagePlan(out);
        }
        long start = 0;
        for (int i = 0; i < mae.stages().size(); i++) {
            MaeConfig.Stage s = mae.stages().get(i);
            boolean last = i == mae.stages().size() - 1;
            long end = s.until().toSteps(ctx);
            if (end <= start) {
                throw EffitrainException.usage("mae.stages[" + i + "].until: " + s.until() + " is step " + end
                        + ", not after the previous stage's end (step " + start + ")");
            }
            out.add(new Stage(i, start, last ? Long.MAX_VALUE : end, size(s, imageSize), ratio(s, mae)));
            start = end;
        }
        return new StagePlan(out);
    }

    /** The stage that the step after {@code completedSteps} steps belongs to. */
    Stage at(long completedSteps) {
        for (Stage s : stages) {
            if (completedSteps < s.end()) {
                return s;
            }
        }
        return stages.get(stages.size() - 1);
    }

    List<Stage> stages() {
        return stages;
    }

    private static int size(MaeConfig.Stage s, int imageSize) {
        return s.imageSize() == null ? imageSize : s.imageSize();
    }

    private static double ratio(MaeConfig.Stage s, MaeConfig mae) {
        return s.maskRatio() == null ? mae.maskRatio() : s.maskRatio();
    }
}
