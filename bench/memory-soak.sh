#!/usr/bin/env bash
# Memory stays flat over a long run: trains a small GPT for N steps (default 5000) and prints the
# process RSS logged every 250 steps (metrics.jsonl rss_mb), plus the growth between the first
# and second half of the run.
# Usage: bench/memory-soak.sh [steps] [threads]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STEPS="${1:-5000}"
THREADS="${2:-1}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
EFFITRAIN_OPTS="-Dai.djl.pytorch.num_threads=$THREADS" "$ROOT/effitrain" run "$ROOT/recipes/quickstart.yaml" \
  --set output="$OUT/run" --set model.layers=2 --set model.d_model=64 --set model.heads=2 --set model.seq_len=32 \
  --set train.batch_size=8 --set train.duration="${STEPS}ba" --set train.log_every=250ba \
  --set train.eval_every=1000ba --set train.checkpoint_every=1000ba --set train.keep_last=1 >/dev/null 2>"$OUT/err" \
  || { cat "$OUT/err"; exit 1; }
python3 - "$OUT/run/metrics.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
train = [r for r in rows if r["event"] == "train"]
print("step   rss_mb")
for r in train:
    print(f"{r['step']:>5}  {r['rss_mb']:7.1f}")
half = len(train) // 2
print(f"RSS at step {train[half]['step']}: {train[half]['rss_mb']:.1f} MB, at step {train[-1]['step']}: {train[-1]['rss_mb']:.1f} MB "
      f"(growth over the second half: {train[-1]['rss_mb'] - train[half]['rss_mb']:+.1f} MB); peak {train[-1]['peak_rss_mb']:.1f} MB")
PY
