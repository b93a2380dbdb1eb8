#!/usr/bin/env bash
# Image loader throughput on Fashion-MNIST at batch 128: augmentation off/on, 0/1/2 prefetch workers.
# Usage: bench/data/loader-bench.sh [seconds_per_round=1.5] [rounds=3] [idx_dir=/usr/share/datasets/fashion-mnist]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/data/classpath.sh
exec java -Xmx2g -Dai.djl.pytorch.num_threads=1 -cp "$CP" dev.effitrain.core.data.image.LoaderBenchmark "$@"
