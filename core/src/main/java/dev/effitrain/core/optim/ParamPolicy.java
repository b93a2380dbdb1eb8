package dev.effitrain.core.optim;

import dev.effitrain.core.EffitrainException;
import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.model.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Per-parameter settings from the optimizer config: weight decay (none on biases, norms and
 * embeddings unless {@code decay_norms_and_biases}), 8-bit or fp32 state (fp32 below
 * {@code min_8bit_size} elements), then the {@code overrides} whose glob matches the parameter
 * name, applied in order (a later match wins). An override's {@code lr} scales with the schedule:
 * the parameter's rate is {@code lr_t · override.lr / optimizer.lr}.
 */
final class ParamPolicy {

    /** What one parameter gets. */
    record Settings(double lrScale, double weightDecay, boolean quantized) {
    }

    private record Override(Pattern pattern, Boolean quantized, Double lrScale, Double weightDecay) {
    }

    private final double weightDecay;
    private final boolean decayAll;
    private final boolean quantizedFamily;
    private final long min8bitSize;
    private final List<Override> overrides = new ArrayList<>();

    ParamPolicy(OptimizerConfig cfg, boolean quantizedFamily) {
        this.weightDecay = cfg.weightDecay();
        this.decayAll = cfg.decayNormsAndBiases();
        this.quantizedFamily = quantizedFamily;
        this.min8bitSize = cfg.min8bitSize();
        List<OptimizerConfig.ParamOverride> list = cfg.overrides() == null ? List.of() : cfg.overrides();
        for (int i = 0; i < list.size(); i++) {
            OptimizerConfig.ParamOverride o = list.get(i);
            String key = "optimizer.overrides[" + i + "]";
            if (o.match() == null || o.match().isBlank()) {
                throw EffitrainException.usage(key + ".match: a glob on parameter names is required, e.g. 'tok_emb.*'");
            }
            Boolean quantized = null;
            if (o.state() != null) {
                String s = o.state().trim().toLowerCase(Locale.ROOT);
                if (s.equals("32bit")) {
                    quantized = false;
                } else if (s.equals("8bit")) {
                    if (!quantizedFamily) {
                        throw EffitrainException.usage(key + ".state: '8bit' needs an 8-bit optimizer (e.g. "
                                + cfg.name() + "8bit), not '" + cfg.name() + "'");
                    }
                    quantized = true;
                } else {
                    throw EffitrainException.usage(key + ".state: '" + o.state() + "' is not a state precision; use 32bit or 8bit");
                }
            }
            Double lrScale = null;
            if (o.lr() != null) {
                if (o.lr() < 0 || !Double.isFinite(o.lr())) {
                    throw EffitrainException.usage(key + ".lr: must be a non-negative number, got " + o.lr());
                }
                lrScale = cfg.lr() == 0 ? 0 : o.lr() / cfg.lr();
            }
            if (o.weightDecay() != null && (o.weightDecay() < 0 || !Double.isFinite(o.weightDecay()))) {
                throw EffitrainException.usage(key + ".weight_decay: must be a non-negative number, got " + o.weightDecay());
            }
            overrides.add(new Override(glob(o.match()), quantized, lrScale, o.weightDecay()));
        }
    }

    Settings resolve(Param p) {
        double wd = decayAll || p.kind() == Param.Kind.WEIGHT ? weightDecay : 0;
        boolean quantized = quantizedFamily && p.numel() >= min8bitSize && !p.fullPrecisionState();
        double lrScale = 1;
        for (Override o : overrides) {
            if (!o.pattern().matcher(p.name()).matches()) {
                continue;
            }
            if (o.quantized() != null) {
                quantized = o.quantized();
            }
            if (o.lrScale() != null) {
                lrScale = o.lrScale();
            }
            if (o.weightDecay() != null) {
                wd = o.weightDecay();
            }
        }
        return new Settings(lrScale, wd, quantized);
    }

    /** {@code *} matches any run of characters (dots included), {@code ?} one character. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString());
    }
}
