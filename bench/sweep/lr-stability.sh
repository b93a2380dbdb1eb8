#!/usr/bin/env bash
# Learning-rate sensitivity of the quickstart GPT without and with the stability knobs of the
# small-scale-proxies work (model.qk_norm + train.z_loss), as two `effitrain sweep`s over the same
# learning rates and seeds. Prints each sweep's table (final validation loss per learning rate) and
# leaves sensitivity.png and sweep.json in OUT/baseline and OUT/qk-norm-z-loss.
# Usage: bench/sweep/lr-stability.sh [OUT=bench/results/lr-stability] [steps=100] [seeds=1]
# Environment: LRS ("[1e-3,3e-3,1e-2,3e-2]"), Z_LOSS (1e-4), BENCH_THREADS (2),
#   SETS (more --set values for every run, space-separated, e.g. "model.layers=2 model.d_model=64"),
#   EFFITRAIN (the command to run; default the ./effitrain launcher).
# Rerunning the same command continues unfinished sweeps (finished members are skipped).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${1:-$ROOT/bench/results/lr-stability}"
STEPS="${2:-100}"
SEEDS="${3:-1}"
LRS="${LRS:-[1e-3,3e-3,1e-2,3e-2]}"
Z_LOSS="${Z_LOSS:-1e-4}"
THREADS="${BENCH_THREADS:-2}"
EFFITRAIN="${EFFITRAIN:-$ROOT/effitrain}"
export OMP_NUM_THREADS="$THREADS"
export EFFITRAIN_OPTS="${EFFITRAIN_OPTS:--Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1}"
mkdir -p "$OUT"
common=(--grid "optimizer.lr=$LRS" --seeds "$SEEDS" --set "train.duration=${STEPS}ba" --set train.tensorboard=false
        --set train.eval_every="${STEPS}ba" --set train.checkpoint_every="${STEPS}ba" --set train.on_nonfinite=fail)
for s in ${SETS:-}; do common+=(--set "$s"); done
$EFFITRAIN sweep "$ROOT/recipes/quickstart.yaml" "${common[@]}" --out "$OUT/baseline" 2>"$OUT/baseline.log" \
  || { tail -5 "$OUT/baseline.log"; exit 1; }
$EFFITRAIN sweep "$ROOT/recipes/quickstart.yaml" "${common[@]}" --set model.qk_norm=true --set train.z_loss="$Z_LOSS" \
  --out "$OUT/qk-norm-z-loss" 2>"$OUT/qk-norm-z-loss.log" || { tail -5 "$OUT/qk-norm-z-loss.log"; exit 1; }
echo "== baseline"; cat "$OUT/baseline/sweep.txt"
echo "== qk_norm + z_loss $Z_LOSS"; cat "$OUT/qk-norm-z-loss/sweep.txt"
