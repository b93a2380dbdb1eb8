package dev.effitrain.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Per-section rules that need only the section itself. Whole-recipe rules (data source vs
 * architecture, min_lr vs lr) live in {@link RecipeValidator}. Used for recipes and for records
 * patched with {@link RecordOverride}.
 */
final class SectionChecks {

    static final List<String> ARCHS = names("gpt", "vit");
    static final List<String> TEXT_SOURCES = names("synthetic-text", "text", "tokens");
    static final List<String> IMAGE_SOURCES = names("synthetic-image", "idx", "cifar10", "image-folder");
    static final List<String> SOURCES = names("synthetic-text", "text", "tokens", "synthetic-image", "idx", "cifar10", "image-folder");
    static final List<String> FILE_SOURCES = names("text", "tokens", "idx", "cifar10", "image-folder");
    static final List<String> EMBEDDINGS = names("standard", "stable");
    static final List<String> POOLS = names("cls", "mean");
    static final List<String> POS_EMBEDS = names("learned", "sincos");
    static final List<String> SCHEDULES = names("constant", "linear", "cosine", "wsd");
    static final List<String> ON_NONFINITE = names("fail", "skip", "rollback");
    static final List<String> PRECISIONS = names("fp32", "fp16");
    static final String BYTES_TOKENIZER = "bytes";

    private SectionChecks() {
    }

