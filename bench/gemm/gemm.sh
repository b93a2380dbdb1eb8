#!/usr/bin/env bash
# MKL's code paths side by side: DJL's libtorch matrix products with MKL's own choice and with the
# launcher's libeffitrain_mkl_intel.so preloaded (Intel kernels on AMD CPUs), alternating ROUNDS
# times; per shape the median GFLOP/s of each and their ratio.
# Usage: bench/gemm/gemm.sh [threads=2] [rounds=3]    (after ./effitrain has built the distribution)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
THREADS="${1:-2}"
ROUNDS="${2:-3}"
LIB="$ROOT/cli/target/native/libeffitrain_mkl_intel.so"
[[ -f "$LIB" ]] || { echo "bench/gemm/gemm.sh: $LIB not built (needs gcc; run ./effitrain once)" >&2; exit 1; }
CP="$ROOT/cli/target/effitrain-cli-0.1.0.jar:$ROOT/cli/target/lib/*"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
export OMP_NUM_THREADS="$THREADS" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-ACTIVE}"
export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=67108864
run() { java -cp "$CP" -Dai.djl.pytorch.num_threads="$THREADS" "$ROOT/bench/gemm/GemmBench.java" 2>/dev/null; }
for r in $(seq 1 "$ROUNDS"); do
  run >>"$OUT/default"
  LD_PRELOAD="$LIB${LD_PRELOAD:+:$LD_PRELOAD}" run >>"$OUT/intel"
done
python3 - "$OUT" <<'PY'
import collections, statistics, sys
def read(name):
    d = collections.defaultdict(list)
    for line in open(f"{sys.argv[1]}/{name}"):
        m, k, n, g = line.split()
        d[(m, k, n)].append(float(g))
    return d
default, intel = read("default"), read("intel")
print(f"{'M x K x N':>18}  {'MKL default':>11}  {'Intel path':>10}  ratio   (GFLOP/s, medians)")
for shape in default:
    a, b = statistics.median(default[shape]), statistics.median(intel[shape])
    print(f"{' x '.join(shape):>18}  {a:11.0f}  {b:10.0f}  {b / a:.2f}x")
PY
