import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * fp32 matrix-product throughput of DJL's libtorch at the throughput benchmarks' shapes: the GPT's
 * (2048 tokens x 256 <-> 768 / 1024) and the ViT's (6400 tokens x 128 <-> 384 / 128), plus 2048^3.
 * Prints one line per shape: M K N and the best GFLOP/s of 20 timed products after 3 warm-ups.
 * Run by bench/gemm/gemm.sh, which compares MKL's code paths side by side.
 */
public class GemmBench {
    public static void main(String[] args) {
        long[][] shapes = {{2048, 256, 768}, {2048, 256, 1024}, {2048, 1024, 256}, {6400, 128, 384},
                           {6400, 128, 128}, {2048, 2048, 2048}};
        try (NDManager m = NDManager.newBaseManager()) {
            for (long[] s : shapes) {
                NDArray x = m.randomNormal(new Shape(s[0], s[1]));
                NDArray w = m.randomNormal(new Shape(s[1], s[2]));
                double best = Double.MAX_VALUE;
                for (int r = 0; r < 23; r++) {
                    try (NDScope scope = new NDScope()) {
                        long t0 = System.nanoTime();
                        x.matMul(w).getFloat(0, 0);
                        if (r >= 3) {
                            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                        }
                    }
                }
                System.out.printf("%d %d %d %.0f%n", s[0], s[1], s[2], 2.0 * s[0] * s[1] * s[2] / best / 1e9);
            }
        }
    }
}
