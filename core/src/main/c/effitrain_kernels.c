/* libeffitrain_kernels.so's entry for dev.effitrain.core.optim.NativeKernels: which code path runs. */
#include <jni.h>

#include "cpu_features.h"

JNIEXPORT jstring JNICALL Java_dev_effitrain_core_optim_NativeKernels_kernel0(JNIEnv *env, jclass cls) {
    return (*env)->NewStringUTF(env, has_avx2() ? "avx2" : "scalar");
}
