#!/usr/bin/env bash
# Process-level settings that change a 2-thread CPU training step: libgomp's wait policy and the
# memory allocator. Each setting runs on an idle machine and again beside one busy competing
# process (what CI runners and shared dev boxes look like). The launcher's defaults come from this
# table. Model: the GPT of bench/throughput.sh; median step time after step 30.
# Usage: bench/runtime-env.sh [steps=70]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STEPS="${1:-70}"
OUT="$(mktemp -d)"
BURNER=""
trap '[[ -n "$BURNER" ]] && kill "$BURNER" 2>/dev/null; rm -rf "$OUT"' EXIT
export EFFITRAIN_OPTS="-Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1"
LIB=/usr/lib/x86_64-linux-gnu
step_ms() {   # $1 label, then env assignments (word-split on purpose)
  local label="$1"; shift
  # shellcheck disable=SC2048,SC2086
  env $* "$ROOT/effitrain" run "$ROOT/recipes/quickstart.yaml" --set output="$OUT/$label" \
    --set model.layers=4 --set model.d_model=256 --set model.heads=4 --set model.seq_len=128 \
    --set train.duration="${STEPS}ba" --set train.log_every=10ba --set train.eval_every=0 \
    --set train.checkpoint_every=0 >/dev/null 2>"$OUT/err" || { cat "$OUT/err"; exit 1; }
  python3 -c "
import json, statistics
rows = [json.loads(l) for l in open('$OUT/$label/metrics.jsonl') if l.strip()]
print(round(statistics.median(r['step_ms'] for r in rows if r['event'] == 'train' and r['step'] > 30), 1))"
}
SETTINGS=(
  "OMP_WAIT_POLICY=PASSIVE|OMP_WAIT_POLICY=PASSIVE EFFITRAIN_MALLOC=system"
  "OMP_WAIT_POLICY=ACTIVE|OMP_WAIT_POLICY=ACTIVE EFFITRAIN_MALLOC=system"
  "libgomp default (300k spins)|OMP_WAIT_POLICY= EFFITRAIN_MALLOC=system"
  "ACTIVE + jemalloc|OMP_WAIT_POLICY=ACTIVE EFFITRAIN_MALLOC=jemalloc"
  "libgomp default + jemalloc|OMP_WAIT_POLICY= EFFITRAIN_MALLOC=jemalloc"
)
echo "| setting | idle machine: ms/step | one busy competing process: ms/step |"
echo "|---|---|---|"
for s in "${SETTINGS[@]}"; do
  label="${s%%|*}"; setting="${s#*|}"
  idle=$(step_ms idle "$setting")
  ( while :; do :; done ) & BURNER=$!
  busy=$(step_ms busy "$setting")
  kill "$BURNER"; BURNER=""
  rm -rf "$OUT/idle" "$OUT/busy"
  echo "| $label | $idle | $busy |"
done
