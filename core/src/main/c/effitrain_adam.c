/*
 * One Adam / AdamW step over contiguous fp32 arrays, for the CPU (dev.effitrain.core.optim.NativeAdam).
 *
 * The same float operations in the same order as AdamRule's tensor ops, each rounded on its own
 * (-ffp-contract=off): the moments come out bit for bit the same; the parameter can differ by about
 * an ulp, because libtorch's sqrt does not always round correctly and sqrtf does (NativeAdamTest):
 *   decoupled decay: p = p * (1 - lr*wd)          L2 decay: g = g + p * wd
 *   m = m * b1 + g * (1 - b1)
 *   v = v * b2 + (g * (1 - b2)) * g
 *   p = p - (m / (sqrt(v) / sqrt(1 - b2^t) + eps)) * (lr / (1 - b1^t))
 * One pass that reads p, g, m, v once and writes p, m, v once, instead of about a dozen tensor ops
 * that each stream whole arrays through memory. The gradient is never written.
 */
#include <jni.h>
#include <math.h>
#include <stdint.h>

#include "cpu_features.h"

typedef struct {
    float b1, one_minus_b1, b2, one_minus_b2, sqrt_correction2, eps, step_size;
    float decay_factor; /* AdamW: 1 - lr*wd; else 1 (multiplying by 1 is exact, NaN included) */
    float l2;           /* Adam's L2 coefficient; 0 for AdamW or no decay */
} adam_args;

static inline void adam_one(float *p, const float *g, float *m, float *v, const adam_args *a) {
    float pi = *p;
    float gi = *g;
    pi = pi * a->decay_factor;
    if (a->l2 != 0.0f) {
        gi = gi + pi * a->l2;
    }
    float mi = *m * a->b1 + gi * a->one_minus_b1;
    float vi = *v * a->b2 + (gi * a->one_minus_b2) * gi;
    float denom = sqrtf(vi) / a->sqrt_correction2 + a->eps;
    *p = pi - (mi / denom) * a->step_size;
    *m = mi;
    *v = vi;
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static int64_t adam_avx2(float *p, const float *g, float *m, float *v, int64_t n, const adam_args *a) {
    const __m256 b1 = _mm256_set1_ps(a->b1), omb1 = _mm256_set1_ps(a->one_minus_b1);
    const __m256 b2 = _mm256_set1_ps(a->b2), omb2 = _mm256_set1_ps(a->one_minus_b2);
    const __m256 c2 = _mm256_set1_ps(a->sqrt_correction2), eps = _mm256_set1_ps(a->eps);
    const __m256 step = _mm256_set1_ps(a->step_size), decay = _mm256_set1_ps(a->decay_factor);
    const __m256 l2 = _mm256_set1_ps(a->l2);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 pi = _mm256_loadu_ps(p + i);
        __m256 gi = _mm256_loadu_ps(g + i);
        pi = _mm256_mul_ps(pi, decay);
        if (a->l2 != 0.0f) {
            gi = _mm256_add_ps(gi, _mm256_mul_ps(pi, l2));
        }
        __m256 mi = _mm256_add_ps(_mm256_mul_ps(_mm256_loadu_ps(m + i), b1), _mm256_mul_ps(gi, omb1));
        __m256 vi = _mm256_add_ps(_mm256_mul_ps(_mm256_loadu_ps(v + i), b2),
                                  _mm256_mul_ps(_mm256_mul_ps(gi, omb2), gi));
        __m256 denom = _mm256_add_ps(_mm256_div_ps(_mm256_sqrt_ps(vi), c2), eps);
        pi = _mm256_sub_ps(pi, _mm256_mul_ps(_mm256_div_ps(mi, denom), step));
        _mm256_storeu_ps(p + i, pi);
        _mm256_storeu_ps(m + i, mi);
        _mm256_storeu_ps(v + i, vi);
    }
    return i;
}
#endif

JNIEXPORT void JNICALL Java_dev_effitrain_core_optim_NativeAdam_update0(
        JNIEnv *env, jclass cls, jobject pBuf, jobject gBuf, jobject mBuf, jobject vBuf, jlong n,
        jfloatArray argsArr) {
    float *p = (*env)->GetDirectBufferAddress(env, pBuf);
    const float *g = (*env)->GetDirectBufferAddress(env, gBuf);
    float *m = (*env)->GetDirectBufferAddress(env, mBuf);
    float *v = (*env)->GetDirectBufferAddress(env, vBuf);
    float x[9];
    (*env)->GetFloatArrayRegion(env, argsArr, 0, 9, x);
    adam_args a = {x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8]};
    int64_t i = 0;
#if defined(__x86_64__)
    if (has_avx2()) {
        i = adam_avx2(p, g, m, v, n, &a);
    }
#endif
    for (; i < n; i++) {
        adam_one(p + i, g + i, m + i, v + i, &a);
    }
}
