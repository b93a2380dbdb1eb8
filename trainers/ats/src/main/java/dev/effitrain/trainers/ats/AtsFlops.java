package dev.effitrain.trainers.ats;

import dev.effitrain.core.model.VitSpec;
import java.util.List;

/**
 * Analytic forward FLOPs of a ViT with ATS, from the tokens each block actually processes
 * (multiply-add = 2 FLOPs; sorting and sampling are not counted).
 */
public final class AtsFlops {
    private AtsFlops() {
    }

    /**
     * An ATS block over {@code in} tokens that keeps {@code out}: qkv for every input token, the
     * CLS row for scoring, then attention rows, projection and MLP for the kept tokens only.
     */
    public static double samplingBlock(VitSpec s, long in, long out) {
        double d = s.dModel();
        return 6.0 * in * d * d + 2.0 * in * d + 4.0 * out * in * d + 2.0 * out * d * d + 4.0 * out * d * s.mlpHidden();
    }

    /** Patch embedding and classification head: what the ViT computes outside its blocks. */
    public static double outsideBlocks(VitSpec s) {
        return s.forwardFlops() - s.layers() * s.blockFlops(s.numPatches() + 1L);
    }

    /**
     * Forward FLOPs of one image.
     *
     * @param samplingBlocks ATS block indices, ascending
     * @param tokensAfter    tokens (CLS included) after each ATS block, same order
     */
    public static double image(VitSpec s, List<Integer> samplingBlocks, int[] tokensAfter) {
        double total = outsideBlocks(s);
        long n = s.numPatches() + 1L;
        int stage = 0;
        for (int i = 0; i < s.layers(); i++) {
            if (stage < samplingBlocks.size() && samplingBlocks.get(stage) == i) {
                long out = tokensAfter[stage++];
                total += samplingBlock(s, n, out);
                n = out;
            } else {
                total += s.blockFlops(n);
            }
        }
        return total;
    }

    /** Per-image FLOPs for a batch: {@code kept.get(stage)[image]}. */
    public static double[] images(VitSpec s, List<Integer> samplingBlocks, List<int[]> kept, int batch) {
        double[] out = new double[batch];
        int[] tokens = new int[kept.size()];
        for (int b = 0; b < batch; b++) {
            for (int st = 0; st < kept.size(); st++) {
                tokens[st] = kept.get(st)[b];
            }
            out[b] = image(s, samplingBlocks, tokens);
        }
        return out;
    }

    /** Per-image FLOPs of what the compacted batch really computed, empty slots included. */
    public static double padded(VitSpec s, List<Integer> samplingBlocks, List<Integer> widths) {
        return image(s, samplingBlocks, widths.stream().mapToInt(Integer::intValue).toArray());
    }
}
