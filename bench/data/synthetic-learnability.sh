#!/usr/bin/env bash
# Trains a tiny ViT on the built-in synthetic images and prints validation accuracy.
# Usage: bench/data/synthetic-learnability.sh [steps=300] [image_size=28] [channels=1]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/data/classpath.sh
exec java -Dai.djl.pytorch.num_threads="${THREADS:-2}" -cp "$CP" dev.effitrain.core.data.image.SyntheticLearnability "$@"