    /** A constant list whose contains(null) is false (List.of would throw). */
    static List<String> names(String... values) {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    /** Runs the rules for whichever section type {@code section} is; other types have none here. */
    static void check(Object section, String path, Checks c) {
        if (section instanceof ModelConfig m) {
            model(m, path, c);
        } else if (section instanceof DataConfig d) {
            data(d, path, c);
        } else if (section instanceof OptimizerConfig o) {
            optimizer(o, path, c);
        } else if (section instanceof ScheduleConfig s) {
            schedule(s, path, c);
        } else if (section instanceof TrainConfig t) {
            train(t, path, c);
        }
    }

    static void model(ModelConfig m, String p, Checks c) {
        c.oneOf(p + ".arch", m.arch(), c.contributions().allArchs());
        c.atLeast(p + ".layers", m.layers(), 1);
        c.atLeast(p + ".d_model", m.dModel(), 1);
        c.atLeast(p + ".heads", m.heads(), 1);
        c.atLeast(p + ".mlp_ratio", m.mlpRatio(), 1);
        c.atLeast(p + ".mlp_hidden", m.mlpHidden(), 0);
        c.fraction(p + ".dropout", m.dropout());
        c.atLeast(p + ".seq_len", m.seqLen(), 1);
        c.atLeast(p + ".vocab_size", m.vocabSize(), 0);
        c.oneOf(p + ".embedding", m.embedding(), EMBEDDINGS);
        c.atLeast(p + ".image_size", m.imageSize(), 1);
        c.atLeast(p + ".patch_size", m.patchSize(), 1);
        c.atLeast(p + ".channels", m.channels(), 0);
        c.atLeast(p + ".num_classes", m.numClasses(), 0);
        c.oneOf(p + ".pool", m.pool(), POOLS);
        c.oneOf(p + ".pos_embed", m.posEmbed(), POS_EMBEDS);
        String heads = p + ".heads";
        String dModel = p + ".d_model";
        if (c.ok(heads, dModel) && m.heads() > 0 && m.dModel() > 0 && m.dModel() % m.heads() != 0) {
            String at = c.blame(heads, dModel);
            c.error(at, at.equals(heads)
                    ? m.heads() + " does not divide d_model " + m.dModel()
                    : m.dModel() + " is not divisible by heads " + m.heads());
        }
        String patch = p + ".patch_size";
        String image = p + ".image_size";
        if ("vit".equals(m.arch()) && c.ok(patch, image) && m.patchSize() > 0 && m.imageSize() > 0
                && m.imageSize() % m.patchSize() != 0) {
            String at = c.blame(patch, image);
            c.error(at, at.equals(patch)
                    ? m.patchSize() + " does not divide image_size " + m.imageSize()
                    : m.imageSize() + " is not divisible by patch_size " + m.patchSize());
        }
    }

    static void data(DataConfig d, String p, Checks c) {
        c.oneOf(p + ".source", d.source(), c.contributions().allSources());
        c.fraction(p + ".val_fraction", d.valFraction());
        c.atLeast(p + ".num_workers", d.numWorkers(), 0);
        c.atLeast(p + ".synthetic_size", d.syntheticSize(), 1);
        c.atLeast(p + ".random_crop_padding", d.randomCropPadding(), 0);
        String path = p + ".path";
        if (FILE_SOURCES.contains(d.source()) && c.ok(path, p + ".source")) {
            if (d.path() == null || d.path().isBlank()) {
                c.missing(path, "required for source '" + d.source() + "' (a file or directory)");
            } else {
                existing(c, path, d.path(), d.source().equals("image-folder") ? "directory" : "file or directory");
            }
        }
        String tok = p + ".tokenizer";
        if (c.ok(tok)) {
            if (d.tokenizer() == null || d.tokenizer().isBlank()) {
                c.missing(tok, "required: 'bytes' or the path of a HuggingFace tokenizer.json");
            } else if (!d.tokenizer().equals(BYTES_TOKENIZER) && !Files.isRegularFile(Path.of(d.tokenizer()))) {
                c.error(tok, "no such tokenizer file: " + d.tokenizer()
                        + " (use 'bytes' or the path of a HuggingFace tokenizer.json)");
            }
        }
    }

    static void optimizer(OptimizerConfig o, String p, Checks c) {
        c.oneOf(p + ".name", o.name(), OptimizerNames.ALL);
        c.positive(p + ".lr", o.lr());
        String betas = p + ".betas";
        if (c.ok(betas)) {
            if (o.betas() == null || o.betas().size() != 2) {
                c.error(betas, "expected two values [beta1, beta2], got " + (o.betas() == null ? "none" : o.betas().size()));
            }
            for (int i = 0; o.betas() != null && i < o.betas().size(); i++) {
                Double b = o.betas().get(i);
                if (b == null || !(b >= 0 && b < 1)) {
                    c.error(KeyPaths.index(betas, i), "must be in [0, 1), got " + b);
                }
            }
        }
        c.positive(p + ".eps", o.eps());
        c.nonNegative(p + ".weight_decay", o.weightDecay());
        c.fraction(p + ".momentum", o.momentum());
        c.atLeast(p + ".block_size", o.blockSize(), 1);
        c.atLeast(p + ".min_8bit_size", o.min8bitSize(), 0);
        List<OptimizerConfig.ParamOverride> overrides = o.overrides() == null ? List.of() : o.overrides();
        for (int i = 0; i < overrides.size(); i++) {
            OptimizerConfig.ParamOverride po = overrides.get(i);
            String q = KeyPaths.index(p + ".overrides", i);
            if (po == null || !c.ok(q)) {
                continue;
            }
            if (po.match() == null || po.match().isBlank()) {
                c.missing(q + ".match", "required: a glob over parameter names, e.g. 'embed.*'");
            }
            if (po.state() != null) {
                c.oneOf(q + ".state", po.state(), OptimizerNames.STATE_PRECISIONS);
            }
            if (po.lr() != null) {
                c.positive(q + ".lr", po.lr());
            }
            if (po.weightDecay() != null) {
                c.nonNegative(q + ".weight_decay", po.weightDecay());
            }
        }
    }

    static void schedule(ScheduleConfig s, String p, Checks c) {
        c.oneOf(p + ".name", s.name(), SCHEDULES);
        c.required(p + ".warmup", s.warmup(), "0ba for no warmup, or 200ba");
        c.nonNegative(p + ".min_lr", s.minLr());
        if ("wsd".equals(s.name()) && c.ok(p + ".decay")) {
            if (s.decay() == null) {
                c.missing(p + ".decay", "required by the wsd schedule, e.g. 0.2dur");
            } else if (s.decay().value() <= 0) {
                c.error(p + ".decay", "must be greater than 0 for the wsd schedule");
            }
        }
    }

    static void train(TrainConfig t, String p, Checks c) {
        String duration = p + ".duration";
        if (c.ok(duration)) {
            if (t.duration() == null) {
                c.missing(duration, "required, e.g. 1000ba or 2ep");
            } else if (t.duration().unit() == DurationUnit.DUR) {
                c.error(duration, "cannot be a fraction of the run; use ba, ep, tok or sp");
            } else if (t.duration().value() <= 0) {
                c.error(duration, "must be greater than 0");
            }
        }
        c.atLeast(p + ".batch_size", t.batchSize(), 1);
        c.atLeast(p + ".grad_accum", t.gradAccum(), 1);
        String batch = p + ".batch_size";
        String accum = p + ".grad_accum";
        if (c.ok(batch, accum) && t.batchSize() > 0 && t.gradAccum() > 0 && t.batchSize() % t.gradAccum() != 0) {
            String at = c.blame(accum, batch);
            c.error(at, at.equals(accum)
                    ? t.gradAccum() + " does not divide batch_size " + t.batchSize()
                    : t.batchSize() + " is not divisible by grad_accum " + t.gradAccum());
        }
        c.nonNegative(p + ".grad_clip", t.gradClip());
        if (c.ok(p + ".log_every")) {
            if (t.logEvery() == null) {
                c.missing(p + ".log_every", "required, e.g. 10ba");
            } else if (t.logEvery().value() <= 0) {
                c.error(p + ".log_every", "must be greater than 0");
            }
        }
        c.required(p + ".eval_every", t.evalEvery(), "500ba, or 0 for no evaluation");
        c.atLeast(p + ".eval_batches", t.evalBatches(), 0);
        c.required(p + ".checkpoint_every", t.checkpointEvery(), "1000ba, or 0 for a checkpoint only at the end");
        c.atLeast(p + ".keep_last", t.keepLast(), 0);
        c.oneOf(p + ".on_nonfinite", t.onNonfinite(), ON_NONFINITE);
        if (c.ok(p + ".loss_scale") && !(t.lossScale() >= 1 && t.lossScale() < Float.MAX_VALUE)) {
            c.error(p + ".loss_scale", "must be at least 1 and below 3.4e38, got " + Checks.Numbers.show(t.lossScale()));
        }
        if (c.ok(p + ".devices") && t.devices() < 1) {
            c.error(p + ".devices", "must be 1 or more, got " + t.devices());
        } else if (c.ok(p + ".devices", p + ".batch_size", p + ".grad_accum") && t.gradAccum() > 0
                && t.batchSize() % t.gradAccum() == 0 && (t.batchSize() / t.gradAccum()) % t.devices() != 0) {
            c.error(p + ".devices", t.devices() + " devices do not divide the " + t.batchSize() / t.gradAccum()
                    + " samples of a micro-batch (batch_size / grad_accum)");
        }
        if ("bf16".equals(t.precision())) {
            c.error(p + ".precision", "bf16 is not available: DJL's PyTorch engine aborts the JVM on bfloat16 "
                    + "tensors; use fp16 (dynamic loss scaling) or fp32");
        } else {
            c.oneOf(p + ".precision", t.precision(), PRECISIONS);
        }
        String factor = p + ".rollback_lr_factor";
        if (c.ok(factor) && !(t.rollbackLrFactor() > 0 && t.rollbackLrFactor() < 1)) {
            c.error(factor, "must be in (0, 1), got " + Checks.Numbers.show(t.rollbackLrFactor()));
        }
        String every = p + ".checkpoint_every";
        if ("rollback".equals(t.onNonfinite()) && c.ok(every, p + ".on_nonfinite") && t.checkpointEvery() != null
                && t.checkpointEvery().value() == 0) {
            c.error(c.blame(p + ".on_nonfinite", every), "rollback needs checkpoints to roll back to: "
                    + "set train.checkpoint_every (e.g. 100ba)");
        }
    }

    /** Reports a missing file, saying where it looked and how to get well-known data sets. */
    static void existing(Checks c, String keyPath, String file, String what) {
        Path p = Path.of(file);
        if (!Files.exists(p)) {
            c.error(keyPath, p + " does not exist" + installHint(p));
        } else if (what.equals("directory") && !Files.isDirectory(p)) {
            c.error(keyPath, p + " is not a directory");
        } else if (!Files.isReadable(p)) {
            c.error(keyPath, "cannot read " + p + " (permission denied)");
        }
    }

    private static String installHint(Path p) {
        if (p.startsWith("/usr/share/games/fortunes")) {
            return "; install it with: apt-get install fortunes";
        }
        if (p.startsWith("/usr/share/datasets/fashion-mnist")) {
            return "; install it with: apt-get install dataset-fashion-mnist";
        }
        return "";
    }
}
