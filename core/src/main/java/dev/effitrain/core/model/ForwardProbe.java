package dev.effitrain.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a forward pass shows of an instability coming (Wortsman et al., "Small-scale proxies for
 * large-scale Transformer training instabilities", arXiv:2309.14322): the largest attention logit
 * |q·k|/√d over every layer, head and allowed query-key pair, and the RMS of the output logits.
 * It reads only while armed (the loop arms it on logged steps), so other steps pay nothing; each
 * reading copies one scalar to the host.
 */
public final class ForwardProbe {
    /** A probe that is never armed: the models' default. */
    public static final ForwardProbe OFF = new ForwardProbe();

    private boolean armed;
    private double maxAttentionLogit = Double.NEGATIVE_INFINITY;
    private double sumSquares;
    private long logitCount;

    /** Records from the next forward passes until {@link #drain}. */
    public void arm() {
        if (this == OFF) {
            throw new IllegalStateException("ForwardProbe.OFF is never armed");
        }
        armed = true;
    }

    public boolean armed() {
        return armed;
    }

    /** Scaled scores (..., R, T) before the additive mask (broadcastable, ≤ 0; masked pairs are left out). */
    void attentionScores(NDArray scores, NDArray additiveMask) {
        if (!armed) {
            return;
        }
        NDArray magnitude = scores.stopGradient().toType(DataType.FLOAT32, false).abs();
        if (additiveMask != null) {
            magnitude = magnitude.add(additiveMask);   // a masked pair drops to about -1e9
        }
        maxAttentionLogit = Math.max(maxAttentionLogit, magnitude.max().getFloat());
    }

    /** Output logits (..., V) of one forward pass. */
    void logits(NDArray logits) {
        if (!armed) {
            return;
        }
        NDArray x = logits.stopGradient().toType(DataType.FLOAT32, false);
        sumSquares += x.square().sum().getFloat();
        logitCount += x.size();
    }

    /**
     * {@code max_attn_logit} and {@code logit_rms} of the passes since {@link #arm} (each only when
     * seen), then disarms and forgets them.
     */
    public Map<String, Object> drain() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (maxAttentionLogit > Double.NEGATIVE_INFINITY) {
            out.put("max_attn_logit", maxAttentionLogit);
        }
        if (logitCount > 0) {
            out.put("logit_rms", Math.sqrt(sumSquares / logitCount));
        }
        armed = false;
        maxAttentionLogit = Double.NEGATIVE_INFINITY;
        sumSquares = 0;
        logitCount = 0;
        return out;
    }
}
