/* Shared by the kernel files of libeffitrain_kernels.so: whether the CPU runs AVX2 (checked once). */
#ifndef EFFITRAIN_CPU_FEATURES_H
#define EFFITRAIN_CPU_FEATURES_H
#if defined(__x86_64__)
#include <immintrin.h>
static int has_avx2(void) {
    static int cached = -1; /* racing first calls compute the same answer */
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") ? 1 : 0;
    }
    return cached;
}
#else
static int has_avx2(void) {
    return 0;
}
#endif
#endif
