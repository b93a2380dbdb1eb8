package dev.effitrain.trainers.ats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Totals of one evaluation pass: top-1, loss, kept tokens per ATS stage (mean/min/max over
 * images), FLOPs per image from the kept tokens and as computed by the padded batch, and the
 * forward time of the batches that were timed.
 */
public final class EvalStats {
    private final List<Integer> samplingBlocks;
    private long images;
    private long correct;
    private double lossSum;
    private double flopsSum;
    private double paddedFlopsSum;
    private final long[] keptSum;
    private final int[] keptMin;
    private final int[] keptMax;
    private long timedImages;
    private long timedNanos;
    private long warmupNanos;

    /** @param samplingBlocks ATS block indices (empty for the plain model) */
    public EvalStats(List<Integer> samplingBlocks) {
        this.samplingBlocks = List.copyOf(samplingBlocks);
        int n = samplingBlocks.size();
        this.keptSum = new long[n];
        this.keptMin = new int[n];
        this.keptMax = new int[n];
        Arrays.fill(keptMin, Integer.MAX_VALUE);
    }

    /**
     * @param kept      tokens kept per image after each stage
     * @param flops     per-image FLOPs from the kept tokens
     * @param padded    per-image FLOPs of the batch as computed
     * @param nanos     forward time of this batch
     * @param warmup    a warm-up batch: timed only if no other batch is
     */
    public void add(int[] labels, int[] predicted, double lossTimesBatch, List<int[]> kept, double[] flops,
                    double padded, long nanos, boolean warmup) {
        int b = labels.length;
        images += b;
        lossSum += lossTimesBatch;
        for (int i = 0; i < b; i++) {
            if (labels[i] == predicted[i]) {
                correct++;
            }
            flopsSum += flops[i];
        }
        paddedFlopsSum += padded * b;
        for (int st = 0; st < kept.size(); st++) {
            for (int k : kept.get(st)) {
                keptSum[st] += k;
                keptMin[st] = Math.min(keptMin[st], k);
                keptMax[st] = Math.max(keptMax[st], k);
            }
        }
        if (warmup) {
            warmupNanos += nanos;
        } else {
            timedImages += b;
            timedNanos += nanos;
        }
    }

    public long images() {
        return images;
    }

    public double top1() {
        return images == 0 ? 0 : (double) correct / images;
    }

    public double loss() {
        return images == 0 ? 0 : lossSum / images;
    }

    public double gflopsPerImage() {
        return images == 0 ? 0 : flopsSum / images / 1e9;
    }

    public double paddedGflopsPerImage() {
        return images == 0 ? 0 : paddedFlopsSum / images / 1e9;
    }

    /** Forward passes only (data loading excluded), warm-up batches excluded unless there was nothing else. */
    public double imagesPerSecond() {
        if (timedImages == 0) {
            return warmupNanos == 0 ? Double.NaN : images / (warmupNanos / 1e9);
        }
        return timedImages / (timedNanos / 1e9);
    }

    /** Per ATS stage: block index, mean, min and max tokens kept (CLS included). */
    public List<StageTokens> stages() {
        List<StageTokens> out = new ArrayList<>();
        for (int st = 0; st < samplingBlocks.size(); st++) {
            out.add(new StageTokens(samplingBlocks.get(st), images == 0 ? 0 : (double) keptSum[st] / images,
                    images == 0 ? 0 : keptMin[st], keptMax[st]));
        }
        return out;
    }

    /** Tokens after one ATS stage over the evaluated images. */
    public record StageTokens(int block, double mean, int min, int max) {
    }

    /** Flat metrics, each name prefixed (e.g. {@code baseline_}). */
    public Map<String, Double> metrics(String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "val_acc", top1());
        m.put(prefix + "val_loss", loss());
        m.put(prefix + "gflops_per_image", gflopsPerImage());
        m.put(prefix + "images_per_s", imagesPerSecond());
        for (StageTokens s : stages()) {
            m.put(prefix + "tokens_mean_block" + s.block(), s.mean());
            m.put(prefix + "tokens_min_block" + s.block(), (double) s.min());
            m.put(prefix + "tokens_max_block" + s.block(), (double) s.max());
        }
        if (!stages().isEmpty()) {
            m.put(prefix + "gflops_per_image_padded", paddedGflopsPerImage());
        }
        return m;
    }
}
