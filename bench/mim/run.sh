#!/usr/bin/env bash
# MAE on Fashion-MNIST, 2 threads, through the CLI:
#   1. step time at mask ratio 0.75 vs the same model with the encoder fed every patch (mask ratio 0)
#   2. linear-probe accuracy of a MAE-pretrained encoder vs the same encoder randomly initialised
# Then prints a Markdown summary (bench/mim/summarize.py). About 15 minutes on 2 shared cores.
# Usage: bench/mim/run.sh [pretrain_steps=500] [step_time_steps=40]
set -euo pipefail
cd "$(dirname "$0")/../.."
STEPS="${1:-500}"
TIMED="${2:-40}"
OUT=bench/out/mim
export OMP_WAIT_POLICY=PASSIVE   # on shared CPUs, idle OpenMP threads must not spin
export EFFITRAIN_OPTS="-Dai.djl.pytorch.num_threads=2"
rm -rf "$OUT"
mkdir -p "$OUT"

run() { echo "+ effitrain run $*" | tee -a "$OUT/commands.txt"; ./effitrain run "$@" > "$OUT/$(date +%s%N).log" 2>&1; }

for ratio in 0.75 0.0; do
  run recipes/mae-fashion-mnist.yaml --set mae.mask_ratio=$ratio --set train.duration=${TIMED}ba \
    --set train.log_every=10ba --set train.eval_every=0ba --set train.checkpoint_every=0ba \
    --set mae.recon_images=0 --set output=$OUT/step-time-r$ratio
done
run recipes/mae-fashion-mnist.yaml --set train.duration=${STEPS}ba --set train.eval_every=$((STEPS / 2))ba \
  --set train.checkpoint_every=0ba --set output=$OUT/pretrain
run recipes/mae-linprobe.yaml --set init_from=$OUT/pretrain --set output=$OUT/probe-mae
run recipes/mae-linprobe.yaml --set output=$OUT/probe-random
python3 bench/mim/summarize.py "$OUT"
