package dev.effitrain.core.optim;

import ai.djl.ndarray.NDManager;
import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.model.Param;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds an {@link Optimizer} from the recipe's {@code optimizer:} section.
 *
 * <p>Names: the 32-bit {@code adamw, adam, sgd, momentum, lion, rmsprop}; their 8-bit twins
 * (bitsandbytes' block-wise dynamic quantization) {@code adamw8bit, adam8bit, momentum8bit,
 * lion8bit, rmsprop8bit}; and the paper's ablations of AdamW's state format,
 * {@code adamw-linear8bit} (linear map, one absmax per tensor) and
 * {@code adamw-dynamic8bit-noblock} (dynamic map, one absmax per tensor).
 *
 * <p>Hyper-parameters: {@code betas} are (β1, β2) for Adam and Lion, {@code [α]} for RMSprop (as
 * bitsandbytes); when absent, each optimizer's default applies (Adam 0.9/0.999, Lion 0.9/0.99,
 * RMSprop α 0.99). {@code momentum} and {@code nesterov} are for sgd/momentum; momentum and
 * momentum8bit need momentum > 0. {@code block_size} 0 means 256.
 */
public final class Optimizers {

    private static final String SUFFIX_8BIT = "8bit";
    private static final String LINEAR_ABLATION = "adamw-linear8bit";
    private static final String NOBLOCK_ABLATION = "adamw-dynamic8bit-noblock";

    public static final List<String> NAMES = List.of(
            "adamw", "adam", "sgd", "momentum", "lion", "rmsprop",
            "adamw8bit", "adam8bit", "momentum8bit", "lion8bit", "rmsprop8bit",
            LINEAR_ABLATION, NOBLOCK_ABLATION);

    /** A checkpoint key that is optimizer state of a parameter: group 1 is the parameter name. */
    private static final Pattern STATE_KEY = Pattern.compile(
            "(.+)\\.(exp_avg|exp_avg_sq|momentum_buffer|square_avg|state\\d+\\.codes|state\\d+\\.absmax)");

    private Optimizers() {
    }

    /**
     * Optimizer-state bytes per parameter from a checkpoint's tensor sizes (key → bytes), counted
     * as {@link Optimizer#stateBytesPerParam()} counts them (step counters and maps left out), so
     * {@code inspect} can report them from a safetensors header alone.
     */
    public static Map<String, Long> stateBytesPerParam(Map<String, Long> tensorBytes) {
        Map<String, Long> perParam = new TreeMap<>();
        tensorBytes.forEach((key, bytes) -> {
            Matcher m = STATE_KEY.matcher(key);
            if (m.matches()) {
                perParam.merge(m.group(1), bytes, Long::sum);
            }
        });
        return perParam;
    }

    /** The native CPU kernels the 8-bit optimizers and AdamW use ("avx2", "scalar"), or why tensor ops run instead. */
    public static String nativeKernels() {
        String k = NativeKernels.kernel();
        return k != null ? k : "none (tensor ops; not built, not loadable, or -Deffitrain.native=false)";
    }

    /** True for the names whose state is (partly) 8-bit. */
    public static boolean isQuantized(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return NAMES.contains(n) && (n.endsWith(SUFFIX_8BIT) || n.equals(NOBLOCK_ABLATION));
    }

    /**
     * @throws EffitrainException (usage) for an unknown name or an impossible hyper-parameter,
     *                            naming the recipe key
     */
    public static Optimizer create(OptimizerConfig cfg, List<Param> params, NDManager parent) {
        String name = cfg.name() == null ? "" : cfg.name().trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
            throw EffitrainException.usage("optimizer.name: unknown optimizer '" + cfg.name()
                    + "'; valid: " + String.join(", ", NAMES));
        }
        checkCommon(cfg);
        StateFormat format;
        String base;
        if (name.equals(LINEAR_ABLATION)) {
            format = StateFormat.tensorwiseLinear();
            base = "adamw";
        } else if (name.equals(NOBLOCK_ABLATION)) {
            format = StateFormat.tensorwiseDynamic();
            base = "adamw";
        } else if (name.endsWith(SUFFIX_8BIT)) {
            format = StateFormat.blockwiseDynamic(cfg.blockSize() == 0 ? StateFormat.DEFAULT_BLOCK_SIZE : cfg.blockSize());
            base = name.substring(0, name.length() - SUFFIX_8BIT.length());
        } else {
            format = StateFormat.fp32();
            base = name;
        }
        UpdateRule rule = rule(base, cfg);
        return new RuleOptimizer(name, rule, format, new ParamPolicy(cfg, format.quantized()), params, parent);
    }

    private static UpdateRule rule(String base, OptimizerConfig cfg) {
        return switch (base) {
            case "adamw", "adam" -> new AdamRule(beta(cfg, 0, 0.9), beta(cfg, 1, 0.999), cfg.eps(), base.equals("adamw"));
            case "lion" -> new LionRule(beta(cfg, 0, 0.9), beta(cfg, 1, 0.99));
            case "rmsprop" -> new RmsPropRule(beta(cfg, 0, 0.99), cfg.eps());
            case "sgd" -> momentumRule(cfg, false);
            case "momentum" -> momentumRule(cfg, true);
            default -> throw new IllegalStateException("no update rule for " + base);
        };
    }

    private static UpdateRule momentumRule(OptimizerConfig cfg, boolean momentumRequired) {
        if (cfg.momentum() < 0 || !Double.isFinite(cfg.momentum())) {
            throw EffitrainException.usage("optimizer.momentum: must be >= 0, got " + cfg.momentum());
        }
        if (momentumRequired && cfg.momentum() == 0) {
            throw EffitrainException.usage("optimizer.momentum: '" + cfg.name()
                    + "' needs momentum > 0 (e.g. 0.9); use 'sgd' for plain SGD");
        }
        if (cfg.nesterov() && cfg.momentum() == 0) {
            throw EffitrainException.usage("optimizer.nesterov: Nesterov needs momentum > 0");
        }
        return new MomentumRule(cfg.momentum(), cfg.nesterov());
    }

    private static double beta(OptimizerConfig cfg, int i, double fallback) {
        List<Double> betas = cfg.betas();
        if (betas == null || betas.size() <= i || betas.get(i) == null) {
            return fallback;
        }
        double b = betas.get(i);
        if (!(b >= 0 && b < 1)) {
            throw EffitrainException.usage("optimizer.betas[" + i + "]: must be in [0, 1), got " + b);
        }
        return b;
    }

    private static void checkCommon(OptimizerConfig cfg) {
        nonNegative("optimizer.lr", cfg.lr());
        nonNegative("optimizer.eps", cfg.eps());
        nonNegative("optimizer.weight_decay", cfg.weightDecay());
        if (cfg.betas() != null && cfg.betas().size() > 2) {
            throw EffitrainException.usage("optimizer.betas: at most two values, got " + cfg.betas());
        }
        if (cfg.blockSize() < 0) {
            throw EffitrainException.usage("optimizer.block_size: must be positive (256 default, 2048 as in the paper), got "
                    + cfg.blockSize());
        }
        if (cfg.min8bitSize() < 0) {
            throw EffitrainException.usage("optimizer.min_8bit_size: must be >= 0, got " + cfg.min8bitSize());
        }
    }

    private static void nonNegative(String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw EffitrainException.usage(key + ": must be a non-negative number, got " + v);
        }
    }
}
