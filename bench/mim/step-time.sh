#!/usr/bin/env bash
# Step time of MAE pretraining at mask ratio 0.75 vs the same model with the encoder fed every patch,
# and vs a supervised ViT step with the same encoder, side by side in one JVM (they take turns).
# Usage: bench/mim/step-time.sh [batch=256] [rounds=10]   (THREADS=2 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/mim/classpath.sh
export OMP_WAIT_POLICY=PASSIVE   # on shared CPUs, idle OpenMP threads must not spin
exec java -Dai.djl.pytorch.num_threads="${THREADS:-2}" -cp "$CP" dev.effitrain.trainers.mim.MaeStepBenchmark \
  "${1:-256}" "${2:-10}" 28 4 4 128 4 64 2 4 0.75
