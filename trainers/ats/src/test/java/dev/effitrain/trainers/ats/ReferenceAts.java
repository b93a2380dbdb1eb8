package dev.effitrain.trainers.ats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * A loop-by-loop transcription of the official ATS sampling for one image, in double precision:
 * sort ascending, CDF, min-max normalise (offset 0 for an image that lost tokens earlier), grid from
 * the smallest positive CDF value to 1, nearest CDF value per grid point, distinct picks in
 * ascending order.
 */
final class ReferenceAts {
    private ReferenceAts() {
    }

    /**
     * @param scores     one image's patch scores (dead tokens: 0)
     * @param alive      which patch tokens are still in play
     * @param complete   whether the image still has all of its tokens
     * @return kept patch indices, ascending significance
     */
    static int[] select(float[] scores, boolean[] alive, boolean complete, int gridPoints) {
        int p = scores.length;
        Integer[] order = new Integer[p];
        for (int i = 0; i < p; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double[] cdf = new double[p];
        double acc = 0;
        for (int j = 0; j < p; j++) {
            acc += scores[order[j]];
            cdf[j] = acc;
        }
        double offset = complete ? cdf[0] : 0;
        double range = cdf[p - 1] - offset;
        double[] norm = new double[p];
        double start = Double.MAX_VALUE;
        for (int j = 0; j < p; j++) {
            norm[j] = (cdf[j] - offset) / range;
            if (norm[j] > 0 && alive[order[j]]) {
                start = Math.min(start, norm[j]);
            }
        }
        TreeSet<Integer> picked = new TreeSet<>();
        for (int k = 0; k < gridPoints; k++) {
            double y = start + k * (1 - start) / Math.max(1, gridPoints - 1);
            int best = -1;
            double bestDist = Double.MAX_VALUE;
            for (int j = 0; j < p; j++) {
                double d = Math.abs(y - norm[j]);
                if (alive[order[j]] && d < bestDist) {
                    bestDist = d;
                    best = j;
                }
            }
            picked.add(best);
        }
        List<Integer> out = new ArrayList<>();
        for (int j : picked) {
            out.add(order[j]);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
