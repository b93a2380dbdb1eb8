#!/usr/bin/env bash
# ATS on Fashion-MNIST, side by side with the same ViT without ATS (bench/RESULTS.md, section ATS).
#   1. base ViT: recipes/vit-fashion-mnist.yaml shortened to fit the time budget on 2 shared cores:
#      4 layers, d_model 64, CLS pooling, 1 epoch (skipped when bench/out/ats/base has a checkpoint)
#   2. training-free: a sweep of K on the whole test split, and forward wall-clock at several batch
#      sizes with 2 threads and with 1 thread (OMP_WAIT_POLICY=PASSIVE: see below)
#   3. fine-tune FT_STEPS steps with ATS at K=FT_K and, as its baseline, the same steps without ATS
#   4. the same sweeps on both fine-tuned checkpoints
# On a shared 2-core machine, 2 OpenMP threads that spin-wait made training steps 4-8x slower and an
# evaluation pass 20x slower than 1 thread (bench/RESULTS.md), so training runs use 1 thread and the
# measurements run with OMP_WAIT_POLICY=PASSIVE. Results go to bench/out/ats/results.md.
# Usage: bench/ats/ats-bench.sh [FT_K=0.5] [FT_STEPS=200]
set -euo pipefail
cd "$(dirname "$0")/../.."
FT_K="${1:-0.5}"
FT_STEPS="${2:-200}"
OUT=bench/out/ats
RESULT="$OUT/results.md"
export EFFITRAIN_OPTS="-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1"
MODEL=(--set model.layers=4 --set model.d_model=64 --set model.pool=cls)
ATS=(--set ats.blocks=[1,2,3])
SWEEP_K="1.0,0.7,0.5,0.35"
TIMING_K="1.0,${FT_K}"
BATCHES="1,8,32,128"
mkdir -p "$OUT"
: > "$RESULT"

t0=$(date +%s)
if ! ls "$OUT"/base/checkpoints/step-* >/dev/null 2>&1; then
  ./effitrain run recipes/vit-fashion-mnist.yaml --set name=fmnist-small-cls --set output="$OUT/base" "${MODEL[@]}" \
    --set train.duration=1ep --set schedule.warmup=50ba --set train.eval_every=0ba --set train.checkpoint_every=0ba \
    --set train.log_every=50ba
fi
t1=$(date +%s)

source bench/ats/classpath.sh
bench() { # THREADS CHECKPOINT LABEL K_LIST TIMING_K_LIST
  OMP_WAIT_POLICY=PASSIVE java -Xmx3g -Dai.djl.pytorch.num_threads="$1" -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP" \
    dev.effitrain.trainers.ats.AtsBenchmark recipes/vit-ats-eval.yaml "$2" "$3" "$4" "$5" "$BATCHES" "$RESULT" \
    --set init_from="$PWD/$2" "${MODEL[@]}" "${ATS[@]}"
}
bench 2 "$OUT/base" "training-free: ATS plugged into the base ViT (2 threads)" "$SWEEP_K" "$TIMING_K"
bench 1 "$OUT/base" "training-free, forward timing with 1 thread" - "$TIMING_K"
t2=$(date +%s)

FINETUNE=(--set init_from="$PWD/$OUT/base" "${MODEL[@]}" --set train.duration=${FT_STEPS}ba --set schedule.warmup=20ba
          --set optimizer.lr=3.0e-4 --set schedule.min_lr=1.0e-5 --set train.eval_every=0ba --set train.checkpoint_every=0ba
          --set train.log_every=25ba)
./effitrain run recipes/vit-ats-finetune.yaml --set output="$OUT/ft-ats" "${FINETUNE[@]}" "${ATS[@]}" --set "ats.k=[$FT_K]" \
  --set ats.compare_baseline=false
./effitrain run recipes/vit-fashion-mnist.yaml --set name=fmnist-small-cls-ft --set output="$OUT/ft-plain" "${FINETUNE[@]}"
t3=$(date +%s)
bench 2 "$OUT/ft-ats" "after a ${FT_STEPS}-step fine-tune with ATS at K=${FT_K} (2 threads)" "$SWEEP_K" "$TIMING_K"
bench 2 "$OUT/ft-plain" "after a ${FT_STEPS}-step fine-tune without ATS: the baseline's own fine-tune (2 threads)" "$FT_K" -
t4=$(date +%s)
printf 'seconds: base training %d, training-free sweeps %d, fine-tunes %d, fine-tuned sweeps %d, total %d\n' \
  $((t1 - t0)) $((t2 - t1)) $((t3 - t2)) $((t4 - t3)) $((t4 - t0)) | tee -a "$RESULT"
