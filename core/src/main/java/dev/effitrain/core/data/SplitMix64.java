package dev.effitrain.core.data;

/**
 * SplitMix64: a tiny, fully specified random generator. The data order and the synthetic text
 * depend only on this code, never on a JDK's Random implementation, so a checkpoint resumes to the
 * same batches on any Java version.
 */
final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** A seed for an independent stream derived from {@code seed} and a stream number. */
    static long mix(long seed, long stream) {
        return new SplitMix64(seed ^ (0x9E3779B97F4A7C15L * (stream + 1))).nextLong();
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound), without modulo bias. */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long limit = (1L << 32) - ((1L << 32) % bound);
        long r;
        do {
            r = nextLong() >>> 32;
        } while (r >= limit);
        return (int) (r % bound);
    }

    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}
