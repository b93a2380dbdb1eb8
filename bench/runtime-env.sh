#!/usr/bin/env bash
# Process-level settings that change a 2-thread CPU training step: libgomp's wait policy and the
# memory allocator. Each setting runs on an idle machine and again beside one busy competing
# process (what CI runners and shared dev boxes look like). The launcher's defaults come from this
# table. Models: the GPT of bench/throughput.sh, or the ViT of recipes/vit-fashion-mnist.yaml at batch
# 128; median step time after step 30.
# Usage: bench/runtime-env.sh [gpt|vit] [steps=70]   (SKIP_JEMALLOC=1 leaves the jemalloc rows out)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODEL="${1:-gpt}"
STEPS="${2:-70}"
case "$MODEL" in
  gpt) RECIPE=(recipes/quickstart.yaml --set model.layers=4 --set model.d_model=256 --set model.heads=4 --set model.seq_len=128) ;;
  vit) RECIPE=(recipes/vit-fashion-mnist.yaml --set train.batch_size=128 --set schedule.warmup=10ba) ;;
  *) echo "bench/runtime-env.sh: model must be gpt or vit" >&2; exit 2 ;;
esac
OUT="$(mktemp -d)"
BURNER=""
trap '[[ -n "$BURNER" ]] && kill "$BURNER" 2>/dev/null; rm -rf "$OUT"' EXIT
export EFFITRAIN_OPTS="-Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1"
LIB=/usr/lib/x86_64-linux-gnu
step_ms() {   # $1 label, then env assignments (word-split on purpose)
  local label="$1"; shift
  # shellcheck disable=SC2048,SC2086
  env $* "$ROOT/effitrain" run "$ROOT/${RECIPE[0]}" "${RECIPE[@]:1}" --set output="$OUT/$label" \
    --set train.duration="${STEPS}ba" --set train.log_every=10ba --set train.eval_every=0 \
    --set train.checkpoint_every=0 >/dev/null 2>"$OUT/err" || { cat "$OUT/err"; exit 1; }
  python3 "$ROOT/bench/lib/step_median.py" "$OUT/$label" --after 30
}
SETTINGS=(
  "OMP_WAIT_POLICY=PASSIVE|OMP_WAIT_POLICY=PASSIVE EFFITRAIN_MALLOC=system"
  "OMP_WAIT_POLICY=ACTIVE|OMP_WAIT_POLICY=ACTIVE EFFITRAIN_MALLOC=system"
  "libgomp default (300k spins)|OMP_WAIT_POLICY= EFFITRAIN_MALLOC=system"
  "GOMP_SPINCOUNT=30000|OMP_WAIT_POLICY= GOMP_SPINCOUNT=30000 EFFITRAIN_MALLOC=system"
  "ACTIVE + jemalloc|OMP_WAIT_POLICY=ACTIVE EFFITRAIN_MALLOC=jemalloc"
)
echo "| setting | idle machine: ms/step | one busy competing process: ms/step |"
echo "|---|---|---|"
for s in "${SETTINGS[@]}"; do
  label="${s%%|*}"; setting="${s#*|}"
  [[ "${SKIP_JEMALLOC:-0}" == 1 && "$setting" == *jemalloc* ]] && continue
  idle=$(step_ms idle "$setting")
  ( while :; do :; done ) & BURNER=$!
  busy=$(step_ms busy "$setting")
  kill "$BURNER"; BURNER=""
  rm -rf "$OUT/idle" "$OUT/busy"
  echo "| $label | $idle | $busy |"
done
