package dev.effitrain.core.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Semantic checks on a bound recipe: each section's own rules ({@link SectionChecks}) and the
 * rules that span sections. Runs before any trainer code, so a recipe that validates does not fail
 * later for a reason visible here.
 */
final class RecipeValidator {

    private static final Pattern DEVICE = Pattern.compile("auto|cpu|gpu|gpu:\\d+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    /** Sources whose validation split is carved out with val_fraction. */
    private static final List<String> SPLIT_BY_FRACTION = SectionChecks.names("synthetic-text", "text", "tokens", "synthetic-image");

    private RecipeValidator() {
    }

    static void validate(RecipeBinder.TopLevel r, List<Binder.DurationAt> durations, Checks c) {
        if (r == null) {
            return;
        }
        if (c.ok("name") && (r.name() == null || !NAME.matcher(r.name()).matches() || r.name().matches("\\.+"))) {
            // '.' and '..' match the pattern but would put the run into (or above) the runs directory itself
            c.error("name", "'" + r.name() + "' is not a valid run name: use letters, digits, '.', '_' and '-', "
                    + "not only dots (it names the run directory)");
        }
        if (c.ok("device") && (r.device() == null || !DEVICE.matcher(r.device()).matches())) {
            c.error("device", "'" + r.device() + "' is not a device: use auto, cpu, gpu or gpu:N");
        }
        if (c.ok("output") && (r.output() == null || r.output().isBlank())) {
            c.missing("output", "required: the run directory, e.g. runs/${name}");
        }
        if (c.ok("init_from") && r.initFrom() != null) {
            SectionChecks.existing(c, "init_from", r.initFrom(), "checkpoint");
        }
        checkSection(r.model(), "model", c);
        checkSection(r.data(), "data", c);
        checkSection(r.optimizer(), "optimizer", c);
        checkSection(r.schedule(), "schedule", c);
        checkSection(r.train(), "train", c);
        contributedNamesFitTheTrainer(r, c);
        if (r.model() != null && r.data() != null) {
            architectureMatchesData(r.model(), r.data(), c);
            durationUnitsMatchData(r.data(), durations, c);
        }
        if (r.optimizer() != null && r.schedule() != null && c.ok("optimizer.lr", "schedule.min_lr")
                && r.optimizer().lr() > 0 && r.schedule().minLr() > r.optimizer().lr()) {
            c.error(c.blame("schedule.min_lr", "optimizer.lr"), "min_lr " + Checks.Numbers.show(r.schedule().minLr())
                    + " is above optimizer.lr " + Checks.Numbers.show(r.optimizer().lr()));
        }
        if (r.schedule() != null && r.train() != null) {
            scheduleFitsRun(r.schedule(), r.train(), c);
        }
        if (r.data() != null && r.train() != null) {
            evaluationHasData(r.data(), r.train(), c);
        }
        for (Binder.DurationAt d : durations) {
            if (d.duration().unit() == DurationUnit.DUR && d.duration().value() > 1) {
                c.error(d.path(), d.duration() + " is more than the whole run: a 'dur' value is a fraction in [0, 1]");
            }
        }
    }

    private static void checkSection(Record section, String key, Checks c) {
        if (section != null) {
            SectionChecks.check(section, key, c);
        }
    }

    /** An architecture or data source a trainer module contributed is built or read by that trainer only. */
    private static void contributedNamesFitTheTrainer(RecipeBinder.TopLevel r, Checks c) {
        if (r.model() != null) {
            fitsTheTrainer("model.arch", r.model().arch(), c.contributions().archs(), r.trainer(), c);
        }
        if (r.data() != null) {
            fitsTheTrainer("data.source", r.data().source(), c.contributions().sources(), r.trainer(), c);
        }
    }

    private static void fitsTheTrainer(String key, String value, Map<String, String> owners, String trainer, Checks c) {
        String owner = value == null ? null : owners.get(value);
        if (owner != null && trainer != null && c.ok(key, "trainer") && !owner.equals(trainer)) {
            c.error(c.blame(key, "trainer"), "'" + value + "' belongs to trainer '" + owner
                    + "'; this recipe's trainer is '" + trainer + "' (use trainer: " + owner + ")");
        }
    }

    private static void architectureMatchesData(ModelConfig m, DataConfig d, Checks c) {
        if (!c.ok("model.arch", "data.source") || !SectionChecks.ARCHS.contains(m.arch())
                || !SectionChecks.SOURCES.contains(d.source())) {
            return;
        }
        boolean text = SectionChecks.TEXT_SOURCES.contains(d.source());
        boolean wantsText = m.arch().equals("gpt");
        if (text != wantsText) {
            List<String> fitting = wantsText ? SectionChecks.TEXT_SOURCES : SectionChecks.IMAGE_SOURCES;
            String at = c.blame("data.source", "model.arch");
            c.error(at, "model.arch " + m.arch() + " needs " + (wantsText ? "a text" : "an image") + " source ("
                    + String.join(", ", fitting) + "), but data.source is " + d.source());
        }
        if (!text && c.userSet("data.tokenizer") && c.ok("data.tokenizer")
                && !SectionChecks.BYTES_TOKENIZER.equals(d.tokenizer())) {
            c.error("data.tokenizer", "applies only to text sources; data.source is " + d.source());
        }
    }

    private static void durationUnitsMatchData(DataConfig d, List<Binder.DurationAt> durations, Checks c) {
        if (!c.ok("data.source") || !SectionChecks.IMAGE_SOURCES.contains(d.source())) {
            return;
        }
        for (Binder.DurationAt at : durations) {
            if (at.duration().unit() == DurationUnit.TOK) {
                c.error(at.path(), at.duration() + ": 'tok' counts tokens of text data, but data.source is "
                        + d.source() + "; use ba, ep or sp");
            }
        }
    }

    private static void scheduleFitsRun(ScheduleConfig s, TrainConfig t, Checks c) {
        Duration run = t.duration();
        if (run == null || s.warmup() == null || !c.ok("train.duration", "schedule.warmup", "schedule.decay")) {
            return;
        }
        if (s.warmup().unit() == run.unit() && s.warmup().value() > run.value()) {
            c.error(c.blame("schedule.warmup", "train.duration"), "warmup " + s.warmup()
                    + " is longer than train.duration " + run);
        } else if ("wsd".equals(s.name()) && s.decay() != null && s.decay().unit() == run.unit()
                && s.warmup().unit() == run.unit() && s.warmup().value() + s.decay().value() > run.value()) {
            c.error(c.blame("schedule.decay", "train.duration"), "warmup " + s.warmup() + " plus decay " + s.decay()
                    + " is longer than train.duration " + run);
        }
    }

    private static void evaluationHasData(DataConfig d, TrainConfig t, Checks c) {
        if (t.evalEvery() != null && t.evalEvery().value() > 0 && d.valFraction() == 0
                && SPLIT_BY_FRACTION.contains(d.source()) && c.ok("train.eval_every", "data.val_fraction")) {
            c.error(c.blame("data.val_fraction", "train.eval_every"), "evaluation (train.eval_every "
                    + t.evalEvery() + ") needs a validation split, but data.val_fraction is 0");
        }
    }
}
