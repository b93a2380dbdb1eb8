package dev.effitrain.core.data.image;

/**
 * Derives independent 64-bit seeds from (run seed, purpose, indices) with the SplitMix64 finaliser,
 * so every random decision (shuffle of an epoch, augmentation of one sample, synthetic image i) is a
 * pure function of its coordinates: no shared RNG state, identical across threads and resumes.
 */
final class Seeds {
    static final long SHUFFLE = 0x5348_5546_464cL;
    static final long AUGMENT = 0x4155_4745_4e54L;
    static final long HOLDOUT = 0x484f_4c44_4f55L;
    static final long SYNTHETIC = 0x5359_4e54_4845L;

    private Seeds() {
    }

    static long mix(long seed, long purpose, long... indices) {
        long h = finalise(seed ^ finalise(purpose));
        for (long i : indices) {
            h = finalise(h + 0x9E37_79B9_7F4A_7C15L + i);
        }
        return h;
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
