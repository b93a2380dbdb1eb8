#!/usr/bin/env bash
# GPT training throughput and MFU (issue 2 benchmark): 4 layers, d_model 256, 4 heads, seq 128,
# batch 16, 2 libtorch threads, byte-level synthetic text. Reports the median over steps 50..N
# (the first steps warm up the JVM and allocator).
# Usage: bench/gpt-throughput.sh [steps] [threads]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STEPS="${1:-300}"
THREADS="${2:-2}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

EFFITRAIN_OPTS="-Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1" \
OMP_NUM_THREADS="$THREADS" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-ACTIVE}" \
"$ROOT/effitrain" run "$ROOT/recipes/quickstart.yaml" \
  --set output="$OUT/run" --set model.layers=4 --set model.d_model=256 --set model.heads=4 --set model.seq_len=128 \
  --set train.batch_size=16 --set train.duration="${STEPS}ba" --set train.log_every=10ba \
  --set train.eval_every=0 --set train.checkpoint_every=0 --set train.keep_last=1 >/dev/null 2>"$OUT/err" || { cat "$OUT/err"; exit 1; }

python3 - "$OUT/run/metrics.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
start = next(r for r in rows if r["event"] == "start")
train = [r for r in rows if r["event"] == "train" and r["step"] > 50]
tok = statistics.median(r["tokens_per_s"] for r in train)
ms = statistics.median(r["step_ms"] for r in train)
mfu = statistics.median(r["mfu"] for r in train)
ceiling = start["matmul_flops_ceiling"] / 1e9
print(f"tokens/s (median) {tok:,.0f}   step {ms:.1f} ms   MFU {100*mfu:.1f}% of a {ceiling:.0f} GFLOP/s matmul ceiling")
print(f"vs PyTorch eager reference 7,900 tokens/s on this machine: ratio {tok/7900:.2f}")
PY
