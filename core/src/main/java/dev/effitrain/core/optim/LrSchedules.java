package dev.effitrain.core.optim;
import dev.effitrain.core.config.Duration;
import dev.effitrain.core.config.ScheduleConfig;
public final class LrSchedules {
  public static LrSchedule create(ScheduleConfig c, double base, long total, Duration.StepContext ctx) {
    long warm = c.warmup() == null ? 0 : c.warmup().toSteps(ctx);
    return step -> {
      if (step < warm) return base * (step + 1) / warm;
      if (c.name().equals("constant")) return base;
      double p = (double) (step - warm) / Math.max(1, total - warm);
      return c.minLr() + (base - c.minLr()) * 0.5 * (1 + Math.cos(Math.PI * p));
    };
  }
}
