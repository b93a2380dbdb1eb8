#!/usr/bin/env bash
# Whole training step, 32-bit vs 8-bit optimizer state, in one run: recipes/gpt-adamw32.yaml and
# recipes/gpt-adamw8bit.yaml (GPT on fortunes, batch 16 x 128 tokens) take turns for ROUNDS rounds;
# each reports its median step time after step 50 and the ratio of the medians over rounds.
# Usage: bench/optim/step-time.sh [steps=150] [rounds=3]
# Environment: BENCH_THREADS (2), OMP_WAIT_POLICY (ACTIVE: run it on an otherwise idle machine).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
STEPS="${1:-150}"
ROUNDS="${2:-3}"
THREADS="${BENCH_THREADS:-2}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
export OMP_NUM_THREADS="$THREADS" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-ACTIVE}"
export EFFITRAIN_OPTS="-Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1"
for r in $(seq 1 "$ROUNDS"); do
  for opt in adamw32 adamw8bit; do
    "$ROOT/effitrain" run "$ROOT/recipes/gpt-$opt.yaml" --set output="$OUT/$opt-$r" --set train.duration="${STEPS}ba" \
      --set train.log_every=10ba --set train.eval_every=0 --set train.checkpoint_every=0 >/dev/null 2>"$OUT/err" \
      || { cat "$OUT/err"; exit 1; }
  done
done
PYTHONPATH="$ROOT/bench/lib" python3 - "$OUT" "$ROUNDS" <<'PY'
import os, statistics, sys
from step_median import median
out, rounds = sys.argv[1], int(sys.argv[2])
res = {o: [median(os.path.join(out, f"{o}-{r}")) for r in range(1, rounds + 1)] for o in ("adamw32", "adamw8bit")}
for o, v in res.items():
    print(f"{o:10s} step ms (median per round): " + ", ".join(f"{x:.1f}" for x in v) + f"   median {statistics.median(v):.1f}")
ratios = [b / a for a, b in zip(res["adamw32"], res["adamw8bit"])]
print("8-bit / 32-bit step time per round: " + ", ".join(f"{x:.3f}" for x in ratios)
      + f"   ratio of medians {statistics.median(res['adamw8bit']) / statistics.median(res['adamw32']):.3f}")
PY
