/*
 * Preloaded by the effitrain launcher on AMD CPUs (EFFITRAIN_MKL_INTEL_PATH, see README).
 *
 * libtorch links Intel MKL for fp32 matrix products. MKL asks this function whether it runs on an
 * Intel CPU; on other vendors it answers false and MKL takes its generic code path, whose sgemm
 * kernels gave 7-18% fewer GFLOP/s here (AMD EPYC with AVX-512, bench/gemm/gemm.sh) than the ones
 * it picks for an Intel CPU with the same instruction sets. MKL still reads the CPU's feature flags to choose among its
 * kernels, so answering true only lifts the vendor check: a CPU without AVX-512 gets AVX2 kernels.
 * libtorch_cpu.so exports the symbol, so a preloaded definition takes precedence over its own.
 */
int mkl_serv_intel_cpu_true(void) { return 1; }
