package dev.effitrain.trainers.progressive;

import dev.effitrain.core.config.Duration;
import dev.effitrain.core.config.DurationUnit;
import dev.effitrain.core.config.ModelConfig;
import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.config.Recipe;
import dev.effitrain.core.config.RecordOverride;
import dev.effitrain.core.config.ScheduleConfig;
import dev.effitrain.core.config.ValidationErrors;
import dev.effitrain.core.grow.GrowthCheck;
import dev.effitrain.core.grow.GrowthSpec;
import dev.effitrain.core.grow.ModelDims;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves and checks a recipe's {@code progressive.stages}: each stage's model, optimizer and
 * schedule (partial overrides of the recipe's), its step range, and the transition into it. The
 * same code runs at validation (where step counts that need the data set's size are skipped) and
 * when training starts (where every duration resolves); problems name the stage's keys.
 */
final class StagePlan {
    static final String SECTION = "progressive";
    private static final Set<String> MODEL_KEYS = Set.of("layers", "d_model", "heads", "mlp_ratio", "mlp_hidden", "dropout");

    private final Recipe recipe;
    private final Steps steps;
    private final ValidationErrors errors;

    /**
     * Converts durations to steps; null when a duration cannot be resolved yet (epochs before the
     * data set is known).
     */
    interface Steps {
        Long of(Duration d);

        Long total();
    }

    private StagePlan(Recipe recipe, Steps steps, ValidationErrors errors) {
        this.recipe = recipe;
        this.steps = steps;
        this.errors = errors;
    }

    /** The stages, or null when {@code errors} received problems. Step fields are 0 where {@code steps} could not resolve them. */
    static List<Stage> resolve(Recipe recipe, Steps steps, ValidationErrors errors) {
        return new StagePlan(recipe, steps, errors).stages();
    }

    /** Steps known before the data set is opened: ba, sp, tok (GPT: seq_len tokens per sample), dur when the run's length is. */
    static Steps beforeData(Recipe recipe) {
        double batch = recipe.train().batchSize();
        double tokens = batch * recipe.model().seqLen();
        Duration run = recipe.train().duration();
        Long total = run == null || run.unit() == DurationUnit.EP ? null
                : run.toSteps(new Duration.StepContext(1, batch, tokens, 0));
        return new Steps() {
            @Override
            public Long of(Duration d) {
                if (d.unit() == DurationUnit.EP || d.unit() == DurationUnit.DUR && total == null) {
                    return null;
                }
                return d.toSteps(new Duration.StepContext(1, batch, tokens, total == null ? 0 : total));
            }

            @Override
            public Long total() {
                return total;
            }
        };
    }

    static Steps of(Duration.StepContext ctx) {
        return new Steps() {
            @Override
            public Long of(Duration d) {
                return d.toSteps(ctx);
            }

            @Override
            public Long total() {
                return ctx.totalSteps();
            }
        };
    }

    private List<Stage> stages() {
        ProgressiveConfig cfg = recipe.section(SECTION, ProgressiveConfig.class);
        List<StageConfig> configs = cfg == null || cfg.stages() == null || cfg.stages().isEmpty()
                ? List.of(new StageConfig(null, null, Map.of(), null, null, null, null, Map.of(), Map.of()))
                : cfg.stages();
        int before = errors.count();
        List<Stage> out = new ArrayList<>();
        Long start = 0L;
        for (int i = 0; i < configs.size(); i++) {
            StageConfig c = configs.get(i);
            String at = SECTION + ".stages[" + i + "]";
            Long end = c == null ? null : end(c, at, start, i == configs.size() - 1);
            out.add(c == null ? null : stage(i, c, at, start == null ? 0 : start, end, out));
            start = end;
        }
        return errors.count() > before ? null : out;
    }

    /** One stage, or null (with problems reported) when its model, optimizer or schedule is invalid. */
    private Stage stage(int i, StageConfig c, String at, long start, Long end, List<Stage> earlier) {
        ModelConfig model = model(c.model(), at + ".model");
        OptimizerConfig opt = c.optimizer() == null || c.optimizer().isEmpty() ? recipe.optimizer()
                : RecordOverride.apply(recipe.optimizer(), c.optimizer(), at + ".optimizer", errors);
        boolean ownSchedule = c.schedule() != null && !c.schedule().isEmpty();
        ScheduleConfig schedule = ownSchedule ? RecordOverride.apply(recipe.schedule(), c.schedule(), at + ".schedule", errors) : null;
        if (model == null || opt == null || ownSchedule && schedule == null) {
            return null;
        }
        ModelDims dims = dims(model);
        long length = end == null ? 0 : end - start;
        long warmup = warmup(c, at, i);
        StageConfig.OptimizerState state = c.optimizerState() == null ? StageConfig.OptimizerState.RESET : c.optimizerState();
        if (i == 0) {
            firstStageHasNoTransition(c, at);
            return new Stage(i, start, end == null ? 0 : end, model, dims, opt, schedule, null, state, warmup, 0, null, -1);
        }
        GrowConfig g = c.grow() == null ? new GrowConfig(null, null, null, null, null, null) : c.grow();
        GrowthSpec spec = new GrowthSpec(g.depth(), g.width(), g.groups(), g.noise() == null ? 0 : g.noise(),
                g.mask() != null && g.mask().value() > 0);
        Stage previous = earlier.get(earlier.size() - 1);
        if (previous != null) {
            checkTransition(previous.dims(), dims, spec, at);
        }
        Long maskSteps = g.mask() == null ? Long.valueOf(0) : steps.of(g.mask());
        long mask = maskSteps == null ? 0 : maskSteps;
        if (end != null && mask > length) {
            errors.at(at + ".grow.mask", "the mask ramp (" + mask + " steps) is longer than the stage (" + length + " steps)");
        }
        int anchor = g.interpolate() == null ? -1 : anchorFor(earlier, dims, g.interpolate(), at);
        return new Stage(i, start, end == null ? 0 : end, model, dims, opt, schedule, spec, state, warmup, mask,
                g.interpolate(), anchor);
    }

    /** The stage's last step + 1; null when it cannot be resolved yet (or the start is unknown for a duration). */
    private Long end(StageConfig c, String at, Long start, boolean last) {
        Long total = steps.total();
        if (c.until() != null && c.duration() != null) {
            errors.at(at + ".duration", "give until or duration, not both");
            return null;
        }
        Long end;
        String key;
        if (c.until() != null) {
            end = steps.of(c.until());
            key = at + ".until";
        } else if (c.duration() != null) {
            Long length = steps.of(c.duration());
            end = length == null || start == null ? null : start + length;
            key = at + ".duration";
        } else if (last) {
            return total;
        } else {
            errors.at(at, "every stage but the last needs until (e.g. 1000ba, 0.3dur) or duration");
            return null;
        }
        if (end == null || start == null) {
            return end;
        }
        if (end <= start) {
            errors.at(key, "the stage is empty: it ends at step " + end + " but starts at step " + start);
        } else if (total != null && end > total) {
            errors.at(key, "ends at step " + end + ", after the run (train.duration is " + total + " steps)");
        } else if (last && total != null && end < total) {
            errors.at(key, "the last stage ends at step " + end + " but the run has " + total
                    + " steps; leave out until/duration on the last stage to train to the end");
        }
        return end;
    }

    private ModelConfig model(Map<String, Object> override, String at) {
        Map<String, Object> o = override == null ? Map.of() : override;
        for (String key : o.keySet()) {
            if (!MODEL_KEYS.contains(key)) {
                errors.at(at + "." + key, "a stage may change only layers, d_model, heads, mlp_ratio, mlp_hidden and dropout");
                return null;
            }
        }
        // a zero-layer model (embeddings, final norm and head) is fine here, though not as a recipe's model
        boolean zeroLayers = o.get("layers") instanceof Number n && n.longValue() == 0;
        Map<String, Object> checked = new HashMap<>(o);
        if (zeroLayers) {
            checked.put("layers", 1);
        }
        ModelConfig m = o.isEmpty() ? recipe.model() : RecordOverride.apply(recipe.model(), checked, at, errors);
        return m == null || !zeroLayers ? m : withLayers(m, 0);
    }

    static ModelConfig withLayers(ModelConfig m, int layers) {
        return new ModelConfig(m.arch(), layers, m.dModel(), m.heads(), m.mlpRatio(), m.mlpHidden(), m.dropout(),
                m.seqLen(), m.vocabSize(), m.tieEmbeddings(), m.embedding(), m.imageSize(), m.patchSize(), m.channels(),
                m.numClasses(), m.pool(), m.posEmbed());
    }

    static ModelDims dims(ModelConfig m) {
        boolean gpt = !"vit".equals(m.arch());
        return new ModelDims(gpt ? ModelDims.Family.GPT : ModelDims.Family.VIT, m.layers(), m.dModel(), m.heads(),
                m.mlpWidth(), gpt && m.tieEmbeddings());
    }

    private void firstStageHasNoTransition(StageConfig c, String at) {
        if (c.grow() != null) {
            errors.at(at + ".grow", "the first stage starts the run: there is no model to grow from");
        }
        if (c.optimizerState() != null) {
            errors.at(at + ".optimizer_state", "applies when a stage follows another; the first stage starts the run");
        }
        if (c.lr() != null) {
            errors.at(at + ".lr", "applies when a stage follows another; the first stage starts the run");
        }
    }

    private void checkTransition(ModelDims from, ModelDims to, GrowthSpec spec, String at) {
        for (GrowthCheck.Problem p : GrowthCheck.check(from, to, spec)) {
            String key = switch (p.field()) {
                case MODEL -> at + ".model";
                case DEPTH -> at + ".grow.depth";
                case WIDTH -> at + ".grow.width";
                case NOISE -> at + ".grow.noise";
                case MASK -> at + ".grow.mask";
            };
            errors.at(key, p.message());
        }
    }

    private int anchorFor(List<Stage> earlier, ModelDims dims, double alpha, String at) {
        if (!(alpha >= 0 && alpha <= 1)) {
            errors.at(at + ".grow.interpolate", "must be in [0, 1], got " + alpha);
            return -1;
        }
        for (int j = earlier.size() - 1; j >= 1; j--) {
            Stage s = earlier.get(j);
            if (s != null && s.shrinks()) {
                ModelDims anchor = earlier.get(j - 1) == null ? null : earlier.get(j - 1).dims();
                if (anchor != null && !anchor.equals(dims)) {
                    errors.at(at + ".grow.interpolate", "interpolates with the model before the coalesce at "
                            + SECTION + ".stages[" + j + "] (" + anchor.describe() + "), but this stage's model is "
                            + dims.describe());
                    return -1;
                }
                return j;
            }
        }
        errors.at(at + ".grow.interpolate", "interpolation needs an earlier stage that coalesced (the V-cycle's way down)");
        return -1;
    }

    private long warmup(StageConfig c, String at, int index) {
        if (c.warmup() != null && c.lr() != StageConfig.LrMode.REWARM) {
            errors.at(at + ".warmup", "applies only with lr: rewarm");
        }
        if (c.lr() != StageConfig.LrMode.REWARM || index == 0) {
            return 0;
        }
        if (c.schedule() != null && !c.schedule().isEmpty()) {
            errors.at(at + ".lr", "this stage has its own schedule (with its own warmup); rewarm applies to the run's schedule");
            return 0;
        }
        Duration w = c.warmup() != null ? c.warmup() : recipe.schedule().warmup();
        Long n = w == null ? Long.valueOf(0) : steps.of(w);
        if (n != null && n == 0) {
            errors.at(c.warmup() != null ? at + ".warmup" : at + ".lr",
                    "rewarm needs a warmup of at least one step (set warmup: on the stage, or schedule.warmup)");
        }
        return n == null ? 0 : n;
    }

}
