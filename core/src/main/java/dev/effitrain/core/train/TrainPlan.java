package dev.effitrain.core.train;

import dev.effitrain.core.config.Duration;
import dev.effitrain.core.config.TrainConfig;

/** The recipe's durations resolved to optimizer steps for one workload. */
public record TrainPlan(long totalSteps, long logEvery, long evalEvery, long checkpointEvery,
                        double stepsPerEpoch, Duration.StepContext stepContext) {

    public static TrainPlan resolve(TrainConfig train, long trainSamples, long tokensPerSample) {
        double stepsPerEpoch = Math.max(1.0, (double) trainSamples / train.batchSize());
        Duration.StepContext open = new Duration.StepContext(stepsPerEpoch, train.batchSize(),
                (double) train.batchSize() * tokensPerSample, 0);
        long total = Math.max(1, train.duration().toSteps(open));
        Duration.StepContext ctx = new Duration.StepContext(stepsPerEpoch, train.batchSize(),
                (double) train.batchSize() * tokensPerSample, total);
        return new TrainPlan(total, every(train.logEvery(), ctx), every(train.evalEvery(), ctx),
                every(train.checkpointEvery(), ctx), stepsPerEpoch, ctx);
    }

    /** 0 (or absent) means never; anything else at least every step. */
    private static long every(Duration d, Duration.StepContext ctx) {
        if (d == null || d.value() == 0) {
            return 0;
        }
        return Math.max(1, d.toSteps(ctx));
    }

    public static boolean due(long step, long every) {
        return every > 0 && step % every == 0;
    }
}
